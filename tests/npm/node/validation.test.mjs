// Bad input rejects with ValidationError before anything is sent, and the
// client (and its wasm instance) keeps working afterwards.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError, TelnyxError } from 'telnyx-wasm';
import { client, reset, requests, rejection } from '../helpers.mjs';

before(reset);

const huge = 'x'.repeat(1024 * 1024);
const loneSurrogate = 'abc\uD800def';
const withProto = JSON.parse('{"__proto__": {"polluted": true}, "business_name": "x"}');
class Params {
  constructor() {
    this.business_name = 'x';
  }
}
const throwingGetter = {
  get business_name() {
    throw new Error('boom');
  },
};
const revoked = Proxy.revocable({}, {});
revoked.revoke();

/** [what, call] pairs; each call must reject with ValidationError. */
const cases = [
  // ids
  ['retrieve(undefined)', (c) => c.managedAccounts.retrieve(undefined)],
  ['retrieve(null)', (c) => c.managedAccounts.retrieve(null)],
  ["retrieve('')", (c) => c.managedAccounts.retrieve('')],
  ["retrieve('.')", (c) => c.managedAccounts.retrieve('.')],
  ["retrieve('..')", (c) => c.managedAccounts.retrieve('..')],
  ["retrieve('../x')", (c) => c.managedAccounts.retrieve('../x')],
  ["retrieve('a/b')", (c) => c.managedAccounts.retrieve('a/b')],
  ["retrieve('%2e%2e')", (c) => c.managedAccounts.retrieve('%2e%2e')],
  ["retrieve('a?b=c')", (c) => c.managedAccounts.retrieve('a?b=c')],
  ["retrieve('a#b')", (c) => c.managedAccounts.retrieve('a#b')],
  ['retrieve(1 MB string)', (c) => c.managedAccounts.retrieve(huge)],
  ['retrieve(odd Unicode)', (c) => c.managedAccounts.retrieve('ｆｕｌｌ\u202Ewidth')],
  ['retrieve(lone surrogate)', (c) => c.managedAccounts.retrieve(loneSurrogate)],
  ['retrieve(42)', (c) => c.managedAccounts.retrieve(42)],
  ['retrieve({})', (c) => c.managedAccounts.retrieve({})],
  ['retrieve(Symbol)', (c) => c.managedAccounts.retrieve(Symbol('id'))],
  ['disable(" ")', (c) => c.managedAccounts.actions.disable(' ')],
  ['enable("a\\nb")', (c) => c.managedAccounts.actions.enable('a\nb')],
  ['users.retrieve("..")', (c) => c.organizations.users.retrieve('..')],
  ['users.actions.remove("a/b")', (c) => c.organizations.users.actions.remove('a/b')],
  // create bodies
  ['create()', (c) => c.managedAccounts.create()],
  ['create(null)', (c) => c.managedAccounts.create(null)],
  ["create({ business_name: '' })", (c) => c.managedAccounts.create({ business_name: '' })],
  ['create({ business_name: 42 })', (c) => c.managedAccounts.create({ business_name: 42 })],
  ['create({ business_name: 1 MB })', (c) => c.managedAccounts.create({ business_name: huge })],
  ['create({ business_name: lone surrogate })', (c) => c.managedAccounts.create({ business_name: loneSurrogate })],
  ["create({ business_name: 'x\\u0000' })", (c) => c.managedAccounts.create({ business_name: 'x\u0000' })],
  ["create({ ..., rollup_billing: 'yes' })", (c) => c.managedAccounts.create({ business_name: 'x', rollup_billing: 'yes' })],
  ['create({ ..., unknown })', (c) => c.managedAccounts.create({ business_name: 'x', nickname: 'y' })],
  ['create(__proto__ key)', (c) => c.managedAccounts.create(withProto)],
  ['create(class instance)', (c) => c.managedAccounts.create(new Params())],
  ['create(array)', (c) => c.managedAccounts.create(['x'])],
  ['create(throwing getter)', (c) => c.managedAccounts.create(throwingGetter)],
  ['create(revoked proxy)', (c) => c.managedAccounts.create(revoked.proxy)],
  ['create(function)', (c) => c.managedAccounts.create(() => 1)],
  // numbers
  ['channel_limit: -1', (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: -1 })],
  ['channel_limit: NaN', (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: NaN })],
  ['channel_limit: Infinity', (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: Infinity })],
  ['channel_limit: 1e20', (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: 1e20 })],
  ['channel_limit: 1.5', (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: 1.5 })],
  ["channel_limit: '5'", (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: '5' })],
  ['channel_limit: 10n', (c) => c.managedAccounts.updateGlobalChannelLimit('id1', { channel_limit: 10n })],
  ["'page[size]': 0", (c) => c.managedAccounts.list({ 'page[size]': 0 })],
  ["'page[size]': 251", (c) => c.managedAccounts.list({ 'page[size]': 251 })],
  ["'page[number]': 0", (c) => c.managedAccounts.list({ 'page[number]': 0 })],
  ["'page[number]': -1", (c) => c.organizations.users.list({ 'page[number]': -1 })],
  // enums and unknown params
  ["sort: 'name'", (c) => c.managedAccounts.list({ sort: 'name' })],
  ["filter.status.eq: 'gone'", (c) => c.managedAccounts.list({ filter: { status: { eq: 'gone' } } })],
  ["'filter[user_status]': 'sleeping'", (c) => c.organizations.users.list({ 'filter[user_status]': 'sleeping' })],
  ['list({ unknown })', (c) => c.managedAccounts.list({ limit: 10 })],
  ['list(filter: string)', (c) => c.managedAccounts.list({ filter: 'email=x' })],
  ["getGroupsReport({ Accept: 'text/html' })", (c) => c.organizations.users.getGroupsReport({ Accept: 'text/html' })],
  ['users.retrieve(id, { include_groups: 1 })', (c) => c.organizations.users.retrieve('id1', { include_groups: 1 })],
  ['update(id, { unknown })', (c) => c.managedAccounts.update('id1', { status: 'disabled' })],
  ['retrieve(id, { unknown option })', (c) => c.managedAccounts.retrieve('id1', { retries: 3 })],
  ['options.timeout: 0', (c) => c.managedAccounts.retrieve('id1', { timeout: 0 })],
  ["options.headers: { 'x-a': 'b\\r\\nc: d' }", (c) => c.managedAccounts.retrieve('id1', { headers: { 'x-a': 'b\r\nc: d' } })],
  ['options.headers: { x: 1 }', (c) => c.managedAccounts.retrieve('id1', { headers: { x: 1 } })],
  ["options.signal: 'x'", (c) => c.managedAccounts.retrieve('id1', { signal: 'x' })],
  ['options.signal: {}', (c) => c.managedAccounts.list({}, { signal: {} })],
];

