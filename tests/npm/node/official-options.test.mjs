// The official SDK's client options and request options, side by side: the
// same code through the official `telnyx` SDK and through telnyx-wasm, with
// what the mock received and what came back compared. Plus the options only
// one side has, and logging with no secret in any line at any level.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import Telnyx from 'telnyx-wasm';
import { fault, rejection, requests, reset, seedIds, BASE_URL, API_KEY } from '../helpers.mjs';

const officialPath = createRequire(`${process.env.TELNYX_REPO}/package.json`).resolve('telnyx');
const Official = (await import(pathToFileURL(officialPath).href)).default;

const SDKS = { ours: Telnyx, official: Official };
const OAUTH = { clientID: 'telnyx-mock-client', clientSecret: 'telnyx-mock-secret' };

beforeEach(reset);

/** What the mock saw of each request, minus the ids made, which differ by run. */
const seen = (log) =>
  log.map((r) => ({
    method: r.method,
    path: r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'),
    query: r.query ?? null,
    team: r.headers['x-team'] ?? null,
  }));

/** Runs `scenario(client)` through each SDK on a fresh mock; their results and what the mock saw. */
async function sideBySide(options, scenario) {
  const out = {};
  for (const [name, Sdk] of Object.entries(SDKS)) {
    await reset();
    const client = new Sdk({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0, ...options });
    const result = await scenario(client);
    out[name] = { result, seen: seen(await requests()) };
  }
  return out;
}

test('defaultQuery is sent with every request, as the official SDK sends it', async () => {
  const { accounts } = await seedIds();
  const { ours, official } = await sideBySide({ defaultQuery: { trace: 'abc', deep: { x: 1 } } }, async (c) => {
    await c.managedAccounts.retrieve(accounts[0].id);
    return (await c.managedAccounts.list({ 'page[size]': 2 })).data.length;
  });
  assert.deepEqual(ours, official);
  assert.equal(ours.seen[0].query, 'trace=abc&deep%5Bx%5D=1');
});

test('a header set to null removes a default header, and undefined leaves it, as in the official SDK', async () => {
  const { accounts } = await seedIds();
  const { ours, official } = await sideBySide({ defaultHeaders: { 'X-Team': 'billing' } }, async (c) => {
    await c.managedAccounts.retrieve(accounts[0].id, { headers: { 'X-Team': null } });
    await c.managedAccounts.retrieve(accounts[0].id, { headers: { 'X-Team': undefined } });
    return 'done';
  });
  assert.deepEqual(ours, official);
  assert.deepEqual(ours.seen.map((r) => r.team), [null, 'billing']);
});

test('request options query and body stand in for the params, as in the official SDK', async () => {
  const { ours, official } = await sideBySide({}, async (c) => {
    const page = await c.managedAccounts.list({}, { query: { 'page[size]': 1 } });
    const created = await c.managedAccounts.create({ business_name: 'ignored' }, { body: { business_name: 'From body' } });
    return [page.data.length, created.data.organization_name];
  });
  assert.deepEqual(ours, official);
  assert.deepEqual(ours.result, [1, 'From body']);
});

test('a query or body given through request options is checked like params', async () => {
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  const error = await rejection(client.managedAccounts.list({}, { query: { 'page[size]': 0 } }));
  assert.ok(error instanceof Telnyx.ValidationError, String(error));
  assert.match(error.message, /page\[size\]/);
  assert.deepEqual(await requests(), [], 'nothing was sent');
});

test('fetchOptions of the client and of the call reach fetch, the call winning, in both SDKs', async () => {
  for (const [name, Sdk] of Object.entries(SDKS)) {
    const inits = [];
    const fetch = (url, init) => {
      inits.push(init);
      return globalThis.fetch(url, init);
    };
    const client = new Sdk({ apiKey: API_KEY, baseURL: BASE_URL, fetch, fetchOptions: { cache: 'no-store', keepalive: false } });
    await client.managedAccounts.getAllocatableGlobalOutboundChannels({ fetchOptions: { keepalive: true } });
    assert.equal(inits[0].cache, 'no-store', name);
    assert.equal(inits[0].keepalive, true, name);
    assert.ok(inits[0].headers instanceof Headers, name);
  }
});

test('client.get/post/patch/put/delete reach endpoints the client does not wrap, as in the official SDK', async () => {
  const { ours, official } = await sideBySide({}, async (c) => {
    const listed = await c.get('/managed_accounts', { query: { 'page[size]': 2 } });
    const created = await c.post('/managed_accounts', { body: { business_name: 'Raw Co' } });
    const updated = await c.patch(`/managed_accounts/${created.data.id}`, { body: { managed_account_allow_custom_pricing: true } });
    const missing = await rejection(c.put('/no_such_endpoint', { body: {} }));
    const gone = await rejection(c.delete('/no_such_endpoint'));
    return [listed.data.length, created.data.organization_name, updated.data.managed_account_allow_custom_pricing, missing.status, gone.status, missing.constructor.name];
  });
  assert.deepEqual(ours.result, official.result);
  assert.deepEqual(ours.seen, official.seen);
  assert.deepEqual(ours.result.slice(0, 3), [2, 'Raw Co', true]);
});

