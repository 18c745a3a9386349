// telnyx-mock/worker under `wrangler dev` (local workerd): each named mock's
// state is in its Durable Object's SQLite storage and comes back after a
// restart with the same --persist-to directory; the admin token, the API key,
// the name check and the body limit refuse what they should and leave the
// stored state as it was.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import createMock from 'telnyx-mock';
import { wranglerDev } from '../helpers.mjs';

const cwd = fileURLToPath(new URL('../worker/', import.meta.url));
const ADMIN_TOKEN = 'admin-token-for-tests';
const API_KEY = 'KEY_persisted';
const secrets = { TELNYX_MOCK_ADMIN_TOKEN: ADMIN_TOKEN, TELNYX_MOCK_API_KEY: API_KEY };
const api = { authorization: `Bearer ${API_KEY}` };
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { 'content-type': 'application/json' };
/** The Worker's BODY_LIMIT (mock-server/npm/worker.js). */
const BODY_LIMIT = 8 * 1024 * 1024;

/** One request sent as is (no URL normalisation, any Host): `{ status, text, headers }`. */
function raw(base, method, path, headers = {}, body) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

async function call(base, method, path, { headers = {}, body } = {}) {
  const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? headers : { ...json, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** The mock's whole state as text, with the right token. */
async function snapshotText(base, name) {
  const res = await fetch(`${base}/${name}/__admin/snapshot`, { headers: admin });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return text;
}

/** The Durable Objects' SQLite files (one per object) wrangler keeps under --persist-to. */
function objectFiles(persistTo) {
  const dir = join(persistTo, 'v3', 'do');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((ns) => readdirSync(join(dir, ns)).filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f)).map((f) => `${ns}/${f}`)).sort();
}

const disabledIds = async (base) =>
  (await call(base, 'GET', '/team-p/v2/managed_accounts?filter[status][eq]=disabled&page[size]=250', { headers: api })).json.data.map((a) => a.id);

// Every --persist-to directory of this file, removed when it ends.
const states = mkdtempSync(join(tmpdir(), 'telnyx-mock-do-'));
after(() => rmSync(states, { recursive: true, force: true }));
const stateDir = () => mkdtempSync(join(states, 'run-'));

test('a named mock keeps its accounts, users and idempotency records when wrangler dev restarts on the same storage', { timeout: 240_000 }, async () => {
  const persistTo = stateDir();
  let wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  let replayKey, created, disabledId, removedUserId, before;
  try {
    const base = wrangler.url;
    const plain = await call(base, 'POST', '/team-p/v2/managed_accounts', { headers: api, body: { business_name: 'Kept Co' } });
    assert.equal(plain.status, 200, plain.text);
    disabledId = plain.json.data.id;
    replayKey = 'persist-key-1';
    created = await call(base, 'POST', '/team-p/v2/managed_accounts', { headers: { ...api, 'idempotency-key': replayKey }, body: { business_name: 'Once Co' } });
    assert.equal(created.status, 200, created.text);
    const disabled = await call(base, 'POST', `/team-p/v2/managed_accounts/${disabledId}/actions/disable`, { headers: api });
    assert.equal(disabled.status, 200, disabled.text);
    assert.ok((await disabledIds(base)).includes(disabledId));
    const users = await call(base, 'GET', '/team-p/v2/organizations/users?page[size]=250', { headers: api });
    removedUserId = users.json.data.find((u) => u.record_type !== 'organization_owner').id;
    const removed = await call(base, 'POST', `/team-p/v2/organizations/users/${removedUserId}/actions/remove`, { headers: api });
    assert.equal(removed.status, 200, removed.text);
    before = await snapshotText(base, 'team-p');
    assert.equal(JSON.parse(before).idempotency.length, 1);
  } finally {
    await wrangler.stop();
  }

  wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  try {
    const base = wrangler.url;
    assert.equal(await snapshotText(base, 'team-p'), before, 'the restarted object holds the same snapshot, byte for byte');
    const state = await call(base, 'GET', '/team-p/__admin/state', { headers: admin });
    assert.equal(state.json.data.counts.accounts, 38);
    assert.equal(state.json.data.idempotency_keys, 1);
    const account = await call(base, 'GET', `/team-p/v2/managed_accounts/${disabledId}`, { headers: api });
    assert.equal(account.status, 200, account.text);
    assert.equal(account.json.data.organization_name, 'Kept Co');
    assert.ok((await disabledIds(base)).includes(disabledId), 'the disable survived');
    const user = await call(base, 'GET', `/team-p/v2/organizations/users/${removedUserId}`, { headers: api });
    assert.equal(user.status, 404, 'the removed user is still gone');
    const replay = await call(base, 'POST', '/team-p/v2/managed_accounts', { headers: { ...api, 'idempotency-key': replayKey }, body: { business_name: 'Once Co' } });
    assert.equal(replay.status, 200, replay.text);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.text, created.text, 'the replay answers the same account');
    assert.equal((await call(base, 'GET', '/team-p/__admin/state', { headers: admin })).json.data.counts.accounts, 38, 'the replay created nothing');
    assert.equal((await call(base, 'GET', '/team-q/__admin/state', { headers: admin })).json.data.counts.accounts, 36, 'another name starts from the seed');
    // The reset point is the seed still, not the state the object woke up with.
    const reset = await call(base, 'POST', '/team-p/__admin/reset', { headers: admin });
    assert.equal(reset.json.data.accounts, 36, reset.text);
  } finally {
    await wrangler.stop();
  }
});

