// Every answer the wasm engine gives a client (all 12 operations and their
// documented errors) validates against the spec, with the contract tests'
// validator (mock-server/wasm/examples/check_answers.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createMock from 'telnyx-mock';
import TelnyxWasm from 'telnyx-wasm';
import { REPO } from '../helpers.mjs';

const NOBODY = '5c6b0a1e-0000-4000-8000-000000000000';

test('every answer of the wasm engine to every operation and its errors matches the spec', async () => {
  const mock = createMock({ apiKey: 'KEY_spec' });
  const answers = [];
  const recording = async (input, init) => {
    const response = await mock.fetch(input, init);
    const body = await response.clone().text();
    answers.push({ id: response.headers.get('x-request-id'), status: response.status, content_type: response.headers.get('content-type') ?? '', body });
    return response;
  };
  const client = (apiKey = 'KEY_spec') => new TelnyxWasm({ apiKey, baseURL: 'http://telnyx-mock.test/v2', fetch: recording, maxRetries: 0 });
  const api = client();
  const { accounts, users } = mock.state({ full: true });
  const enabled = accounts.find((a) => a.status === 'enabled').id;
  const disabled = accounts.find((a) => a.status === 'disabled').id;
  const owner = users.find((u) => u.record_type === 'organization_owner').id;
  const sub = users.find((u) => u.record_type === 'organization_sub_user').id;

  const created = (await api.managedAccounts.create({ business_name: 'Spec Co' })).data.id;
  const calls = [
    () => api.managedAccounts.list({ 'page[size]': 5 }),
    () => api.managedAccounts.update(created, { managed_account_allow_custom_pricing: true }),
    () => api.managedAccounts.updateGlobalChannelLimit(created, { channel_limit: 2 }),
    () => api.managedAccounts.retrieve(created),
    () => api.managedAccounts.getAllocatableGlobalOutboundChannels(),
    () => api.managedAccounts.actions.disable(enabled),
    () => api.managedAccounts.actions.enable(disabled, {}),
    () => api.organizations.users.list({ include_groups: true }),
    () => api.organizations.users.getGroupsReport(),
    () => api.organizations.users.getGroupsReport({ Accept: 'text/csv' }),
    () => api.organizations.users.retrieve(sub, { include_groups: true }),
    () => api.organizations.users.actions.remove(sub),
    () => api.managedAccounts.retrieve(NOBODY),
    () => api.organizations.users.retrieve(NOBODY),
    () => api.managedAccounts.create({ business_name: 'X', email: 'nope' }),
    () => api.organizations.users.actions.remove(owner),
    () => client('KEY_wrong').managedAccounts.list(),
  ];
  const failures = [];
  for (const call of calls) await call().catch((error) => failures.push(error.status));
  assert.deepEqual(failures.sort(), [401, 403, 404, 404, 422]);

  // The engine's request log names each answer's operation.
  const operations = new Map(mock.requests().map((entry) => [entry.request_id, entry.operation]));
  const checked = answers.map(({ id, ...answer }) => ({ operation: operations.get(id), ...answer }));
  assert.equal(new Set(checked.map((a) => a.operation)).size, 12, 'all 12 operations answered');
  const dir = mkdtempSync(join(tmpdir(), 'telnyx-mock-spec-'));
  try {
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify(checked));
    const run = spawnSync('cargo', ['run', '--quiet', '-p', 'telnyx-mock-wasm', '--example', 'check_answers', '--', file], { cwd: REPO, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.stdout.trim(), `${checked.length} answers match the spec`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