test('a path for client.get that climbs out of the API root is refused before anything is sent', async () => {
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  for (const path of ['/../__admin/state', '/a/%2e%2e/b', 'https://evil.example/x', '//evil.example/x', '/x?y=1', '', '/a\\b']) {
    const error = await rejection(client.get(path));
    assert.ok(error instanceof Telnyx.ValidationError, `${path}: ${error}`);
    assert.match(error.message, /`path`/);
  }
  assert.ok((await rejection(client.request({ method: 'TRACE', path: '/x' }))) instanceof Telnyx.ValidationError);
  assert.deepEqual(await requests(), [], 'nothing was sent');
});

test('client.request takes method and path from its options', async () => {
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  const page = await client.request({ method: 'get', path: '/organizations/users', query: { 'page[size]': 1 } });
  assert.equal(page.data.length, 1);
});

test('a typed call refuses a method or path option that names another endpoint', async () => {
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  const error = await rejection(client.managedAccounts.getAllocatableGlobalOutboundChannels({ path: '/balance' }));
  assert.ok(error instanceof Telnyx.ValidationError);
  assert.match(error.message, /client\.get/);
  await client.managedAccounts.getAllocatableGlobalOutboundChannels({ method: 'get', path: '/managed_accounts/allocatable_global_outbound_channels' });
});

test('asResponse() carries the URL that answered, as in the official SDK', async () => {
  const { ours, official } = await sideBySide({}, async (c) => (await c.managedAccounts.getAllocatableGlobalOutboundChannels().asResponse()).url);
  assert.equal(ours.result, `${BASE_URL}/managed_accounts/allocatable_global_outbound_channels`);
  assert.equal(ours.result, official.result);
});

test('publicKey, clientID, clientSecret and the log settings are accepted and read back as in the official SDK', async () => {
  const logger = { error() {}, warn() {}, info() {}, debug() {} };
  const options = { apiKey: API_KEY, baseURL: BASE_URL, publicKey: 'pk_test', ...OAUTH, logLevel: 'debug', logger };
  for (const [name, Sdk] of Object.entries(SDKS)) {
    const client = new Sdk(options);
    const read = { publicKey: client.publicKey, clientID: client.clientID, clientSecret: client.clientSecret, logLevel: client.logLevel };
    assert.deepEqual(read, { publicKey: 'pk_test', ...OAUTH, logLevel: 'debug' }, name);
    assert.equal(client.logger, logger, name);
    assert.equal(new Sdk({ apiKey: API_KEY }).logLevel, 'warn', `${name}: the default level`);
    assert.equal(client.withOptions({ timeout: 5 }).logLevel, 'debug', `${name}: withOptions keeps it`);
  }
});

test('the TELNYX_* environment defaults are read as in the official SDK', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { TELNYX_PUBLIC_KEY: 'pk_env', TELNYX_LOG: 'info', TELNYX_CLIENT_ID: OAUTH.clientID, TELNYX_CLIENT_SECRET: OAUTH.clientSecret });
  try {
    for (const [name, Sdk] of Object.entries(SDKS)) {
      const client = new Sdk({ apiKey: API_KEY, baseURL: BASE_URL, logger: { info() {}, debug() {}, warn() {}, error() {} } });
      assert.deepEqual([client.publicKey, client.logLevel, client.clientID, client.clientSecret], ['pk_env', 'info', ...Object.values(OAUTH)], name);
    }
    process.env.TELNYX_LOG = 'loud';
    const warnings = [];
    const client = new Telnyx({ apiKey: API_KEY, logger: { warn: (line) => warnings.push(line) } });
    assert.equal(client.logLevel, 'warn');
    assert.match(warnings.join('\n'), /TELNYX_LOG.*"loud".*off, error, warn, info, debug/);
  } finally {
    process.env = saved;
  }
});

test('clientID and clientSecret get a token from the mock once and send it as the bearer, as the official SDK does', async () => {
  // The official SDK asks https://api.telnyx.com/v2/oauth/token whatever the baseURL; its fetch is pointed at the mock.
  const toMock = (url, init) => globalThis.fetch(String(url).replace('https://api.telnyx.com/v2', BASE_URL), init);
  const results = {};
  for (const [name, Sdk] of Object.entries(SDKS)) {
    await reset();
    const client = new Sdk({ baseURL: BASE_URL, ...OAUTH, fetch: toMock });
    const a = await client.managedAccounts.getAllocatableGlobalOutboundChannels();
    const b = await client.managedAccounts.list({ 'page[size]': 1 });
    const log = await requests();
    results[name] = {
      data: [a, b.data.length],
      seen: log.map((r) => [r.method, r.path, r.headers.authorization, r.headers['content-type'] ?? null, r.body ?? null, r.status]),
    };
  }
  assert.deepEqual(results.ours, results.official);
  assert.deepEqual(results.ours.seen[0], ['POST', '/v2/oauth/token', 'Basic [redacted]', 'application/x-www-form-urlencoded', 'grant_type=client_credentials', 200]);
  assert.equal(results.ours.seen.length, 3, 'one token request for two calls');
  assert.ok(results.ours.seen.slice(1).every(([, , auth, , , status]) => auth === 'Bearer [redacted]' && status === 200));
});