test('a state larger than one storage row, loaded as a scenario or imported as a snapshot, comes back whole after a restart', { timeout: 240_000 }, async () => {
  const persistTo = stateDir();
  // 6,000 accounts: a snapshot of ~3.3 MB, past the 2 MB a SQLite-backed object stores in one row.
  const imported = JSON.stringify(createMock({ accounts: 6000 }).snapshot());
  assert.ok(imported.length > 3_000_000, `${imported.length} bytes`);
  let wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  let scenario, snapshot;
  try {
    const base = wrangler.url;
    const loaded = await call(base, 'PUT', '/big-s/__admin/scenarios/many-accounts', { headers: admin });
    assert.equal(loaded.status, 200, loaded.text);
    const extra = await call(base, 'POST', '/big-s/v2/managed_accounts', { headers: api, body: { business_name: 'After The Load' } });
    assert.equal(extra.status, 200, extra.text);
    scenario = await snapshotText(base, 'big-s');
    assert.ok(scenario.length > 2_700_000, `${scenario.length} bytes`);

    const put = await fetch(`${base}/big-i/__admin/snapshot`, { method: 'PUT', headers: { ...admin, ...json }, body: imported });
    assert.equal(put.status, 200, await put.text());
    snapshot = await snapshotText(base, 'big-i');
    assert.equal(JSON.parse(snapshot).accounts.length, 6000);
  } finally {
    await wrangler.stop();
  }

  wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  try {
    const base = wrangler.url;
    assert.equal(await snapshotText(base, 'big-s'), scenario);
    assert.equal(await snapshotText(base, 'big-i'), snapshot);
    // Both reset points came back too: the scenario's 5,000 accounts and the import's 6,000.
    assert.equal((await call(base, 'POST', '/big-s/__admin/reset', { headers: admin })).json.data.accounts, 5000);
    assert.equal((await call(base, 'POST', '/big-i/__admin/reset', { headers: admin })).json.data.accounts, 6000);
  } finally {
    await wrangler.stop();
  }
});

