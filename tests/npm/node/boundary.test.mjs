// The wasm boundary: whatever a caller's fetch, signal or response does, the
// call settles with a typed error and the module keeps working. gloo-net's
// own `send()`/`text()` would trap (`unreachable!`) on a rejection that is not
// an Error; the binding calls `fetch` and `text()` through `catch` imports
// instead (crates/telnyx-wasm/README.md, "What the named packages do").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, { APIConnectionError, APIUserAbortError, APIError } from 'telnyx-wasm';
import { API_KEY, BASE_URL, client, rejection, reset } from '../helpers.mjs';

const CHANNELS = (c, options) => c.managedAccounts.getAllocatableGlobalOutboundChannels(options);

/** A client whose fetch rejects with `value`, without retries. */
const rejecting = (value) => client({ maxRetries: 0, fetch: () => Promise.reject(value) });

for (const [what, value] of [
  ['a string', 'stop'],
  ['a number', 42],
  ['null', null],
  ['undefined', undefined],
  ['a plain object', { reason: 'nope' }],
  ['a Symbol', Symbol('odd')],
]) {
  test(`a fetch rejecting with ${what} rejects the call with APIConnectionError carrying it as the cause, and the module keeps working`, async () => {
    const error = await rejection(CHANNELS(rejecting(value)));
    assert.ok(error instanceof APIConnectionError, `${error?.name}: ${error?.message}`);
    assert.equal(error.cause, value);
    const ok = await CHANNELS(client());
    assert.equal(typeof ok.data.allocatable_global_outbound_channels, 'number');
  });
}

test('a fetch that throws synchronously rejects the call with APIConnectionError', async () => {
  const boom = new TypeError('boom');
  const error = await rejection(CHANNELS(client({ maxRetries: 0, fetch: () => { throw boom; } })));
  assert.ok(error instanceof APIConnectionError);
  assert.equal(error.cause, boom);
});

for (const [what, value] of [
  ['a plain object', { status: 200 }],
  ['a string', 'ok'],
  ['null', null],
]) {
  test(`a fetch resolving with ${what} instead of a Response rejects with APIConnectionError`, async () => {
    const error = await rejection(CHANNELS(client({ maxRetries: 0, fetch: async () => value })));
    assert.ok(error instanceof APIConnectionError);
    assert.match(error.message, /not a Response/);
  });
}

test('a Response whose body read rejects with a string gives APIConnectionError, not a trap', async () => {
  class Odd extends Response {
    text() {
      return Promise.reject('no body for you');
    }
  }
  const error = await rejection(CHANNELS(client({ maxRetries: 0, fetch: async () => new Odd('{}') })));
  assert.ok(error instanceof APIConnectionError);
  assert.equal(error.cause, 'no body for you');
});

test('a global fetch replaced by one rejecting with a string is guarded too', async () => {
  const original = globalThis.fetch;
  globalThis.fetch = () => Promise.reject('patched');
  try {
    const error = await rejection(CHANNELS(new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL, maxRetries: 0 })));
    assert.ok(error instanceof APIConnectionError);
    assert.equal(error.cause, 'patched');
  } finally {
    globalThis.fetch = original;
  }
  assert.ok((await CHANNELS(client())).data);
});

for (const [what, reason] of [
  ['a string', 'stop'],
  ['a number', 7],
  ['a plain object', { why: 'user' }],
  ['null', null],
]) {
  test(`an abort with ${what} as its reason rejects with APIUserAbortError, and the module keeps working`, async () => {
    const controller = new AbortController();
    // A fetch that never answers and ignores its signal: only the abort can end the call.
    const hung = client({ fetch: () => new Promise(() => {}) });
    setTimeout(() => controller.abort(reason), 10);
    const error = await rejection(CHANNELS(hung, { signal: controller.signal }));
    assert.ok(error instanceof APIUserAbortError, `${error?.name}: ${error?.message}`);
    assert.ok((await CHANNELS(client())).data);
  });
}

test('a custom fetch gets the official shape: (url, { method, headers: Headers, body, signal })', async () => {
  await reset();
  const seen = [];
  const c = client({
    fetch: (url, init) => {
      seen.push({ url, init });
      return fetch(url, init);
    },
  });
  await c.managedAccounts.create({ business_name: 'Shape Ltd' });
  const [{ url, init }] = seen;
  assert.equal(url, `${BASE_URL}/managed_accounts`);
  assert.equal(init.method, 'POST');
  assert.ok(init.headers instanceof Headers);
  assert.equal(init.headers.get('authorization'), `Bearer ${API_KEY}`);
  assert.equal(init.headers.get('content-type'), 'application/json');
  assert.equal(init.body, '{"business_name":"Shape Ltd"}');
  assert.ok(init.signal instanceof AbortSignal);
});

test('two calls at once on one client both settle: the async export borrows the client shared, never exclusively', async () => {
  const c = client();
  const [a, b, e] = await Promise.all([CHANNELS(c), c.managedAccounts.list({ page: { size: 2 } }), rejection(c.managedAccounts.retrieve('missing-id'))]);
  assert.ok(a.data);
  assert.equal(b.data.length, 2);
  assert.ok(e instanceof APIError);
});

test('hostile values in the new options settle as clear errors and the module keeps working', async () => {
  const cycle = {};
  cycle.self = cycle;
  const throwingGetter = Object.defineProperty({}, 'cache', { enumerable: true, get() { throw new Error('getter'); } });
  const throwingLogger = new Proxy({}, { get() { throw new Error('logger trap'); } });
  const cases = [
    () => client().post('/managed_accounts', { body: cycle }),
    () => client().post('/managed_accounts', { body: 10n }),
    () => client().get('/managed_accounts', { query: { n: 10n } }),
    () => client().get('/managed_accounts', { query: { list: [1, 2] } }),
    () => client().get('/managed_accounts', { query: { deep: { a: { b: { c: { d: 1 } } } } } }),
    () => client({ fetchOptions: throwingGetter }).get('/managed_accounts'),
    () => client({ defaultQuery: 'a=1' }).get('/managed_accounts'),
  ];
  for (const make of cases) {
    let error;
    try {
      await make();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof Telnyx.TelnyxError, `${make}: ${error}`);
    assert.match(error.message, /Invalid `/, `${make}: ${error.message}`);
  }
  // A logger whose every property read throws is ignored, as a missing method is.
  const logged = await CHANNELS(client({ logLevel: 'debug', logger: throwingLogger }));
  assert.equal(typeof logged.data.allocatable_global_outbound_channels, 'number');
  const ok = await CHANNELS(client());
  assert.equal(typeof ok.data.allocatable_global_outbound_channels, 'number');
});
