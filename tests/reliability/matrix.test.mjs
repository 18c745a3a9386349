// The fault matrix: every fault of faults.mjs against every kind of call, in
// both modes, on the installed npm package against telnyx-mock. Each case
// checks the outcome and the number of attempts the mock saw, then makes a
// normal call on the same client to show nothing is left stuck.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Telnyx from 'telnyx-wasm';
import { client, reset, fault, requests, state, admin } from '../npm/helpers.mjs';
import { FAULTS, KINDS, KIND_LABELS, MODES, TIMEOUT_MS, UNKNOWN } from './faults.mjs';
import { writeResults } from './results.mjs';

const PAGE_SIZE = 10;
let seed;

before(async () => {
  await reset();
  const full = await state();
  const enabled = full.accounts.filter((a) => a.status === 'enabled');
  seed = {
    id: enabled[0].id,
    // What a walk of the list must yield: every account that is not cancelled.
    listed: full.accounts.filter((a) => a.status !== 'cancelled').map((a) => a.id).sort(),
  };
  assert.equal(seed.listed.length, 33, 'the default seed lists 33 accounts (4 pages of 10)');
});

after(() => writeResults('matrix', matrixResults));

const matrixResults = [];
let caseNumber = 0;

/** How each kind of call is made, where its fault goes, and what success looks like. */
const CALLS = {
  retrieve: {
    operation: 'managedAccounts.retrieve',
    rule: { method: 'GET', path: '/managed_accounts/*' },
    baseline: 1,
    call: (c) => c.managedAccounts.retrieve(seed.id),
    check: (result) => assert.equal(result.data.id, seed.id),
  },
  update: {
    operation: 'managedAccounts.update',
    rule: { method: 'PATCH', path: '/managed_accounts/*' },
    baseline: 1,
    call: (c) => c.managedAccounts.update(seed.id, { managed_account_allow_custom_pricing: true }),
    check: (result) => {
      assert.equal(result.data.id, seed.id);
      assert.equal(result.data.managed_account_allow_custom_pricing, true);
    },
  },
  disable: {
    operation: 'managedAccounts.actions.disable',
    rule: { method: 'POST', path: '/managed_accounts/*/actions/disable' },
    baseline: 1,
    call: (c) => c.managedAccounts.actions.disable(seed.id),
    // The account object has no status field: the mock's state says whether it is disabled.
    check: async (result) => {
      assert.equal(result.data.id, seed.id);
      assert.equal((await state()).accounts.find((a) => a.id === seed.id).status, 'disabled');
    },
  },
  create: {
    operation: 'managedAccounts.create',
    rule: { method: 'POST', path: '/managed_accounts' },
    baseline: 1,
    call: (c, name) => c.managedAccounts.create({ business_name: name }),
    check: (result, name) => assert.equal(result.data.organization_name, name),
  },
  createKeyed: {
    operation: 'managedAccounts.create',
    rule: { method: 'POST', path: '/managed_accounts' },
    baseline: 1,
    call: (c, name) => c.managedAccounts.create({ business_name: name }, { idempotencyKey: `key-${name.replace(/[^A-Za-z0-9_:-]/g, '_')}` }),
    check: (result, name) => assert.equal(result.data.organization_name, name),
  },
  list: {
    operation: 'managedAccounts.list',
    // Page 2 of 4: the walk must resume where it failed.
    rule: { method: 'GET', path: '/managed_accounts', skip: 1 },
    // Requests without a retry: 4 pages for a clean walk, 2 when it stops at page 2.
    baseline: 4,
    baselineOnError: 2,
    call: async (c) => {
      const ids = [];
      for await (const account of c.managedAccounts.list({ 'page[size]': PAGE_SIZE })) ids.push(account.id);
      return ids;
    },
    check: (ids) => assert.deepEqual([...ids].sort(), seed.listed, 'every account exactly once'),
  },
};

const attemptsOf = async (operation) => (await requests()).filter((r) => r.operation === operation);
const accountsNamed = async (name) => (await state()).accounts.filter((a) => a.organization_name === name).length;

