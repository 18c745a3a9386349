// The engine's scenario table (tests/scenarios/engine.json) against the npm
// package. tests/contract/tests/engine_scenarios.rs runs the same table
// against the native client: both run telnyx-core's one call engine, and
// both must give exactly the outcomes the table names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { client, fault, requests, reset, seedIds } from '../helpers.mjs';

const { scenarios } = JSON.parse(readFileSync(`${process.env.TELNYX_REPO}/tests/scenarios/engine.json`, 'utf8'));

const TARGETS = {
  retrieve: ['GET', '/managed_accounts/{id}', 'managedAccounts.retrieve'],
  list: ['GET', '/managed_accounts', 'managedAccounts.list'],
  create: ['POST', '/managed_accounts', 'managedAccounts.create'],
  createKeyed: ['POST', '/managed_accounts', 'managedAccounts.create'],
};

test('the scenario table is there', () => assert.ok(scenarios.length >= 15));

scenarios.forEach((scenario, index) => {
  test(`engine scenario: ${scenario.name}`, async () => {
    await reset();
    const [method, path, operation] = TARGETS[scenario.call];
    for (const rule of scenario.faults) await fault({ ...rule, method, path });
    const options = {};
    if (scenario.maxRetries !== undefined) options.maxRetries = scenario.maxRetries;
    if (scenario.timeout !== undefined) options.timeout = scenario.timeout;
    const accounts = client(options).managedAccounts;
    const calls = {
      retrieve: async () => accounts.retrieve((await seedIds()).accounts.find((a) => a.status === 'enabled').id),
      list: () => accounts.list(),
      create: () => accounts.create({ business_name: `Scenario ${index}` }),
      createKeyed: () => accounts.create({ business_name: `Scenario ${index}` }, { idempotencyKey: `scenario-${index}` }),
    };
    let got;
    try {
      await calls[scenario.call]();
      got = { ok: true };
    } catch (error) {
      got = { class: error.name, outcomeUnknown: /may have been carried out/.test(error.message) };
      if (error.status !== undefined) got.status = error.status;
      if (error.retryAfterMs !== undefined) got.retryAfterMs = error.retryAfterMs;
    }
    got.attempts = (await requests()).filter((r) => r.operation === operation).length;
    assert.deepEqual(got, scenario.expect);
  });
});
