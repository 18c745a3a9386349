// Shared by the Node tests: the mock server started by run.sh, its admin
// API, and a client pointed at it. The tests run from a scratch project that
// installed the package from its tarball, so `telnyx-wasm` resolves through
// the package's own exports map.

import Telnyx from 'telnyx-wasm';

export const MOCK = process.env.TELNYX_MOCK_URL;
if (!MOCK) throw new Error('TELNYX_MOCK_URL is not set: run the tests with tests/npm/run.sh');
export const BASE_URL = `${MOCK}/v2`;
export const API_KEY = 'KEY0123456789_test_secret_value';

export async function admin(method, path, body) {
  const res = await fetch(`${MOCK}/__admin${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Restores the seed and clears faults and the request log. */
export const reset = () => admin('POST', '/reset');
/** Adds fault rules (see mock-server/src/faults.rs). */
export const fault = (...rules) => admin('POST', '/faults', rules.length === 1 ? rules[0] : rules);
/** The requests the mock received since the last reset. */
export const requests = async () => (await admin('GET', '/requests')).data;
export const state = async () => (await admin('GET', '/state?full=true')).data;

export const client = (options = {}) => new Telnyx({ apiKey: API_KEY, baseURL: BASE_URL, ...options });

/** The rejection of a promise, failing when it resolves. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject, but it resolved');
}

/** Ids of the seeded accounts and users, read through the admin API. */
export async function seedIds() {
  const full = await state();
  return { full, accounts: full.accounts, users: full.users };
}