test('a wrong clientSecret fails the call with the token endpoint\'s 401, as in the official SDK', async () => {
  const toMock = (url, init) => globalThis.fetch(String(url).replace('https://api.telnyx.com/v2', BASE_URL), init);
  for (const [name, Sdk] of Object.entries(SDKS)) {
    const client = new Sdk({ baseURL: BASE_URL, clientID: OAUTH.clientID, clientSecret: 'wrong', fetch: toMock, maxRetries: 0 });
    const error = await rejection(client.managedAccounts.getAllocatableGlobalOutboundChannels());
    assert.equal(error.status, 401, name);
    assert.ok(error instanceof Sdk.AuthenticationError, `${name}: ${error}`);
  }
});

test('a clientID without its clientSecret is a ValidationError that names the missing option', () => {
  assert.throws(() => new Telnyx({ clientID: 'id' }), (e) => e instanceof Telnyx.ValidationError && /clientSecret/.test(e.message));
});

test('an unknown log level or logger is a ValidationError', () => {
  assert.throws(() => new Telnyx({ apiKey: API_KEY, logLevel: 'loud' }), Telnyx.ValidationError);
  assert.throws(() => new Telnyx({ apiKey: API_KEY, logger: 'console' }), Telnyx.ValidationError);
});

test('info lines say method, URL, status, time and request id, and a retry says when, as the official SDK does', async () => {
  await fault({ method: 'GET', path: '/managed_accounts/allocatable_global_outbound_channels', status: 503, times: 1, headers: { 'retry-after-ms': '5' } });
  const lines = [];
  const logger = { error() {}, warn() {}, debug() {}, info: (line) => lines.push(line) };
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL, logLevel: 'info', logger });
  await client.managedAccounts.getAllocatableGlobalOutboundChannels();
  const url = `${BASE_URL}/managed_accounts/allocatable_global_outbound_channels`;
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0], new RegExp(`^\\[log_[0-9a-f]{6}\\] GET ${url} failed with status 503 in \\d+ms \\(request id [^)]+\\) - retrying in 5ms, 2 attempts remaining$`));
  assert.match(lines[1], new RegExp(`^\\[log_[0-9a-f]{6}\\] GET ${url} succeeded with status 200 in \\d+ms \\(request id [^)]+\\)$`));
  lines.length = 0;
  await client.withOptions({ logLevel: 'warn' }).managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.deepEqual(lines, [], 'nothing at warn');
});

test('no secret reaches a log line at any level: API key, OAuth secret and token, passwords, api_key and api_token', async () => {
  const password = 'Pw-Secret-123';
  const secrets = [API_KEY, OAUTH.clientSecret, password, 'QUERY_SECRET_KEY', 'BODY_TOKEN_SECRET', Buffer.from(`${OAUTH.clientID}:${OAUTH.clientSecret}`).toString('base64')];
  for (const logLevel of ['off', 'error', 'warn', 'info', 'debug']) {
    await reset();
    const lines = [];
    const logger = Object.fromEntries(['error', 'warn', 'info', 'debug'].map((level) => [level, (...args) => lines.push(`${level} ${args.join(' ')}`)]));
    const keyed = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL, logLevel, logger, defaultQuery: { api_key: 'QUERY_SECRET_KEY' } });
    const created = await keyed.managedAccounts.create({ business_name: 'Secret Co', password });
    await keyed.post('/managed_accounts', { body: { business_name: 'Raw', api_token: 'BODY_TOKEN_SECRET' } });
    await keyed.managedAccounts.retrieve(created.data.id); // its body holds the account's api_key
    const oauth = new Telnyx({ baseURL: BASE_URL, ...OAUTH, logLevel, logger });
    await oauth.managedAccounts.getAllocatableGlobalOutboundChannels();
    const text = lines.join('\n');
    for (const secret of [...secrets, created.data.api_key]) assert.ok(!text.includes(secret), `${logLevel}: ${secret} in\n${text}`);
    if (logLevel === 'debug') {
      assert.match(text, /authorization: \*\*\*/);
      assert.match(text, /"password":"\*\*\*"/);
      assert.match(text, /api_key=\*\*\*/);
      assert.match(text, /POST .*\/oauth\/token/);
    }
    assert.equal(lines.length > 0, logLevel === 'info' || logLevel === 'debug', `${logLevel}: ${lines.length} lines`);
  }
});

test('a logger that throws does not break the call', async () => {
  const boom = () => {
    throw new Error('logger down');
  };
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL, logLevel: 'debug', logger: { info: boom, debug: boom } });
  const result = await client.managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.ok(result.data);
});

test('an unknown request option is still a ValidationError', async () => {
  const client = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  const error = await rejection(client.managedAccounts.getAllocatableGlobalOutboundChannels({ retries: 3 }));
  assert.ok(error instanceof Telnyx.ValidationError);
  assert.match(error.message, /retries/);
});
