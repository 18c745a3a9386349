// Client and per-call options, promise helpers, retries, abort and timeouts.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import Telnyx, { APIPromise, APIUserAbortError, APIConnectionTimeoutError, InternalServerError, RateLimitError, ValidationError } from 'telnyx-wasm';
import { client, reset, fault, requests, rejection, state, BASE_URL, API_KEY } from '../helpers.mjs';

beforeEach(reset);

const CHANNELS = '/managed_accounts/allocatable_global_outbound_channels';
const attempts = async (operation) => (await requests()).filter((r) => r.operation === operation).length;

test('TELNYX_API_KEY and TELNYX_BASE_URL are the defaults in Node', async () => {
  const script = `import Telnyx from 'telnyx-wasm';
    const c = new Telnyx();
    const r = await c.managedAccounts.getAllocatableGlobalOutboundChannels();
    console.log(JSON.stringify({ base: c.baseURL, key: c.apiKey, ok: typeof r.data.allocatable_global_outbound_channels }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, TELNYX_API_KEY: 'env-key-1', TELNYX_BASE_URL: BASE_URL },
    encoding: 'utf8',
  });
  assert.deepEqual(JSON.parse(out), { base: BASE_URL, key: 'env-key-1', ok: 'number' });
  assert.equal((await requests()).at(-1).headers.authorization, 'Bearer [redacted]');
});

test('the defaults match the official SDK: 60 s timeout, 2 retries, the production base URL', () => {
  const c = new Telnyx({ apiKey: 'k', baseURL: undefined });
  assert.equal(c.timeout, 60000);
  assert.equal(Telnyx.DEFAULT_TIMEOUT, 60000);
  assert.equal(c.maxRetries, 2);
  assert.equal(c.baseURL, process.env.TELNYX_BASE_URL || 'https://api.telnyx.com/v2');
});

test('defaultHeaders and per-call headers reach the server, per-call ones winning', async () => {
  const c = client({ defaultHeaders: { 'x-team': 'billing', 'x-trace': 'default' } });
  await c.managedAccounts.getAllocatableGlobalOutboundChannels({ headers: { 'x-trace': 'call-1' } });
  const sent = (await requests()).at(-1).headers;
  assert.equal(sent['x-team'], 'billing');
  assert.equal(sent['x-trace'], 'call-1');
  await c.managedAccounts.getAllocatableGlobalOutboundChannels({ headers: new Headers([['x-trace', 'call-2']]) });
  assert.equal((await requests()).at(-1).headers['x-trace'], 'call-2');
});

test('a custom fetch is used for every request', async () => {
  const seen = [];
  const c = client({ fetch: (url, init) => (seen.push([init.method, url]), fetch(url, init)) });
  await c.managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.deepEqual(seen, [['GET', `${BASE_URL}${CHANNELS}`]]);
});

test('asResponse gives the Response and withResponse gives data and response', async () => {
  const promise = client().managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.ok(promise instanceof APIPromise);
  assert.ok(promise instanceof Promise);
  const response = await promise.asResponse();
  assert.ok(response instanceof Response);
  assert.equal(response.status, 200);
  assert.ok(response.headers.get('x-request-id'));
  assert.equal(typeof (await response.json()).data, 'object');
  const { data, response: again } = await client().managedAccounts.getAllocatableGlobalOutboundChannels().withResponse();
  assert.equal(typeof data.data.allocatable_global_outbound_channels, 'number');
  assert.equal(again.status, 200);
  const page = await client().managedAccounts.list().withResponse();
  assert.ok(page.data.data.length > 0);
});

test('maxRetries per call bounds the attempts; retries that succeed resolve normally', async () => {
  await fault({ path: CHANNELS, status: 503, times: 2, headers: { 'retry-after-ms': '5' } });
  const ok = await client().managedAccounts.getAllocatableGlobalOutboundChannels();
  assert.equal(typeof ok.data.allocatable_global_outbound_channels, 'number');
  assert.equal(await attempts('managedAccounts.getAllocatableGlobalOutboundChannels'), 3);
  await reset();
  await fault({ path: CHANNELS, status: 503, times: 5, headers: { 'retry-after-ms': '5' } });
  const error = await rejection(client().managedAccounts.getAllocatableGlobalOutboundChannels({ maxRetries: 1 }));
  assert.ok(error instanceof InternalServerError);
  assert.equal(await attempts('managedAccounts.getAllocatableGlobalOutboundChannels'), 2);
});

test('retry-after in seconds, as an HTTP date, retry-after-ms and x-ratelimit-reset are each honoured', async () => {
  for (const hint of [
    () => ({ 'retry-after': '1' }),
    () => ({ 'retry-after': new Date(Date.now() + 1500).toUTCString() }),
    () => ({ 'retry-after-ms': '300' }),
    () => ({ 'x-ratelimit-reset': '1' }),
  ]) {
    await reset();
    const headers = hint();
    await fault({ path: CHANNELS, status: 429, headers });
    const started = performance.now();
    await client().managedAccounts.getAllocatableGlobalOutboundChannels();
    const waited = performance.now() - started;
    assert.ok(waited >= 250, `${JSON.stringify(headers)}: waited ${waited} ms`);
    assert.ok(waited < 3000, `${JSON.stringify(headers)}: waited ${waited} ms`);
    assert.equal(await attempts('managedAccounts.getAllocatableGlobalOutboundChannels'), 2);
  }
});

test('a server wait past the cap fails fast with RateLimitError carrying the wait', async () => {
  await fault({ path: CHANNELS, status: 429, headers: { 'retry-after': '3600' } });
  const started = performance.now();
  const error = await rejection(client().managedAccounts.getAllocatableGlobalOutboundChannels());
  assert.ok(performance.now() - started < 1000);
  assert.ok(error instanceof RateLimitError);
  assert.equal(error.retryAfterMs, 3_600_000);
  assert.equal(error.headers['retry-after'], '3600');
  assert.equal(await attempts('managedAccounts.getAllocatableGlobalOutboundChannels'), 1);
});

test('a create whose reply is lost is not repeated, the error says the outcome is unknown, and no duplicate exists', async () => {
  const before = (await state()).accounts.length;
  await fault({ method: 'POST', path: '/managed_accounts', status: 503, after_commit: true });
  const error = await rejection(client().managedAccounts.create({ business_name: 'Once Only Ltd' }));
  assert.ok(error instanceof InternalServerError);
  assert.match(error.message, /may have been carried out/);
  assert.match(error.message, /Idempotency-Key/);
  assert.equal(await attempts('managedAccounts.create'), 1);
  const after = (await state()).accounts;
  assert.equal(after.length, before + 1);
  assert.equal(after.filter((a) => a.organization_name === 'Once Only Ltd').length, 1);
});

test('a create with an idempotency key is retried safely and the account exists once', async () => {
  await fault({ method: 'POST', path: '/managed_accounts', drop_connection: true, after_commit: true });
  const created = await client().managedAccounts.create({ business_name: 'Keyed Create Ltd' }, { idempotencyKey: 'create-keyed-1' });
  assert.equal(created.data.organization_name, 'Keyed Create Ltd');
  assert.equal(await attempts('managedAccounts.create'), 2);
  const accounts = (await state()).accounts.filter((a) => a.organization_name === 'Keyed Create Ltd');
  assert.equal(accounts.length, 1);
  assert.equal(accounts[0].id, created.data.id);
});

test('an abort during a backoff wait rejects within 50 ms', async () => {
  await fault({ path: CHANNELS, status: 503, times: 5, headers: { 'retry-after': '30' } });
  const controller = new AbortController();
  const call = client().managedAccounts.getAllocatableGlobalOutboundChannels({ signal: controller.signal });
  await new Promise((r) => setTimeout(r, 200));
  const aborted = performance.now();
  controller.abort();
  const error = await rejection(call);
  assert.ok(performance.now() - aborted < 50, `${performance.now() - aborted} ms`);
  assert.ok(error instanceof APIUserAbortError);
});

test('an abort during a request rejects within 50 ms', async () => {
  await fault({ path: CHANNELS, delay_ms: 5000 });
  const controller = new AbortController();
  const call = client().managedAccounts.getAllocatableGlobalOutboundChannels({ signal: controller.signal });
  await new Promise((r) => setTimeout(r, 100));
  const aborted = performance.now();
  controller.abort();
  const error = await rejection(call);
  assert.ok(performance.now() - aborted < 50, `${performance.now() - aborted} ms`);
  assert.ok(error instanceof APIUserAbortError);
});

test('the timeout covers the body: a stalled body times out', async () => {
  // A server that sends the headers and part of the body, then stalls.
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data": {');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const c = new Telnyx({ apiKey: 'k', baseURL: `http://127.0.0.1:${server.address().port}`, maxRetries: 0, timeout: 300 });
    const started = performance.now();
    const error = await rejection(c.managedAccounts.getAllocatableGlobalOutboundChannels());
    const took = performance.now() - started;
    assert.ok(error instanceof APIConnectionTimeoutError, error.message);
    assert.ok(took >= 290 && took < 1500, `${took} ms`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a client keeps working after validation, API, timeout and abort errors', async () => {
  const c = client({ maxRetries: 0 });
  await rejection(c.managedAccounts.retrieve('../x'));
  await rejection(c.managedAccounts.retrieve('00000000-0000-0000-0000-000000000000'));
  await fault({ path: CHANNELS, delay_ms: 1000 });
  await rejection(c.managedAccounts.getAllocatableGlobalOutboundChannels({ timeout: 50 }));
  await rejection(c.managedAccounts.list({}, { signal: AbortSignal.abort() }));
  const ok = await c.managedAccounts.list();
  assert.ok(ok.data.length > 0);
});

test('unknown client options and bad option values are rejected at construction, naming the option', () => {
  for (const [options, field] of [
    [{ bogus: 1 }, 'bogus'],
    [{ baseURL: 'api.telnyx.com' }, 'baseURL'],
    [{ timeout: -1 }, 'timeout'],
    [{ timeout: 'soon' }, 'timeout'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ maxRetries: 1e9 }, 'maxRetries'],
    [{ defaultHeaders: { 'bad name': 'x' } }, 'defaultHeaders'],
    [{ apiKey: 42 }, 'apiKey'],
    [{ fetch: 'nope' }, 'fetch'],
  ]) {
    assert.throws(() => new Telnyx({ apiKey: 'k', ...options }), (e) => e instanceof ValidationError && e.message.includes(`\`${field}`), JSON.stringify(options));
  }
});