test('hostile requests are refused before they reach a mock, and the stored state stays byte for byte what it was', { timeout: 240_000 }, async () => {
  const persistTo = stateDir();
  const wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  try {
    const base = wrangler.url;
    const made = await call(base, 'POST', '/team-h/v2/managed_accounts', { headers: api, body: { business_name: 'Guarded Co' } });
    assert.equal(made.status, 200, made.text);
    const before = await snapshotText(base, 'team-h');
    const objects = objectFiles(persistTo);
    assert.equal(objects.length, 1, objects.join(', '));

    const refusals = [];
    const expect = async (status, what, res) => {
      refusals.push(what);
      assert.equal(res.status, status, `${what}: ${res.text}\n${wrangler.printed().slice(-3000)}`);
      const error = JSON.parse(res.text).errors[0];
      assert.ok(error.code && error.title && error.detail, `${what}: a Telnyx error, ${res.text}`);
    };
    // A reset would undo the create, so one that got through would show in the snapshot.
    await expect(401, 'no admin token', await raw(base, 'POST', '/team-h/__admin/reset'));
    await expect(401, 'a wrong admin token', await raw(base, 'POST', '/team-h/__admin/reset', { authorization: 'Bearer not-the-token' }));
    await expect(401, 'the API key as admin token', await raw(base, 'POST', '/team-h/__admin/reset', api));
    await expect(401, 'the token without Bearer', await raw(base, 'POST', '/team-h/__admin/reset', { authorization: ADMIN_TOKEN }));
    await expect(401, 'a wrong token on a snapshot import', await raw(base, 'PUT', '/team-h/__admin/snapshot', { authorization: 'Bearer x', ...json }, '{}'));
    await expect(401, 'a read of the snapshot without the token', await raw(base, 'GET', '/team-h/__admin/snapshot'));
    for (const path of [
      '/team..h/__admin/reset',
      '/../__admin/reset',
      '/team-h%2F..%2Fother/__admin/reset',
      '/team%2Fh/v2/managed_accounts',
      '/team%2fh/v2/managed_accounts',
      '/team%00h/v2/managed_accounts',
      '/team%0Ah/v2/managed_accounts',
      '/.team/v2/managed_accounts',
      '//v2/managed_accounts',
      '/',
      `/${'a'.repeat(65)}/v2/managed_accounts`,
    ]) {
      await expect(400, `the name in ${path.slice(0, 40)}`, await raw(base, 'POST', path, { ...admin, ...api, ...json }, '{"business_name":"Intruder"}'));
    }
    const oversized = Buffer.alloc(BODY_LIMIT + 1, 0x20);
    await expect(413, 'an oversized snapshot import', await raw(base, 'PUT', '/team-h/__admin/snapshot', { ...admin, ...json, 'content-length': oversized.length }, oversized));
    await expect(413, 'an oversized import without a length', await raw(base, 'PUT', '/team-h/__admin/snapshot', { ...admin, ...json, 'transfer-encoding': 'chunked' }, (req) => {
      for (let i = 0; i < 9; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
      req.end();
    }));
    await expect(422, 'an import that is no snapshot', await raw(base, 'PUT', '/team-h/__admin/snapshot', { ...admin, ...json }, '{"version":1}'));

    const preflight = await raw(base, 'OPTIONS', '/team-h/__admin/reset', { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' });
    assert.ok(preflight.status < 300, `a preflight carries no token and passes: ${preflight.status}`);
    assert.equal(await snapshotText(base, 'team-h'), before, `after ${refusals.length} refusals the state is what it was`);
    assert.deepEqual(objectFiles(persistTo), objects, 'no refused name made a Durable Object');
    // The engine itself refuses a wrong API key (it counts the request in the rate window, so this comes after the comparison).
    const intruder = await raw(base, 'POST', '/team-h/v2/managed_accounts', { authorization: 'Bearer KEY_wrong', ...json }, '{"business_name":"Intruder"}');
    assert.equal(intruder.status, 401, intruder.text);
    assert.equal((await call(base, 'GET', '/team-h/__admin/state', { headers: admin })).json.data.counts.accounts, 37);
    // Nor does the OAuth endpoint open a side door: its client secret is the API key, not the public default.
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const grant = (secret) => `grant_type=client_credentials&client_id=telnyx-mock-client&client_secret=${secret}`;
    const side = await raw(base, 'POST', '/team-h/v2/oauth/token', form, grant('telnyx-mock-secret'));
    assert.equal(side.status, 401, side.text);
    const issued = await raw(base, 'POST', '/team-h/v2/oauth/token', form, grant(API_KEY));
    assert.equal(issued.status, 200, issued.text);
    const viaToken = await raw(base, 'GET', '/team-h/v2/managed_accounts', { authorization: `Bearer ${JSON.parse(issued.text).access_token}` });
    assert.equal(viaToken.status, 200, viaToken.text);
    // Another host is served once both secrets are set, still behind the token.
    await expect(401, 'another host without the admin token', await raw(base, 'POST', '/team-h/__admin/reset', { host: 'mock.example.com' }));
    const remote = await raw(base, 'GET', '/team-h/v2/managed_accounts', { host: 'mock.example.com', ...api });
    assert.equal(remote.status, 200, remote.text);
  } finally {
    await wrangler.stop();
  }
});

test('without the two secrets the Worker serves localhost only, unless TELNYX_MOCK_OPEN is true', { timeout: 240_000 }, async () => {
  for (const [vars, served] of [
    [{}, false],
    [{ TELNYX_MOCK_ADMIN_TOKEN: ADMIN_TOKEN }, false],
    [{ TELNYX_MOCK_API_KEY: API_KEY }, false],
    [{ TELNYX_MOCK_OPEN: 'true' }, true],
  ]) {
    const persistTo = stateDir();
    const wrangler = await wranglerDev({ cwd, vars, persistTo });
    try {
      const base = wrangler.url;
      // Without TELNYX_MOCK_API_KEY the key is TELNYX_MOCK_OPTIONS's (tests/mock-npm/worker/wrangler.toml).
      const key = vars.TELNYX_MOCK_API_KEY ? api : { authorization: 'Bearer KEY_worker' };
      const local = vars.TELNYX_MOCK_ADMIN_TOKEN ? admin : {};
      const made = await call(base, 'POST', '/team-o/v2/managed_accounts', { headers: key, body: { business_name: 'Local Co' } });
      assert.equal(made.status, 200, made.text);
      const snapshot = async () => {
        const res = await fetch(`${base}/team-o/__admin/snapshot`, { headers: local });
        assert.equal(res.status, 200);
        return res.text();
      };
      const before = await snapshot();
      const label = JSON.stringify(Object.keys(vars));
      for (const host of ['mock.example.com', 'localhost.example.com', '127.0.0.1.nip.io']) {
        const reset = await raw(base, 'POST', '/team-o/__admin/reset', { host, ...local });
        const list = await raw(base, 'GET', '/team-o/v2/managed_accounts', { host, ...key });
        if (served) {
          assert.equal(reset.status, 200, `${label} ${host}: ${reset.text}`);
          assert.equal(list.status, 200, `${label} ${host}: ${list.text}`);
        } else {
          for (const res of [reset, list]) {
            assert.equal(res.status, 403, `${label} ${host}: ${res.text}`);
            const error = JSON.parse(res.text).errors[0];
            assert.equal(error.code, '10010');
            assert.match(error.detail, /TELNYX_MOCK_ADMIN_TOKEN and TELNYX_MOCK_API_KEY/);
          }
        }
      }
      if (served) assert.notEqual(await snapshot(), before, 'the open Worker took the reset');
      else assert.equal(await snapshot(), before, `${label}: the refused reset changed nothing`);
    } finally {
      await wrangler.stop();
    }
  }
});

test('a stored state the engine refuses is kept and answered with a 500 until an import replaces it', { timeout: 240_000 }, async () => {
  const persistTo = stateDir();
  let wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  let good;
  try {
    const made = await call(wrangler.url, 'POST', '/team-c/v2/managed_accounts', { headers: api, body: { business_name: 'Before Co' } });
    assert.equal(made.status, 200, made.text);
    good = await snapshotText(wrangler.url, 'team-c');
  } finally {
    await wrangler.stop();
  }
  // What a newer telnyx-mock might have written: a snapshot version this engine does not read.
  const unreadable = JSON.stringify({ ...JSON.parse(good), version: 99 });
  const editor = await wranglerDev({ cwd: fileURLToPath(new URL('../worker/storage-editor/', import.meta.url)), persistTo });
  try {
    const edited = await call(editor.url, 'PUT', '/team-c', { body: JSON.parse(unreadable) });
    assert.deepEqual(edited.json, { replaced: 1 }, edited.text);
  } finally {
    await editor.stop();
  }

  const refused = async (base) => {
    for (const [method, path, headers] of [
      ['GET', '/team-c/v2/managed_accounts', api],
      ['POST', '/team-c/v2/managed_accounts', api],
      ['GET', '/team-c/__admin/snapshot', admin],
      ['POST', '/team-c/__admin/reset', admin],
    ]) {
      const res = await call(base, method, path, { headers, body: method === 'POST' ? { business_name: 'Lost Co' } : undefined });
      assert.equal(res.status, 500, `${method} ${path}: ${res.text}`);
      const error = res.json.errors[0];
      assert.equal(error.code, '10007');
      assert.match(error.detail, /the stored state could not be loaded \(422: .*snapshot version 99 is not supported.*\); it is kept in storage/);
    }
  };
  wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  try {
    await refused(wrangler.url);
    const bad = await call(wrangler.url, 'PUT', '/team-c/__admin/snapshot', { headers: admin, body: { version: 1 } });
    assert.equal(bad.status, 422, 'a failed import leaves the object as it was');
  } finally {
    await wrangler.stop();
  }
  wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  try {
    await refused(wrangler.url);
    const put = await fetch(`${wrangler.url}/team-c/__admin/snapshot`, { method: 'PUT', headers: { ...admin, ...json }, body: good });
    assert.equal(put.status, 200, await put.text());
    assert.equal(await snapshotText(wrangler.url, 'team-c'), good);
  } finally {
    await wrangler.stop();
  }
  wrangler = await wranglerDev({ cwd, vars: secrets, persistTo });
  try {
    assert.equal(await snapshotText(wrangler.url, 'team-c'), good, 'the import was stored');
  } finally {
    await wrangler.stop();
  }
});

test("the README's Worker, deployed as it says with the two secrets, serves the API with the key and the admin API with the token", { timeout: 120_000 }, async () => {
  const app = fileURLToPath(new URL('../', import.meta.url));
  const readme = readFileSync(`${app}node_modules/telnyx-mock/README.md`, 'utf8');
  const section = /### In a Worker, shared through a Durable Object\n([\s\S]*?)\n### /.exec(readme)[1];
  const index = /```js\n(\/\/ src\/index\.js\n[\s\S]*?)```/.exec(section)[1];
  const toml = /```toml\n(# wrangler\.toml\n[\s\S]*?)```/.exec(section)[1];
  // Inside the scratch project, so that 'telnyx-mock/worker' resolves to the installed tarball.
  const dir = mkdtempSync(join(app, 'readme-worker-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'index.js'), index);
  writeFileSync(join(dir, 'wrangler.toml'), toml);
  const wrangler = await wranglerDev({ cwd: dir, vars: secrets });
  try {
    const base = wrangler.url;
    const list = await raw(base, 'GET', '/alice/v2/managed_accounts', { host: 'team-telnyx-mock.example.workers.dev', ...api });
    assert.equal(list.status, 200, list.text);
    assert.equal(JSON.parse(list.text).meta.total_results, 500, 'TELNYX_MOCK_OPTIONS reached the object');
    const reset = await raw(base, 'POST', '/alice/__admin/reset', { host: 'team-telnyx-mock.example.workers.dev', ...admin });
    assert.equal(reset.status, 200, reset.text);
    assert.equal((await raw(base, 'POST', '/alice/__admin/reset', { host: 'team-telnyx-mock.example.workers.dev' })).status, 401);
    assert.equal((await raw(base, 'GET', '/alice/v2/managed_accounts', { authorization: 'Bearer KEY_team' })).status, 401);
  } finally {
    await wrangler.stop();
  }
});
