// Error classes from the mock's real answers: class, name, status, headers,
// body, parsed errors, request id and a one-line message.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, * as exported from 'telnyx-wasm';
import { client, reset, fault, rejection, state, BASE_URL, API_KEY } from '../helpers.mjs';

const {
  TelnyxError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
  UnprocessableEntityError, RateLimitError, InternalServerError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, ValidationError,
} = exported;

beforeEach(reset);

function assertOneLine(error) {
  assert.ok(!error.message.includes('\n'), error.message);
  assert.ok(!error.message.includes('{"errors"'), `raw JSON in: ${error.message}`);
  assert.ok(!error.message.includes(API_KEY));
  assert.ok(!JSON.stringify(error).includes(API_KEY));
}

test('every error class is a named export, a static on Telnyx, and has its own name', () => {
  const names = [
    'TelnyxError', 'APIError', 'BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError',
    'ConflictError', 'UnprocessableEntityError', 'RateLimitError', 'InternalServerError', 'APIConnectionError',
    'APIConnectionTimeoutError', 'APIUserAbortError', 'ValidationError',
  ];
  for (const name of names) {
    assert.equal(typeof exported[name], 'function', name);
    assert.equal(Telnyx[name], exported[name], `Telnyx.${name}`);
    assert.equal(exported[name].prototype.name, name);
    assert.ok(exported[name].prototype instanceof Error, name);
  }
  assert.ok(new RateLimitError(429, undefined, 'x', new Headers()) instanceof APIError);
  assert.ok(new APIConnectionTimeoutError() instanceof APIConnectionError);
  assert.ok(new ValidationError('x') instanceof TelnyxError);
  assert.equal(exported.Telnyx, Telnyx);
});

test('a missing key gives AuthenticationError with the parsed Telnyx error and the request id', async () => {
  const error = await rejection(new Telnyx({ apiKey: null, baseURL: BASE_URL }).managedAccounts.list());
  assert.ok(error instanceof AuthenticationError);
  assert.ok(error instanceof APIError && error instanceof TelnyxError && error instanceof Error);
  assert.equal(error.name, 'AuthenticationError');
  assert.equal(error.status, 401);
  assert.equal(error.errors[0].code, '10009');
  assert.deepEqual(error.error.errors, error.errors);
  assert.match(error.requestID, /^[0-9a-f-]{36}$/);
  assert.equal(error.headers.get('x-request-id'), error.requestID);
  assert.equal(error.headers['x-request-id'], error.requestID);
  assert.ok(error.headers instanceof Headers);
  assert.match(error.message, /^401 Unauthorized: Authentication failed: .* \(code 10009; request id [0-9a-f-]{36}\)$/);
  assertOneLine(error);
});

test('an unknown id gives NotFoundError naming the id, code and pointer', async () => {
  const error = await rejection(client().managedAccounts.retrieve('00000000-0000-0000-0000-000000000000'));
  assert.ok(error instanceof NotFoundError);
  assert.equal(error.name, 'NotFoundError');
  assert.equal(error.status, 404);
  assert.match(error.message, /^404 Not Found: Resource not found: .*00000000-0000-0000-0000-000000000000.* \(code 10005, at \/id; request id /);
  assertOneLine(error);
});

test('a parameter the server rejects gives UnprocessableEntityError with its source', async () => {
  const error = await rejection(client().managedAccounts.list({ filter: { email: { contains: 'ab' } } }));
  assert.ok(error instanceof UnprocessableEntityError);
  assert.equal(error.status, 422);
  assert.equal(error.errors[0].source.parameter, 'filter[email][contains]');
  assert.match(error.message, /parameter filter\[email\]\[contains\]/);
  assertOneLine(error);
});

test('a channel limit past what the manager can allocate is a 422 pointing at channel_limit', async () => {
  const { accounts } = await state();
  const error = await rejection(client().managedAccounts.updateGlobalChannelLimit(accounts[0].id, { channel_limit: 1_000_000 }));
  assert.ok(error instanceof UnprocessableEntityError);
  assert.match(error.message, /at \/channel_limit/);
});

for (const [status, Class] of [
  [400, BadRequestError],
  [403, PermissionDeniedError],
  [409, ConflictError],
  [429, RateLimitError],
  [500, InternalServerError],
  [503, InternalServerError],
  [418, APIError],
]) {
  test(`a ${status} answer gives ${Class.prototype.name}`, async () => {
    await fault({ method: 'GET', path: '/managed_accounts/allocatable_global_outbound_channels', status });
    const error = await rejection(client({ maxRetries: 0 }).managedAccounts.getAllocatableGlobalOutboundChannels());
    assert.ok(error instanceof Class, `${error.name}: ${error.message}`);
    assert.equal(error.constructor, Class);
    assert.equal(error.name, Class.prototype.name);
    assert.equal(error.status, status);
    assert.ok(error.requestID);
    assert.match(error.message, new RegExp(`^${status}[ :]`));
    assertOneLine(error);
  });
}

test('an HTML error page gives the status class with a short message and no parsed errors', async () => {
  await fault({ path: '/managed_accounts', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', content_type: 'text/html' });
  const error = await rejection(client({ maxRetries: 0 }).managedAccounts.list());
  assert.ok(error instanceof InternalServerError);
  assert.deepEqual(error.errors, []);
  assert.equal(error.error, undefined);
  assert.match(error.message, /^502 Bad Gateway \(request id /);
});

test('a dropped connection gives APIConnectionError without a status', async () => {
  await fault({ path: '/managed_accounts/allocatable_global_outbound_channels', drop_connection: true });
  const error = await rejection(client({ maxRetries: 0 }).managedAccounts.getAllocatableGlobalOutboundChannels());
  assert.ok(error instanceof APIConnectionError);
  assert.ok(!(error instanceof APIConnectionTimeoutError));
  assert.equal(error.name, 'APIConnectionError');
  assert.equal(error.status, undefined);
  assert.match(error.message, /^Connection error: /);
});

test('a slow answer gives APIConnectionTimeoutError', async () => {
  await fault({ path: '/managed_accounts/allocatable_global_outbound_channels', delay_ms: 2000, times: 5 });
  const error = await rejection(client({ maxRetries: 0, timeout: 100 }).managedAccounts.getAllocatableGlobalOutboundChannels());
  assert.ok(error instanceof APIConnectionTimeoutError);
  assert.equal(error.name, 'APIConnectionTimeoutError');
  assert.equal(error.message, 'Request timed out after 100 ms.');
});

test('a 200 with malformed JSON, or an empty 200, gives APIError saying why', async () => {
  await fault({ path: '/managed_accounts/allocatable_global_outbound_channels', status: 200, body: '{"data": ', content_type: 'application/json' });
  let error = await rejection(client().managedAccounts.getAllocatableGlobalOutboundChannels());
  assert.equal(error.constructor, APIError);
  assert.equal(error.status, 200);
  assert.match(error.message, /^200 response could not be read: body is not a JSON object \(content-type: application\/json\)/);
  await fault({ path: '/managed_accounts/allocatable_global_outbound_channels', status: 200, body: '' });
  error = await rejection(client().managedAccounts.getAllocatableGlobalOutboundChannels());
  assert.match(error.message, /^200 response could not be read: empty body/);
});

test('an abort gives APIUserAbortError', async () => {
  const error = await rejection(client().managedAccounts.list({}, { signal: AbortSignal.abort() }));
  assert.ok(error instanceof APIUserAbortError);
  assert.equal(error.name, 'APIUserAbortError');
  assert.equal(error.message, 'Request was aborted.');
});
