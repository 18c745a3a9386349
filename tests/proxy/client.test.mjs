// The proxy used as meant: telnyx-wasm without a key, its baseURL at the
// proxy, runs each of the 12 calls; the proxy adds the key the mock demands.
// Also: the CommonJS entry, and the options a proxy refuses to start with.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Telnyx from 'telnyx-wasm';
import { createProxy } from 'telnyx-wasm/proxy';
import { KEY, MOCK, admin, received, reset, serveProxy } from './helpers.mjs';

let proxy;
before(async () => {
  proxy = await serveProxy();
  await reset();
});
after(() => proxy?.close());

test('a client without a key makes each of the 12 calls through the proxy', async () => {
  // A server-side caller names the page's origin, as a browser would.
  const client = new Telnyx({ baseURL: `${proxy.origin}/proxy`, defaultHeaders: { origin: proxy.origin }, maxRetries: 0 });
  assert.equal(client.apiKey, null);
  const full = (await admin('GET', '/state?full=true')).data;
  const user = full.users[full.users.length - 1].id; // not the owner, who cannot be removed
  const created = await client.managedAccounts.create({ business_name: 'Proxy Co', email: 'p@example.com' });
  const id = created.data.id;
  const list = await client.managedAccounts.list({ page: { size: 5 }, sort: '-created_at', filter: { email: { contains: 'example.com' } } });
  assert.ok(list.data.length > 0);
  assert.equal((await client.managedAccounts.retrieve(id)).data.id, id);
  await client.managedAccounts.update(id, { managed_account_allow_custom_pricing: true });
  assert.equal(typeof (await client.managedAccounts.getAllocatableGlobalOutboundChannels()).data.allocatable_global_outbound_channels, 'number');
  await client.managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 3 });
  await client.managedAccounts.actions.disable(id);
  await client.managedAccounts.actions.enable(id, { reenable_all_connections: true });
  assert.ok((await client.organizations.users.list({ include_groups: true })).data.length > 0);
  await client.organizations.users.retrieve(user, { include_groups: true });
  const csv = await client.organizations.users.getGroupsReport({ Accept: 'text/csv' });
  assert.match(String(csv), /^id,email/);
  await client.organizations.users.actions.remove(user);
  const operations = new Set((await received()).map((r) => r.operation));
  assert.equal(operations.size, 12, [...operations].join(', '));
  // The client's own checks refuse before the proxy is asked; the proxy refuses what gets past a page.
  await assert.rejects(client.managedAccounts.retrieve('../x'), /Invalid `id`/);
  for (const line of proxy.log) assert.ok(!line.includes(KEY));
});

test('an API error from the upstream comes back as the client\'s error class', async () => {
  const client = new Telnyx({ baseURL: `${proxy.origin}/proxy`, defaultHeaders: { origin: proxy.origin }, maxRetries: 0 });
  const error = await client.managedAccounts.retrieve('f65ceda4-0000-4000-8000-000000000000').catch((e) => e);
  assert.equal(error.constructor.name, 'NotFoundError');
  assert.equal(error.status, 404);
});

test('require(\'telnyx-wasm/proxy\') gives the same proxy to CommonJS', async () => {
  const { createProxy: fromCjs, toNodeHandler } = createRequire(import.meta.url)('telnyx-wasm/proxy');
  assert.equal(typeof toNodeHandler, 'function');
  const handler = fromCjs({ apiKey: KEY, upstream: `${MOCK}/v2` });
  const res = await handler(new Request('http://127.0.0.1/managed_accounts', { headers: { origin: 'http://127.0.0.1' } }));
  assert.equal(res.status, 200);
});

test('bad options are refused at once, and the message never quotes the key', () => {
  const bad = [
    [{}, /`apiKey` must be a string/],
    [{ apiKey: '' }, /Invalid `apiKey`: must not be empty/],
    [{ apiKey: 'KEY\nx' }, /apiKey/],
    [{ apiKey: KEY, upstream: 'ftp://x' }, /Invalid `upstream`/],
    [{ apiKey: KEY, basePath: 'api' }, /basePath/],
    [{ apiKey: KEY, allowedOrigins: ['https://app.example/path'] }, /allowedOrigins/],
    [{ apiKey: KEY, allowedOrigins: ['null'] }, /allowedOrigins/],
    [{ apiKey: KEY, rateLimit: { requests: 0, windowMs: 1000 } }, /rateLimit/],
    [{ apiKey: KEY, maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ apiKey: KEY, allowOrigin: '*' }, /unknown option `allowOrigin`/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => createProxy(options), (error) => error instanceof TypeError && message.test(error.message) && !error.message.includes(KEY));
  }
});

test('an unknown operation name is refused at once, naming the known ones', () => {
  assert.throws(
    () => createProxy({ apiKey: KEY, upstream: `${MOCK}/v2`, operations: ['managedAccounts.delete'] }),
    /`operations` holds `managedAccounts\.delete`; known: managedAccounts\.list, /,
  );
});