test(`${cases.length} bad inputs each reject with ValidationError and send nothing`, async () => {
  assert.ok(cases.length >= 40);
  const c = client();
  await reset();
  for (const [what, call] of cases) {
    const error = await rejection(call(c));
    assert.ok(error instanceof ValidationError, `${what}: ${error?.name}: ${error?.message}`);
    assert.ok(error instanceof TelnyxError);
    assert.equal(error.name, 'ValidationError');
    assert.match(error.message, /^Invalid `[^`]+`: /, what);
    assert.ok(error.message.length < 400, `${what}: message too long`);
  }
  assert.deepEqual(await requests(), [], 'nothing reached the server');
  assert.equal(Object.prototype.polluted, undefined);
  const page = await c.managedAccounts.list();
  assert.ok(page.data.length > 0, 'the client still works');
});

test('validation messages name the field and the reason', async () => {
  const c = client();
  const message = async (promise) => (await rejection(promise)).message;
  assert.equal(await message(c.managedAccounts.retrieve('')), 'Invalid `id`: must not be empty');
  assert.equal(await message(c.managedAccounts.list({ 'page[size]': 500 })), 'Invalid `page[size]`: must be between 1 and 250 (got 500)');
  assert.equal(await message(c.managedAccounts.create({})), 'Invalid `business_name`: is required');
  assert.equal(await message(c.managedAccounts.updateGlobalChannelLimit('a', { channel_limit: 2.5 })), 'Invalid `channel_limit`: must be a whole number (got 2.5)');
  assert.match(await message(c.managedAccounts.list({ filter: { email: { contains: 7 } } })), /^Invalid `filter\.email\.contains`: must be a string/);
});

test('a query value holding U+FFFD itself is sent as it is; only a lone surrogate is refused', async () => {
  const c = client();
  await reset();
  await c.get('/managed_accounts', { query: { 'filter[email][contains]': 'caf\uFFFD\u00e9\u{1F600}' } });
  const sent = (await requests()).at(-1);
  assert.equal(sent.query, "filter%5Bemail%5D%5Bcontains%5D=caf%EF%BF%BD%C3%A9%F0%9F%98%80");
  const error = await rejection(c.get('/managed_accounts', { query: { q: `\uFFFD${loneSurrogate}` } }));
  assert.ok(error instanceof ValidationError, error?.message);
  assert.match(error.message, /lone surrogate/);
});
