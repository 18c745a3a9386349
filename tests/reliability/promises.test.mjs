// The client's specific promises, each proven on its own against telnyx-mock
// (or, for a stalled body, a local server): no duplicate managed account,
// abort is immediate, a callTimeout covers the whole call, retries and waits included,
// and server waits are capped.

import { test, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, InternalServerError, RateLimitError } from 'telnyx-wasm';
import Telnyx from 'telnyx-wasm';
import { client, reset, fault, requests, rejection, state, admin } from '../npm/helpers.mjs';
import { localServer, stallAfterHeaders, trickle } from './local-server.mjs';
import { writeResults } from './results.mjs';

const ABORT_LIMIT_MS = 50;
const measured = {};
beforeEach(reset);
after(() => writeResults('promises', measured));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const creates = async () => (await requests()).filter((r) => r.operation === 'managedAccounts.create');
const accountsNamed = async (name) => (await state()).accounts.filter((a) => a.organization_name === name);
const UNKNOWN = /may have been carried out; it was not repeated because repeating it could create a duplicate/;

// ------------------------------------------------------------ no duplicate managed account

for (const [what, lost, ErrorClass] of [
  ['a 503', { status: 503 }, InternalServerError],
  ['a dropped connection', { drop_connection: true }, APIConnectionError],
]) {
  test(`a create committed and then answered with ${what} is not repeated, says the outcome is unknown, and exists once`, { timeout: 10_000 }, async () => {
    const name = `Lost reply ${what}`;
    await fault({ method: 'POST', path: '/managed_accounts', after_commit: true, ...lost });
    const error = await rejection(client().managedAccounts.create({ business_name: name }));
    assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
    assert.match(error.message, UNKNOWN);
    assert.match(error.message, /Idempotency-Key/);
    assert.equal((await creates()).length, 1, 'sent once');
    assert.equal((await accountsNamed(name)).length, 1, 'the account exists exactly once');
  });
}

