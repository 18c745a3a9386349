// Lists: await for a page, for await for every item, iterPages, getNextPage.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { TelnyxError, PagePromise } from 'telnyx-wasm';
import { admin, client, reset, requests, fault, state } from '../helpers.mjs';

beforeEach(reset);

const visibleAccounts = async () => (await state()).accounts.filter((a) => a.status !== 'cancelled');

test('for await over list() yields every account exactly once across pages', async () => {
  const expected = (await visibleAccounts()).map((a) => a.id).sort();
  const seen = [];
  for await (const account of client().managedAccounts.list({ 'page[size]': 7 })) seen.push(account.id);
  assert.deepEqual([...seen].sort(), expected);
  assert.equal(new Set(seen).size, seen.length);
  const pages = (await requests()).filter((r) => r.operation === 'managedAccounts.list');
  assert.equal(pages.length, Math.ceil(expected.length / 7));
});

test('list() returns a PagePromise whose page has data, meta and hasNextPage', async () => {
  const promise = client().managedAccounts.list({ 'page[size]': 10 });
  assert.ok(promise instanceof PagePromise);
  const page = await promise;
  assert.equal(page.data.length, 10);
  assert.deepEqual(page.getPaginatedItems(), page.data);
  assert.equal(page.meta.page_number, 1);
  assert.equal(page.meta.page_size, 10);
  assert.ok(page.meta.total_pages > 1);
  assert.equal(page.hasNextPage(), true);
});

test('getNextPage keeps every parameter and asks for the next page number', async () => {
  const first = await client().managedAccounts.list({ sort: 'email', include_cancelled_accounts: true, 'page[size]': 5 });
  const second = await first.getNextPage();
  assert.equal(second.meta.page_number, 2);
  assert.notEqual(second.data[0].id, first.data[0].id);
  assert.ok(first.data.at(-1).email <= second.data[0].email);
  const sent = (await requests()).at(-1);
  assert.equal(sent.query, 'sort=email&include_cancelled_accounts=true&page%5Bnumber%5D=2&page%5Bsize%5D=5');
});

test('iterPages walks every page and the last one has no next page', async () => {
  const total = (await visibleAccounts()).length;
  const pages = [];
  for await (const page of (await client().managedAccounts.list({ 'page[size]': 10 })).iterPages()) pages.push(page);
  assert.equal(pages.length, Math.ceil(total / 10));
  assert.equal(pages.reduce((n, p) => n + p.data.length, 0), total);
  assert.equal(pages.at(-1).hasNextPage(), false);
  await assert.rejects(pages.at(-1).getNextPage(), (e) => e instanceof TelnyxError && /No next page/.test(e.message));
});

test('organization users paginate with the flat page keys', async () => {
  const expected = (await state()).users.length;
  const emails = [];
  for await (const user of client().organizations.users.list({ 'page[size]': 5 })) emails.push(user.email);
  assert.equal(emails.length, expected);
  assert.equal(new Set(emails).size, expected);
});

test('a server whose meta never advances ends the iteration instead of looping', async () => {
  const stuck = {
    data: [{ id: 'a1', record_type: 'managed_account', email: 'a@x.example', api_user: 'a', manager_account_id: 'm', created_at: 't', updated_at: 't' }],
    meta: { page_number: 1, page_size: 1, total_pages: 5, total_results: 5 },
  };
  await fault({ method: 'GET', path: '/managed_accounts', times: 10, status: 200, body: stuck });
  const seen = [];
  for await (const account of client().managedAccounts.list({ 'page[size]': 1 })) seen.push(account.id);
  assert.deepEqual(seen, ['a1', 'a1']);
  assert.equal((await requests()).length, 2);
});

test('a page without meta is the last page', async () => {
  await fault({ method: 'GET', path: '/managed_accounts', status: 200, body: { data: [{ id: 'only' }] } });
  const page = await client().managedAccounts.list();
  assert.deepEqual(page.data, [{ id: 'only' }]);
  assert.equal(page.hasNextPage(), false);
});

test('iterating 2,000 accounts while 10 % of requests fail transiently yields every id exactly once', async () => {
  const c = client({ maxRetries: 3 });
  const missing = 2000 - (await visibleAccounts()).length;
  const creators = [];
  for (let i = 0; i < missing; i++) {
    creators.push(c.managedAccounts.create({ business_name: `Bulk ${i}` }));
    if (creators.length === 64) await Promise.all(creators.splice(0));
  }
  await Promise.all(creators);
  const expected = (await visibleAccounts()).map((a) => a.id);
  assert.equal(expected.length, 2000);
  await admin('DELETE', '/requests');
  await fault({ method: 'GET', path: '/managed_accounts', every: 10, times: 1000, status: 503, headers: { 'retry-after-ms': '1' } });
  const seen = [];
  for await (const account of c.managedAccounts.list({ 'page[size]': 100 })) seen.push(account.id);
  assert.equal(seen.length, 2000);
  assert.deepEqual([...seen].sort(), [...expected].sort());
  const log = (await requests()).filter((r) => r.operation === 'managedAccounts.list');
  assert.ok(log.some((r) => r.status === 503), 'some page requests failed and were retried');
});

test('with prefetch the next page is requested while the current one is consumed, one page ahead only', async () => {
  const c = client();
  const page = await c.managedAccounts.list({ 'page[size]': 5 }, { prefetch: true });
  await new Promise((r) => setTimeout(r, 100));
  const listed = async () => (await requests()).filter((r) => r.operation === 'managedAccounts.list').map((r) => r.query);
  assert.deepEqual(await listed(), ['page%5Bsize%5D=5', 'page%5Bnumber%5D=2&page%5Bsize%5D=5']);
  const second = await page.getNextPage();
  assert.equal(second.meta.page_number, 2);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await listed()).length, 3, 'page 3 is fetched once page 2 is handed over, not before');
  const all = [];
  for await (const account of c.managedAccounts.list({ 'page[size]': 5 }, { prefetch: true })) all.push(account.id);
  assert.equal(all.length, (await visibleAccounts()).length);
  assert.equal(new Set(all).size, all.length);
});
