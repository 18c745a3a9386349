// Every method against telnyx-mock: official names, parameters and resolved values.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { client, reset, requests, seedIds, API_KEY } from '../helpers.mjs';

beforeEach(reset);

const lastRequest = async () => (await requests()).at(-1);

test('managedAccounts.create resolves to the envelope of the new account and sends the body', async () => {
  const created = await client().managedAccounts.create({ business_name: "Larry's Cat Food Inc", rollup_billing: true });
  assert.equal(created.data.organization_name, "Larry's Cat Food Inc");
  assert.equal(created.data.record_type, 'managed_account');
  assert.match(created.data.id, /^[0-9a-f-]{36}$/);
  assert.equal(typeof created.data.api_key, 'string');
  const sent = await lastRequest();
  assert.equal(sent.method, 'POST');
  assert.equal(sent.path, '/v2/managed_accounts');
  assert.deepEqual(JSON.parse(sent.body), { business_name: "Larry's Cat Food Inc", rollup_billing: true });
  assert.equal(sent.headers.authorization, 'Bearer [redacted]');
  assert.match(sent.headers['user-agent'], /^telnyx-wasm\//);
});

test('managedAccounts.retrieve resolves to the account, balance included', async () => {
  const { accounts } = await seedIds();
  const account = await client().managedAccounts.retrieve(accounts[0].id);
  assert.equal(account.data.id, accounts[0].id);
  assert.equal(account.data.email, accounts[0].email);
  assert.equal(account.data.balance.currency, 'USD');
});

test('managedAccounts.update works with and without a body', async () => {
  const { accounts } = await seedIds();
  const id = accounts[1].id;
  const updated = await client().managedAccounts.update(id, { managed_account_allow_custom_pricing: true });
  assert.equal(updated.data.managed_account_allow_custom_pricing, true);
  assert.deepEqual(JSON.parse((await lastRequest()).body), { managed_account_allow_custom_pricing: true });
  const again = await client().managedAccounts.update(id);
  assert.equal(again.data.id, id);
  assert.equal((await lastRequest()).method, 'PATCH');
});

test('managedAccounts.actions.disable and enable switch an account off and on', async () => {
  const { accounts } = await seedIds();
  const id = accounts.find((a) => a.status === 'enabled').id;
  const disabled = await client().managedAccounts.actions.disable(id);
  assert.equal(disabled.data.id, id);
  assert.equal((await lastRequest()).path, `/v2/managed_accounts/${id}/actions/disable`);
  let full = await seedIds();
  assert.equal(full.accounts.find((a) => a.id === id).status, 'disabled');
  const enabled = await client().managedAccounts.actions.enable(id);
  assert.equal(enabled.data.id, id);
  await client().managedAccounts.actions.enable(id, { reenable_all_connections: true });
  assert.deepEqual(JSON.parse((await lastRequest()).body), { reenable_all_connections: true });
  full = await seedIds();
  assert.equal(full.accounts.find((a) => a.id === id).status, 'enabled');
});

test('managedAccounts.getAllocatableGlobalOutboundChannels resolves to the manager numbers', async () => {
  const reply = await client().managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.equal(typeof reply.data.allocatable_global_outbound_channels, 'number');
  assert.equal(typeof reply.data.total_global_channels_allocated, 'number');
});

test('managedAccounts.updateGlobalChannelLimit sets the limit, and its body may be omitted', async () => {
  const { accounts } = await seedIds();
  const id = accounts[0].id;
  const reply = await client().managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 7 });
  assert.equal(reply.data.channel_limit, 7);
  assert.equal(reply.data.id, id);
  const same = await client().managedAccounts.updateGlobalChannelLimit(id);
  assert.equal(same.data.id, id);
});

test('managedAccounts.list resolves to a page with data and meta, filters encoded like the official SDK', async () => {
  const page = await client().managedAccounts.list({ filter: { email: { contains: 'bank' } }, sort: '-email', 'page[size]': 5 });
  assert.ok(page.data.length >= 1);
  assert.ok(page.data.every((a) => a.email.includes('bank')));
  assert.equal(page.meta.page_size, 5);
  const sent = await lastRequest();
  assert.equal(sent.query, 'filter%5Bemail%5D%5Bcontains%5D=bank&sort=-email&page%5Bsize%5D=5');
});

test('organizations.users.list, retrieve with include_groups and actions.remove agree with each other', async () => {
  const users = client().organizations.users;
  const page = await users.list({ include_groups: true, 'filter[user_status]': 'enabled' });
  assert.ok(page.data.length > 0);
  assert.ok(page.data.every((u) => u.user_status === 'enabled' && Array.isArray(u.groups)));
  const target = page.data.find((u) => u.record_type === 'organization_sub_user');
  const one = await users.retrieve(target.id, { include_groups: true });
  assert.equal(one.data.id, target.id);
  assert.ok(Array.isArray(one.data.groups));
  assert.equal((await lastRequest()).query, 'include_groups=true');
  const plain = await users.retrieve(target.id);
  assert.equal(plain.data.groups, undefined);
  const removed = await users.actions.remove(target.id);
  assert.equal(removed.data.id, target.id);
  const after = await seedIds();
  assert.equal(after.users.find((u) => u.id === target.id), undefined);
});

test('organizations.users.getGroupsReport gives JSON by default and the CSV text with Accept: text/csv', async () => {
  const users = client().organizations.users;
  const json = await users.getGroupsReport();
  assert.ok(Array.isArray(json.data));
  assert.ok(json.data.every((u) => Array.isArray(u.groups)));
  const csv = await users.getGroupsReport({ Accept: 'text/csv' });
  assert.equal(typeof csv, 'string');
  assert.match(csv, /^id,email,user_status,created_at,last_sign_in_at,groups\n/);
  assert.equal((await lastRequest()).headers.accept, 'text/csv');
  assert.equal(csv.trim().split('\n').length, json.data.length + 1);
});

test('the API key goes out as a bearer token and never shows in JSON.stringify of the client', async () => {
  const c = client();
  assert.equal(c.apiKey, API_KEY);
  assert.ok(!JSON.stringify(c).includes(API_KEY));
  assert.ok(!inspect(c, { depth: 5 }).includes(API_KEY));
  await c.managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.equal((await lastRequest()).headers.authorization, 'Bearer [redacted]');
});