test('the key never appears in errors, their JSON, or the client', async () => {
  const c = new Telnyx({ apiKey: API_KEY, baseURL: 'http://127.0.0.1:9', maxRetries: 0 });
  const error = await rejection(c.managedAccounts.list());
  for (const text of [error.message, JSON.stringify(error), String(error.stack), JSON.stringify(c), JSON.stringify(c.withOptions({ timeout: 5 }))]) {
    assert.ok(!text.includes(API_KEY), text);
  }
  const bad = (() => {
    try {
      new Telnyx({ apiKey: `${API_KEY}\n`, baseURL: BASE_URL });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(bad instanceof ValidationError);
  assert.ok(!bad.message.includes(API_KEY));
});

test('with callTimeout, retries stay within the call budget: no wait starts that would overrun it', async () => {
  await fault({ path: CHANNELS, status: 503, times: 5, headers: { 'retry-after': '2' } });
  const started = performance.now();
  const error = await rejection(client({ timeout: 300, callTimeout: 900, maxRetries: 2 }).managedAccounts.getAllocatableGlobalOutboundChannels());
  assert.ok(error instanceof InternalServerError);
  assert.ok(performance.now() - started < 500, `${performance.now() - started} ms`);
  assert.equal(await attempts('managedAccounts.getAllocatableGlobalOutboundChannels'), 1);
  await reset();
  await fault({ path: CHANNELS, delay_ms: 2000, times: 5 });
  const slow = performance.now();
  const timeout = await rejection(client({ timeout: 200, callTimeout: 600, maxRetries: 2 }).managedAccounts.getAllocatableGlobalOutboundChannels());
  const took = performance.now() - slow;
  assert.ok(timeout instanceof APIConnectionTimeoutError);
  assert.ok(took < 600 + 150, `${took} ms for a 3 x 200 ms budget`);
  assert.ok((await attempts('managedAccounts.getAllocatableGlobalOutboundChannels')) <= 3);
});

test('a create that could not connect at all is retried and does not claim an unknown outcome', async () => {
  // A port that was free a moment ago: connecting is refused.
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  let calls = 0;
  const c = new Telnyx({
    apiKey: 'k',
    baseURL: `http://127.0.0.1:${port}/v2`,
    maxRetries: 1,
    fetch: (url, init) => (calls++, fetch(url, init)),
  });
  const error = await rejection(c.managedAccounts.create({ business_name: 'Never Sent Ltd' }));
  assert.equal(error.name, 'APIConnectionError');
  assert.equal(calls, 2);
  assert.doesNotMatch(error.message, /may have been carried out/);
});
