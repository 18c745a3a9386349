// `npx telnyx-mock` from the installed tarball: the program's flags, its
// announce line, the admin API, log lines, clear errors and a clean stop.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { start } from '../helpers.mjs';

const app = fileURLToPath(new URL('../', import.meta.url));
const bin = `${app}node_modules/.bin/telnyx-mock`;

test('npx telnyx-mock --port 0 prints its URL, serves the API and the admin API, logs each request and stops on SIGTERM', async () => {
  const server = await start('npx', ['--no-install', 'telnyx-mock', '--port', '0', '--accounts', '12', '--api-key', 'KEY_cli'], { cwd: app });
  try {
    const url = server.match;
    assert.match(server.output().stdout, /^telnyx-mock listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const auth = { authorization: 'Bearer KEY_cli' };
    const list = await fetch(`${url}/v2/managed_accounts?page[size]=5`, { headers: auth });
    assert.equal(list.status, 200);
    assert.equal((await list.json()).meta.total_results, 12);
    assert.equal((await fetch(`${url}/v2/managed_accounts`, { headers: { authorization: 'Bearer nope' } })).status, 401);

    const rule = await fetch(`${url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ method: 'POST', path: '/managed_accounts', drop_connection: true }) });
    assert.equal(rule.status, 201);
    const create = fetch(`${url}/v2/managed_accounts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"business_name":"Cli"}' });
    await assert.rejects(create, (error) => error instanceof TypeError && /other side closed/.test(String(error.cause?.message)));
    const created = await fetch(`${url}/v2/managed_accounts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"business_name":"Cli"}' });
    assert.equal((await created.json()).data.organization_name, 'Cli');
    const state = await (await fetch(`${url}/__admin/state`)).json();
    assert.equal(state.data.counts.accounts, 13);
  } finally {
    // The group's SIGTERM also ends npx itself; the server's own exit is checked below.
    await server.stop('SIGTERM');
    const { stderr } = server.output();
    assert.match(stderr, /^200 GET \/v2\/managed_accounts\?page\[size\]=5 \d+\.\d\dms id=[0-9a-f-]{36}$/m);
    assert.match(stderr, /^--- POST \/v2\/managed_accounts \d+\.\d\dms id=[0-9a-f-]{36} fault=1$/m);
    assert.match(stderr, /telnyx-mock: stopped\n$/);
  }
});

test('a --scenario, --latency-ms and --quiet reach the engine', async () => {
  const server = await start(bin, ['--port', '0', '--scenario', 'rate-limited', '--latency-ms', '120', '--quiet']);
  try {
    const started = performance.now();
    const response = await fetch(`${server.match}/v2/managed_accounts`, { headers: { authorization: 'Bearer k' } });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '60');
    assert.ok(performance.now() - started >= 110, 'the latency was applied');
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0);
  }
  assert.equal(server.output().stderr, 'telnyx-mock: stopped\n');
});

test('unknown flags, bad numbers and flags that exclude each other exit 2 with a message', () => {
  const run = (...args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  const unknown = run('--prot', '4010');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown option '--prot'/);
  const number = run('--accounts', 'many');
  assert.equal(number.status, 2);
  assert.match(number.stderr, /invalid value 'many' for --accounts/);
  const both = run('--accounts', '3', '--scenario', 'rate-limited');
  assert.equal(both.status, 2);
  assert.equal(both.stderr, 'telnyx-mock: accounts/users and scenario exclude each other: give one\n');
  const scenario = run('--scenario', 'nope');
  assert.match(scenario.stderr, /no scenario is called `nope`/);
  assert.match(run('--help').stdout, /--scenario NAME/);
});
