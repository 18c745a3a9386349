// The API key never shows: not in an error's message, stack, JSON or inspection,
// not in JSON.stringify or util.inspect of the client, not in anything printed
// to the console. Against a telnyx-mock started with --api-key, so the key is
// proven to be the one that works.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { execFile } from 'node:child_process';
import Telnyx, { AuthenticationError, ValidationError } from 'telnyx-wasm';
import { rejection } from '../npm/helpers.mjs';
import { localServer, stallAfterHeaders } from './local-server.mjs';

const KEY = process.env.TELNYX_RELIABILITY_KEY;
const MOCK = process.env.TELNYX_MOCK_KEYED_URL;
if (!KEY || !MOCK) throw new Error('run with tests/reliability/run.sh: it starts the keyed mock');
const BASE_URL = `${MOCK}/v2`;
// A wrong key of the same shape must not leak either.
const WRONG_KEY = `${KEY}_but_wrong`;

async function admin(method, path, body) {
  const res = await fetch(`${MOCK}/__admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Every way an object is commonly turned into text. */
function renderings(value) {
  const texts = [
    inspect(value, { showHidden: true, depth: Infinity }),
    JSON.stringify(value) ?? '',
    String(value),
  ];
  if (value instanceof Error) texts.push(value.message, String(value.stack), inspect(value.cause, { showHidden: true, depth: Infinity }));
  return texts;
}

function assertNoKey(what, value) {
  for (const text of renderings(value)) {
    assert.ok(!text.includes(KEY), `${what} shows the key: ${text.slice(0, 300)}`);
    assert.ok(!text.includes('must_never_be_printed'), `${what} shows part of the key`);
  }
}

before(() => admin('POST', '/reset'));

test('the key works against a mock that accepts only it, and a wrong key is an AuthenticationError', { timeout: 10_000 }, async () => {
  const page = await new Telnyx({ apiKey: KEY, baseURL: BASE_URL }).managedAccounts.list();
  assert.ok(page.data.length > 0);
  const error = await rejection(new Telnyx({ apiKey: WRONG_KEY, baseURL: BASE_URL }).managedAccounts.list());
  assert.ok(error instanceof AuthenticationError, `${error.name}: ${error.message}`);
  assert.equal(error.status, 401);
  assertNoKey('the AuthenticationError', error);
  const logged = (await admin('GET', '/requests')).data;
  assert.ok(logged.length >= 2);
  for (const entry of logged) assert.equal(entry.headers.authorization, 'Bearer [redacted]');
});

test('no error of any kind shows the key in its message, stack, JSON or inspection', { timeout: 20_000 }, async () => {
  await admin('POST', '/reset');
  const c = new Telnyx({ apiKey: KEY, baseURL: BASE_URL, maxRetries: 0, timeout: 300 });
  const stalled = await localServer(stallAfterHeaders);
  const errors = {};
  try {
    await admin('POST', '/faults', [
      { method: 'GET', path: '/managed_accounts', status: 503 },
      { method: 'POST', path: '/managed_accounts', status: 200, body: '{"data": [' },
      { method: 'GET', path: '/managed_accounts/*', drop_connection: true },
    ]);
    errors.api = await rejection(c.managedAccounts.list());
    errors.decode = await rejection(c.managedAccounts.create({ business_name: 'Secret Keeper' }));
    errors.dropped = await rejection(c.managedAccounts.retrieve('00000000-0000-4000-8000-000000000000'));
    errors.notFound = await rejection(c.managedAccounts.retrieve('00000000-0000-4000-8000-000000000000'));
    errors.refused = await rejection(new Telnyx({ apiKey: KEY, baseURL: 'http://127.0.0.1:9', maxRetries: 0 }).managedAccounts.list());
    errors.timeout = await rejection(new Telnyx({ apiKey: KEY, baseURL: stalled.url, timeout: 200, maxRetries: 0 }).managedAccounts.list());
    errors.abort = await rejection(c.managedAccounts.list({}, { signal: AbortSignal.abort() }));
    errors.validation = await rejection(c.managedAccounts.retrieve('../x'));
    errors.badKey = (() => {
      try {
        new Telnyx({ apiKey: `${KEY}\n`, baseURL: BASE_URL });
      } catch (e) {
        return e;
      }
    })();
    errors.browser = (() => {
      globalThis.window = { document: {} };
      try {
        new Telnyx({ apiKey: KEY, baseURL: BASE_URL });
      } catch (e) {
        return e;
      } finally {
        delete globalThis.window;
      }
    })();
  } finally {
    await stalled.close();
  }
  assert.deepEqual(
    Object.fromEntries(Object.entries(errors).map(([what, e]) => [what, e?.name])),
    {
      api: 'InternalServerError',
      decode: 'APIError',
      dropped: 'APIConnectionError',
      notFound: 'NotFoundError',
      refused: 'APIConnectionError',
      timeout: 'APIConnectionTimeoutError',
      abort: 'APIUserAbortError',
      validation: 'ValidationError',
      badKey: 'ValidationError',
      browser: 'TelnyxError',
    },
  );
  assert.ok(errors.badKey instanceof ValidationError);
  for (const [what, error] of Object.entries(errors)) assertNoKey(`the ${what} error`, error);
});

test('JSON.stringify and util.inspect of a client, and of one made by withOptions, do not show the key', () => {
  const c = new Telnyx({ apiKey: KEY, baseURL: BASE_URL, defaultHeaders: { 'x-team': 'billing' } });
  assert.equal(c.apiKey, KEY, 'the key is still readable on purpose, as in the official SDK');
  assertNoKey('the client', c);
  assertNoKey('a client from withOptions', c.withOptions({ timeout: 1000 }));
  assertNoKey('the managedAccounts resource', c.managedAccounts);
  assertNoKey("a call's promise", c.managedAccounts.list().catch(() => {}));
});

test('a program that logs its client and every error, then dies of an unhandled rejection, never prints the key', { timeout: 20_000 }, async () => {
  await admin('POST', '/reset');
  await admin('POST', '/faults', { method: 'GET', path: '/managed_accounts', status: 503, times: 10 });
  // The key comes from the environment, as in production.
  const program = `
    import Telnyx from 'telnyx-wasm';
    const client = new Telnyx({ maxRetries: 0 });
    console.log('client', client);
    console.dir(client, { showHidden: true, depth: null });
    console.log(JSON.stringify(client));
    for (const call of [
      () => client.managedAccounts.list(),
      () => client.managedAccounts.retrieve(''),
      () => new Telnyx({ apiKey: process.env.TELNYX_API_KEY + '-wrong' }).managedAccounts.retrieve('00000000-0000-4000-8000-000000000000'),
      () => new Telnyx({ baseURL: 'http://127.0.0.1:9', maxRetries: 0 }).managedAccounts.list(),
    ]) {
      try { await call(); } catch (error) {
        console.error(error);
        console.error('%s | %o', error, error);
        console.log(JSON.stringify(error), error.stack);
      }
    }
    console.warn(new Telnyx().withOptions({ timeout: 5 }));
    await client.managedAccounts.list();
  `;
  const { code, output } = await new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', program],
      { env: { ...process.env, TELNYX_API_KEY: KEY, TELNYX_BASE_URL: BASE_URL }, timeout: 15_000 },
      (error, stdout, stderr) => resolve({ code: error?.code ?? 0, output: `${stdout}\n${stderr}` }),
    );
  });
  assert.equal(code, 1, 'the program died of the unhandled rejection');
  for (const expected of ['InternalServerError', 'ValidationError', 'AuthenticationError', 'APIConnectionError', 'Telnyx']) {
    assert.ok(output.includes(expected), `the output shows ${expected}`);
  }
  assert.ok(!output.includes(KEY), `the output shows the key:\n${output}`);
  assert.ok(!output.includes('must_never_be_printed'), 'the output shows part of the key');
});
