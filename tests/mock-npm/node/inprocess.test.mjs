// createMock() in Node, from the installed tarball: both SDKs run their flow
// against mock.fetch, both module formats load, and the admin methods, the
// delays and bad input behave as the program's do.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import createMock, { createMock as named } from 'telnyx-mock';
import TelnyxWasm from 'telnyx-wasm';
import { Official } from '../helpers.mjs';
import { flow, expected } from '../shared/flow.js';

const KEY = { authorization: 'Bearer k' };

test('the official SDK runs every operation, a retry, a dropped connection and a 404 against mock.fetch', async () => {
  assert.deepEqual(await flow(Official, createMock), expected({ connection: 'APIConnectionError', notFound: 'NotFoundError' }));
});

test('telnyx-wasm runs the same flow against mock.fetch', async () => {
  assert.deepEqual(await flow(TelnyxWasm, createMock), expected({ connection: 'APIConnectionError', notFound: 'NotFoundError' }));
});

test('the package loads as an ES module and through require(), with a default and a named createMock', async () => {
  assert.equal(createMock, named);
  const required = createRequire(import.meta.url)('telnyx-mock');
  assert.equal(typeof required, 'function');
  assert.equal(required.createMock, required);
  const mock = required({ accounts: 2 });
  const body = await (await mock.fetch('http://x/v2/managed_accounts', { headers: KEY })).json();
  assert.equal(body.meta.total_results, 2);
});

test('two mocks keep their own state', async () => {
  const [a, b] = [createMock(), createMock()];
  const create = { method: 'POST', headers: { ...KEY, 'content-type': 'application/json' }, body: JSON.stringify({ business_name: 'Only A' }) };
  assert.equal((await a.fetch('http://x/v2/managed_accounts', create)).status, 200);
  assert.equal(a.state().counts.accounts, 37);
  assert.equal(b.state().counts.accounts, 36);
});

test('a delay is a real timer, and the request signal aborts it', async () => {
  const mock = createMock();
  mock.addFault({ path: '/managed_accounts', delay_ms: 150, times: 2 });
  const started = performance.now();
  const response = await mock.fetch('http://x/v2/managed_accounts', { headers: KEY });
  assert.equal(response.status, 200);
  assert.ok(performance.now() - started >= 140, 'answered before the delay');
  const aborted = mock.fetch('http://x/v2/managed_accounts', { headers: KEY, signal: AbortSignal.timeout(20) });
  await assert.rejects(aborted, (error) => error.name === 'TimeoutError');
});

test('a dropped connection rejects the fetch with the TypeError undici gives', async () => {
  const mock = createMock();
  mock.addFault({ method: 'POST', path: '/managed_accounts', drop_connection: true, after_commit: true });
  const create = { method: 'POST', headers: { ...KEY, 'content-type': 'application/json' }, body: '{"business_name":"Lost reply"}' };
  await assert.rejects(mock.fetch('http://x/v2/managed_accounts', create), (error) => error instanceof TypeError && error.message === 'fetch failed');
  assert.equal(mock.state().counts.accounts, 37, 'after_commit: the create committed');
  assert.equal(mock.requests({ method: 'POST' })[0].status, 0);
});

test('snapshot, restore, scenarios and reset act on the one state', async () => {
  const mock = createMock({ accounts: 3 });
  const saved = mock.snapshot();
  assert.equal(saved.accounts.length, 3);
  assert.deepEqual(mock.loadScenario('empty-organization').accounts, 0);
  assert.equal(mock.state().counts.accounts, 0);
  assert.equal(mock.restore(saved).accounts, 3);
  mock.setAccountStatus(saved.accounts[0].id, 'cancelled');
  assert.equal(mock.state().counts.accounts_by_status.cancelled, 1);
  mock.reset();
  assert.equal(mock.state().counts.accounts_by_status.cancelled, 0);
  assert.ok(mock.scenarios().some((s) => s.name === 'rate-limited'));
  const restarted = createMock({ state: saved });
  assert.deepEqual(restarted.state({ full: true }).accounts, mock.state({ full: true }).accounts);
});

test('admin calls the engine refuses throw an Error with its message, and change nothing', () => {
  const mock = createMock();
  assert.throws(() => mock.addFault({ stauts: 503 }), (e) => e.status === 422 && /stauts/.test(e.message));
  assert.throws(() => mock.loadScenario('nope'), (e) => e.status === 404);
  assert.throws(() => mock.restore({ version: 99 }), (e) => e.status === 422);
  assert.deepEqual(mock.faults(), []);
  assert.equal(mock.state().counts.accounts, 36);
});

test('bad options throw an Error that names the problem', () => {
  assert.throws(() => createMock({ acounts: 3 }), /unknown field `acounts`/);
  assert.throws(() => createMock({ accounts: -1 }), /invalid options/);
  assert.throws(() => createMock({ accounts: 3, scenario: 'rate-limited' }), /exclude each other/);
  assert.throws(() => createMock({ scenario: 'nope' }), /no scenario is called `nope`/);
  assert.equal(createMock({ accounts: 1 }).state().counts.accounts, 1, 'the module still works');
});

test('wrong argument types to handle() throw an Error naming the argument, and the mock keeps working', async () => {
  const mock = createMock();
  assert.throws(() => mock.handle(5, '/v2/managed_accounts', [], undefined), /method must be a string/);
  assert.throws(() => mock.handle('GET', null, [], undefined), /target must be a string/);
  assert.throws(() => mock.handle('GET', '/v2/managed_accounts', [1, 2], undefined), /every header name and value must be a string/);
  assert.throws(() => mock.handle('GET', '/v2/managed_accounts', 'authorization', undefined), /headers must be an array/);
  assert.throws(() => mock.handle('POST', '/v2/managed_accounts', [], {}), /body must be a Uint8Array, a string or undefined/);
  assert.throws(() => createMock(5), /invalid options/);
  assert.equal((await mock.fetch('http://x/v2/managed_accounts', { headers: KEY })).status, 200);
  assert.equal(mock.handle('GET', '/v2/managed_accounts', ['authorization', 'Bearer k'], '').status, 200);
});

test('hostile requests get 4xx answers in Telnyx format and never trap the module', async () => {
  const mock = createMock();
  const junk = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String.fromCharCode(b)).join('');
  const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'BREW', ''];
  for (let i = 0; i < 2000; i++) {
    const method = methods[i % methods.length];
    const target = `/v2/${encodeURIComponent(junk(i % 40))}?${junk(i % 13)}`;
    const headers = ['authorization', `Bearer ${junk(5)}`, junk(3), junk(4), 'content-type', junk(i % 20)];
    const out = mock.handle(method, target, headers, crypto.getRandomValues(new Uint8Array(i % 300)));
    assert.ok(out.status >= 200 && out.status < 500, `${method} ${target}: ${out.status}`);
    if (out.status >= 400 && out.body.length) assert.ok(Array.isArray(JSON.parse(new TextDecoder().decode(out.body)).errors));
  }
  const ok = await mock.fetch('http://x/v2/managed_accounts', { headers: KEY });
  assert.equal(ok.status, 200);
});
