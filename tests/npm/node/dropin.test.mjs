// Drop-in: the same calls through the official `telnyx` SDK and through
// telnyx-wasm, against the same mock, resolve to the same values.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import Telnyx from 'telnyx-wasm';
import { admin, reset, state, fault, requests, BASE_URL, API_KEY } from '../helpers.mjs';

const officialPath = createRequire(`${process.env.TELNYX_REPO}/package.json`).resolve('telnyx');
const Official = (await import(pathToFileURL(officialPath).href)).default;

before(reset);

test('read calls resolve to the same values as the official SDK', async () => {
  const ours = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  const theirs = new Official({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0 });
  const { accounts, users } = await state();
  const user = users.find((u) => u.record_type === 'organization_sub_user');
  const calls = [
    (c) => c.managedAccounts.retrieve(accounts[0].id),
    (c) => c.managedAccounts.getAllocatableGlobalOutboundChannels(),
    (c) => c.organizations.users.retrieve(user.id, { include_groups: true }),
    (c) => c.organizations.users.retrieve(user.id),
    (c) => c.organizations.users.getGroupsReport(),
    (c) => c.organizations.users.getGroupsReport({ Accept: 'text/csv' }),
  ];
  for (const call of calls) assert.deepEqual(await call(ours), await call(theirs), call.toString());

  const pages = [
    (c) => c.managedAccounts.list({ filter: { email: { contains: 'example' } }, sort: 'email', 'page[size]': 7 }),
    (c) => c.organizations.users.list({ 'filter[user_status]': 'enabled', 'page[size]': 3 }),
  ];
  for (const list of pages) {
    const [a, b] = [await list(ours), await list(theirs)];
    assert.deepEqual(a.data, b.data);
    assert.deepEqual(a.meta, b.meta);
    assert.equal(a.hasNextPage(), b.hasNextPage());
    const [a2, b2] = [await a.getNextPage(), await b.getNextPage()];
    assert.deepEqual(a2.data, b2.data);
    const [all, allTheirs] = [[], []];
    for await (const item of list(ours)) all.push(item);
    for await (const item of list(theirs)) allTheirs.push(item);
    assert.deepEqual(all, allTheirs);
  }
});

test("a list's item iterator behaves as the official SDK's: queued next() calls, return(), a page that fails", async () => {
  const transcript = async (c) => {
    await reset();
    const out = [];
    const record = (r) => out.push(r.done ? { done: true, value: r.value } : { done: false, id: r.value.id });
    // Three calls without waiting are answered in order; the third needs the second page.
    const it = c.managedAccounts.list({ 'page[size]': 2 })[Symbol.asyncIterator]();
    for (const r of await Promise.all([it.next(), it.next(), it.next()])) record(r);
    record(await it.return('stop'));
    record(await it.next());
    // A page that fails ends the iteration: its error surfaces once, then every call is done.
    await fault({ method: 'GET', path: '/managed_accounts', skip: 1, status: 400 });
    const failing = c.managedAccounts.list({ 'page[size]': 2 })[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) {
      try {
        record(await failing.next());
      } catch (e) {
        out.push({ error: e.constructor.name, status: e.status });
      }
    }
    const pages = (await requests()).filter((r) => r.operation === 'managedAccounts.list').length;
    return { out, pages };
  };
  const ours = await transcript(new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL }));
  const theirs = await transcript(new Official({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0 }));
  await reset();
  assert.deepEqual(ours, theirs);
  assert.deepEqual(
    ours.out.map((r) => r.error ?? r.done),
    [false, false, false, true, true, false, false, 'BadRequestError', true],
  );
  assert.equal(ours.out[3].value, 'stop');
  assert.equal(ours.pages, 4);
});

test('write calls resolve to the same shapes as the official SDK', async () => {
  const ours = new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL });
  const theirs = new Official({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0 });
  const shape = (value) =>
    value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value;
  const a = await ours.managedAccounts.create({ business_name: 'Shape A', rollup_billing: true });
  const b = await theirs.managedAccounts.create({ business_name: 'Shape B', rollup_billing: true });
  assert.deepEqual(shape(a), shape(b));
  const id = a.data.id;
  for (const call of [
    (c) => c.managedAccounts.update(id, { managed_account_allow_custom_pricing: true }),
    (c) => c.managedAccounts.actions.disable(id),
    (c) => c.managedAccounts.actions.enable(id, { reenable_all_connections: true }),
    (c) => c.managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 3 }),
  ]) {
    const [x, y] = [await call(ours), await call(theirs)];
    assert.deepEqual(shape(x), shape(y));
    assert.equal(x.data.id, y.data.id);
  }
});

test('each attempt carries x-stainless-retry-count as the official SDK sends it: 0, then 1 after a retry', async () => {
  const seen = async (make) => {
    await reset();
    await admin('POST', '/faults', { method: 'GET', path: '/managed_accounts/allocatable_global_outbound_channels', status: 503, headers: { 'retry-after-ms': '5' } });
    await make().managedAccounts.getAllocatableGlobalOutboundChannels();
    const log = (await admin('GET', '/requests')).data.filter((r) => r.operation === 'managedAccounts.getAllocatableGlobalOutboundChannels');
    return log.map((r) => r.headers['x-stainless-retry-count']);
  };
  const ours = await seen(() => new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL }));
  const theirs = await seen(() => new Official({ apiKey: API_KEY, baseURL: BASE_URL }));
  assert.deepEqual(ours, ['0', '1']);
  assert.deepEqual(ours, theirs);
});