/** A one-line description of an outcome, for failure messages and the report. */
function describeOutcome(expected) {
  if (expected.ok) return `ok after ${expected.attempts} attempts`;
  const status = expected.status === undefined ? 'no status' : expected.status;
  return `${expected.className} (${status}) after ${expected.attempts} attempts`;
}

async function runCase(mode, row, kind) {
  const expected = row[mode][kind];
  const how = CALLS[kind];
  const name = `Matrix ${mode} ${row.id} ${kind} ${++caseNumber}`;
  await reset();
  const timeout = row.timeout ?? TIMEOUT_MS;
  const c = client({ timeout, maxRetries: MODES[mode].maxRetries });
  await fault({ ...how.rule, times: MODES[mode].times, ...row.rule() });

  const started = performance.now();
  let result;
  let error;
  try {
    result = await how.call(c, name);
  } catch (e) {
    error = e;
  }
  const elapsed = performance.now() - started;
  const log = await attemptsOf(how.operation);
  const attempts = log.length;

  if (expected.ok) {
    assert.equal(error, undefined, `expected success, got ${error?.name}: ${error?.message}`);
    await how.check(result, name);
  } else {
    assert.ok(error, 'expected the call to fail, but it succeeded');
    assert.ok(error instanceof Telnyx[expected.className], `expected ${expected.className}, got ${error.name}: ${error.message}`);
    assert.equal(error.name, expected.className);
    assert.ok(error instanceof Telnyx.APIError);
    assert.equal(error.status, expected.status);
    if (expected.requestId) {
      assert.ok(error.requestID, 'the error carries the request id');
      assert.equal(error.requestID, log.at(-1).request_id, 'the request id is that of the last attempt');
    } else {
      assert.equal(error.requestID, undefined);
    }
    assert.deepEqual(
      error.errors.map((e) => e.code),
      expected.codes,
      'the parsed Telnyx errors',
    );
    if (expected.message) assert.match(error.message, expected.message);
    // Only a failure that may hide a committed create says so.
    if (expected.message !== UNKNOWN) assert.doesNotMatch(error.message, /may have been carried out/);
    if (Array.isArray(expected.retryAfterMs)) {
      assert.ok(error.retryAfterMs >= expected.retryAfterMs[0] && error.retryAfterMs <= expected.retryAfterMs[1], `retryAfterMs ${error.retryAfterMs}`);
    } else if (expected.retryAfterMs !== undefined) {
      assert.equal(error.retryAfterMs, expected.retryAfterMs);
    }
  }
  assert.equal(attempts, expected.attempts, `attempts seen by the mock (${describeOutcome(expected)})`);
  if (expected.created !== undefined) assert.equal(await accountsNamed(name), expected.created, 'accounts with this name');

  // Each retry waits as the fault says; the call never hangs past its retries.
  const retries = attempts - (expected.ok ? how.baseline : how.baselineOnError ?? how.baseline);
  assert.ok(elapsed >= retries * row.wait[0], `took ${elapsed.toFixed(0)} ms for ${retries} retries`);
  assert.ok(elapsed <= retries * row.wait[1] + (row.timeout ?? 0) + 1000, `took ${elapsed.toFixed(0)} ms for ${retries} retries`);

  // The same client, faults gone: a normal call of the same kind succeeds.
  await admin('DELETE', '/faults');
  const again = await how.call(c, `${name} again`);
  await how.check(again, `${name} again`);

  matrixResults.push({
    mode,
    fault: row.id,
    kind,
    ok: expected.ok,
    className: error?.name,
    status: error?.status,
    outcomeUnknown: error ? /may have been carried out/.test(error.message) : false,
    attempts,
    created: expected.created,
    elapsedMs: Math.round(elapsed),
  });
}

for (const [mode, { label, maxRetries }] of Object.entries(MODES)) {
  describe(`when ${label} (maxRetries ${maxRetries})`, () => {
    for (const row of FAULTS) {
      for (const kind of KINDS) {
        const expected = row[mode][kind];
        const outcome = expected.ok ? `succeeds after ${expected.attempts} attempts` : `fails with ${expected.className} after ${expected.attempts} attempts`;
        test(`${KIND_LABELS[kind]} under ${row.label} ${outcome}, and the client works afterwards`, { timeout: 15_000 }, () =>
          runCase(mode, row, kind),
        );
      }
    }
  });
}