for (const [what, lost, keyed] of [
  ['a 503, the key given as idempotencyKey', { status: 503 }, (key) => ({ idempotencyKey: key })],
  ['a dropped connection, the key given as a header', { drop_connection: true }, (key) => ({ headers: { 'Idempotency-Key': key } })],
]) {
  test(`a create with an Idempotency-Key committed and then answered with ${what} is retried, replayed by the server, and exists once`, { timeout: 10_000 }, async () => {
    const name = `Keyed lost reply ${what}`;
    const key = `reliability-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await fault({ method: 'POST', path: '/managed_accounts', after_commit: true, ...lost });
    const created = await client().managedAccounts.create({ business_name: name }, keyed(key));
    const sent = await creates();
    assert.equal(sent.length, 2, 'the create was retried once');
    assert.deepEqual(
      sent.map((r) => [r.headers['idempotency-key'], r.replayed]),
      [
        [key, false],
        [key, true],
      ],
      'the retry carried the same key and the server replayed the first outcome',
    );
    const accounts = await accountsNamed(name);
    assert.equal(accounts.length, 1, 'the account exists exactly once');
    assert.equal(created.data.id, accounts[0].id, 'the caller got that account');
  });
}

// ------------------------------------------------------------ abort is immediate

/** Aborts `call(signal)` after `afterMs` and returns the error and how long the rejection took. */
async function abortAfter(afterMs, call) {
  const controller = new AbortController();
  const settled = call(controller.signal).then(
    () => {
      throw new Error('expected the call to be aborted, but it resolved');
    },
    (error) => ({ error, at: performance.now() }),
  );
  await sleep(afterMs);
  const aborted = performance.now();
  controller.abort();
  const { error, at } = await settled;
  return { error, latency: at - aborted };
}

function assertImmediateAbort(name, { error, latency }) {
  measured[name] = Number(latency.toFixed(2));
  assert.ok(error instanceof APIUserAbortError, `${error?.name}: ${error?.message}`);
  assert.equal(error.name, 'APIUserAbortError');
  assert.ok(latency < ABORT_LIMIT_MS, `rejected ${latency.toFixed(1)} ms after the abort`);
}

test('an abort during a 30 s backoff wait rejects with APIUserAbortError within 50 ms', { timeout: 5_000 }, async () => {
  await fault({ method: 'GET', path: '/managed_accounts/*', status: 503, headers: { 'retry-after': '30' } });
  const id = (await state()).accounts[0].id;
  const outcome = await abortAfter(300, (signal) => client().managedAccounts.retrieve(id, { signal }));
  assertImmediateAbort('abortDuringBackoffMs', outcome);
  assert.equal((await requests()).length, 1, 'the abort came during the wait, after the first attempt');
});

test('an abort during a request the server answers 10 s late rejects with APIUserAbortError within 50 ms', { timeout: 5_000 }, async () => {
  await fault({ method: 'PATCH', path: '/managed_accounts/*', delay_ms: 10_000 });
  const id = (await state()).accounts[0].id;
  const outcome = await abortAfter(300, (signal) =>
    client().managedAccounts.update(id, { managed_account_allow_custom_pricing: true }, { signal }),
  );
  assertImmediateAbort('abortDuringSlowRequestMs', outcome);
});

test('an abort while the response body is stalled rejects with APIUserAbortError within 50 ms', { timeout: 5_000 }, async () => {
  const server = await localServer(stallAfterHeaders);
  try {
    const c = new Telnyx({ apiKey: 'k', baseURL: server.url });
    const outcome = await abortAfter(300, (signal) => c.managedAccounts.getAllocatableGlobalOutboundChannels({ signal }));
    assertImmediateAbort('abortDuringStalledBodyMs', outcome);
  } finally {
    await server.close();
  }
});

test('an abort between pages of a for await walk rejects with APIUserAbortError within 50 ms', { timeout: 5_000 }, async () => {
  // Page 2 fails and the client waits 30 s before asking again.
  await fault({ method: 'GET', path: '/managed_accounts', skip: 1, status: 503, headers: { 'retry-after': '30' } });
  const seen = [];
  const outcome = await abortAfter(300, async (signal) => {
    for await (const account of client().managedAccounts.list({ 'page[size]': 10 }, { signal })) seen.push(account.id);
  });
  assertImmediateAbort('abortDuringListWalkMs', outcome);
  assert.equal(seen.length, 10, 'the first page was delivered before the abort');
});

// ------------------------------------------------------------ callTimeout covers the whole call

test('a body that stalls after the headers times out, and with callTimeout the retries stay within it', { timeout: 10_000 }, async () => {
  const server = await localServer(stallAfterHeaders);
  try {
    const c = new Telnyx({ apiKey: 'k', baseURL: server.url, timeout: 300, callTimeout: 900, maxRetries: 2 });
    const started = performance.now();
    const error = await rejection(c.managedAccounts.getAllocatableGlobalOutboundChannels());
    const elapsed = performance.now() - started;
    measured.stalledBodyElapsedMs = Math.round(elapsed);
    measured.stalledBodyAttempts = server.requests;
    assert.ok(error instanceof APIConnectionTimeoutError, `${error.name}: ${error.message}`);
    assert.ok(server.requests >= 2, `retried: ${server.requests} attempts`);
    assert.ok(server.requests <= 3, `at most maxRetries + 1 attempts: ${server.requests}`);
    assert.ok(elapsed >= 300, `${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed <= 900 + 250, `the call took ${elapsed.toFixed(0)} ms, its budget is 900 ms`);
  } finally {
    await server.close();
  }
});

test('a body that trickles one byte every 50 ms forever still times out on time', { timeout: 10_000 }, async () => {
  const server = await localServer(trickle);
  try {
    const c = new Telnyx({ apiKey: 'k', baseURL: server.url, timeout: 400, maxRetries: 0 });
    const started = performance.now();
    const error = await rejection(c.managedAccounts.list());
    const elapsed = performance.now() - started;
    measured.tricklingBodyElapsedMs = Math.round(elapsed);
    assert.ok(error instanceof APIConnectionTimeoutError, `${error.name}: ${error.message}`);
    assert.match(error.message, /^Request timed out after 400 ms\./);
    assert.ok(elapsed >= 390 && elapsed <= 400 + 250, `${elapsed.toFixed(0)} ms`);
    assert.equal(server.requests, 1);
  } finally {
    await server.close();
  }
});

test('with callTimeout, answers that are always too late end the call within it', { timeout: 10_000 }, async () => {
  await fault({ method: 'GET', path: '/managed_accounts', delay_ms: 5000, times: 10 });
  const c = client({ timeout: 500, callTimeout: 1500, maxRetries: 2 });
  const started = performance.now();
  const error = await rejection(c.managedAccounts.list());
  const elapsed = performance.now() - started;
  measured.lateAnswersElapsedMs = Math.round(elapsed);
  const attempts = (await requests()).length;
  measured.lateAnswersAttempts = attempts;
  assert.ok(error instanceof APIConnectionTimeoutError, `${error.name}: ${error.message}`);
  assert.ok(attempts >= 2 && attempts <= 3, `${attempts} attempts`);
  assert.ok(elapsed <= 1500 + 250, `the call took ${elapsed.toFixed(0)} ms, its budget is 1500 ms`);
});

test('a persistent 503 is tried exactly maxRetries + 1 times, for 0, 1, 3 and 5 retries', { timeout: 20_000 }, async () => {
  for (const maxRetries of [0, 1, 3, 5]) {
    await reset();
    await fault({ method: 'GET', path: '/managed_accounts', status: 503, times: 100, headers: { 'retry-after-ms': '1' } });
    const error = await rejection(client({ maxRetries }).managedAccounts.list());
    assert.ok(error instanceof InternalServerError, `${error.name}: ${error.message}`);
    assert.equal((await requests()).length, maxRetries + 1, `maxRetries ${maxRetries}`);
  }
});

// ------------------------------------------------------------ server waits are capped

for (const [what, headers, wait] of [
  ['retry-after: 3600', () => ({ 'retry-after': '3600' }), [3_600_000, 3_600_000]],
  ['retry-after as an HTTP date an hour ahead', () => ({ 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }), [3_598_000, 3_600_000]],
  ['retry-after-ms: 3600000', () => ({ 'retry-after-ms': '3600000' }), [3_600_000, 3_600_000]],
  ['only x-ratelimit-reset: 3600', () => ({ 'x-ratelimit-reset': '3600' }), [3_600_000, 3_600_000]],
]) {
  test(`a 429 with ${what} fails fast with RateLimitError carrying the server's wait`, { timeout: 5_000 }, async () => {
    await fault({ method: 'GET', path: '/managed_accounts', status: 429, headers: headers() });
    const started = performance.now();
    const error = await rejection(client().managedAccounts.list());
    const elapsed = performance.now() - started;
    measured[`cappedWait ${what}`] = Math.round(elapsed);
    assert.ok(error instanceof RateLimitError, `${error.name}: ${error.message}`);
    assert.equal(error.status, 429);
    assert.ok(error.retryAfterMs >= wait[0] && error.retryAfterMs <= wait[1], `retryAfterMs ${error.retryAfterMs}`);
    assert.ok(elapsed < 200, `took ${elapsed.toFixed(0)} ms`);
    assert.equal((await requests()).length, 1, 'not retried');
  });
}

test('a wait under the cap but past the call budget fails fast instead of overrunning it', { timeout: 5_000 }, async () => {
  // Budget: callTimeout 3000 ms; the server asks for 10 s.
  await fault({ method: 'GET', path: '/managed_accounts', status: 429, headers: { 'retry-after': '10' } });
  const started = performance.now();
  const error = await rejection(client({ timeout: 1000, callTimeout: 3000, maxRetries: 2 }).managedAccounts.list());
  const elapsed = performance.now() - started;
  measured.waitPastBudgetMs = Math.round(elapsed);
  assert.ok(elapsed < 200, `took ${elapsed.toFixed(0)} ms`);
  assert.ok(error instanceof RateLimitError);
  assert.equal(error.retryAfterMs, 10_000);
  assert.equal((await requests()).length, 1);
});

test('after each of these failures the same client still works', { timeout: 10_000 }, async () => {
  const c = client({ timeout: 300, maxRetries: 1 });
  await fault({ method: 'GET', path: '/managed_accounts', status: 429, headers: { 'retry-after': '3600' } });
  await rejection(c.managedAccounts.list());
  await fault({ method: 'GET', path: '/managed_accounts', delay_ms: 2000, times: 3 });
  await rejection(c.managedAccounts.list());
  await rejection(c.managedAccounts.list({}, { signal: AbortSignal.timeout(20) }));
  await admin('DELETE', '/faults');
  const page = await c.managedAccounts.list();
  assert.ok(page.data.length > 0);
});
