// Side by side with the official `telnyx` SDK (7.24.0, from the workspace's
// node_modules): the same script, the same fault, the same mock, once with
// each package. The flaws API-FACTS.md lists for the official SDK show here,
// and telnyx-wasm must not have them.
//
// Each run is a child process, so that an SDK that sleeps for an hour or
// hangs on a stalled body can be stopped (by its pid) after a deadline.

import { test, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reset, fault, requests, state, BASE_URL } from '../npm/helpers.mjs';
import { localServer, stallAfterHeaders } from './local-server.mjs';
import { writeResults } from './results.mjs';

const OURS = 'telnyx-wasm';
const OFFICIAL = 'official telnyx';
const SDKS = {
  [OURS]: 'telnyx-wasm',
  [OFFICIAL]: pathToFileURL(join(process.env.TELNYX_REPO, 'node_modules/telnyx/index.mjs')).href,
};
const results = [];
beforeEach(reset);
after(() => writeResults('official', results));

/**
 * Runs `body` with `client` (and `Telnyx`, `emit`, `describe`) in a child
 * process using `sdk`; returns its events and whether it was still running at
 * `deadlineMs` (then it is killed).
 */
async function run(sdk, body, { baseURL = BASE_URL, options = {}, deadlineMs = 5000 } = {}) {
  const script = `
    import Telnyx from ${JSON.stringify(SDKS[sdk])};
    const started = performance.now();
    const emit = (event, data = {}) => console.log(JSON.stringify({ event, at: performance.now() - started, ...data }));
    const describe = (e) => ({ name: e?.name, className: e?.constructor?.name, status: e?.status, message: String(e?.message) });
    const client = new Telnyx({ apiKey: 'k', baseURL: ${JSON.stringify(baseURL)}, ...${JSON.stringify(options)} });
    ${body}
    emit('done');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  let pending = false;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const timer = setTimeout(() => {
    pending = true;
    child.kill('SIGKILL');
  }, deadlineMs);
  await exited;
  clearTimeout(timer);
  const events = out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  if (!pending) assert.ok(events.some((e) => e.event === 'done'), `the ${sdk} run failed:\n${err}`);
  const find = (name) => events.find((e) => e.event === name);
  return { events, find, pending };
}

const outcome = (r) => {
  const settled = r.find('rejected') ?? r.find('resolved');
  if (!settled) return `still pending when stopped`;
  return settled.event === 'resolved' ? 'resolved' : `${settled.className}`;
};

test('a create whose reply is lost after it committed makes a duplicate account with the official SDK, not with telnyx-wasm', { timeout: 30_000 }, async () => {
  const accounts = {};
  const runs = {};
  for (const sdk of [OURS, OFFICIAL]) {
    await reset();
    await fault({ method: 'POST', path: '/managed_accounts', status: 503, after_commit: true });
    const name = `Lost reply with ${sdk}`;
    runs[sdk] = await run(
      sdk,
      `try { await client.managedAccounts.create({ business_name: ${JSON.stringify(name)} }); emit('resolved'); }
       catch (e) { emit('rejected', describe(e)); }`,
    );
    accounts[sdk] = (await state()).accounts.filter((a) => a.organization_name === name).length;
  }
  assert.equal(accounts[OURS], 1);
  assert.match(runs[OURS].find('rejected').message, /may have been carried out/);
  assert.equal(accounts[OFFICIAL], 2, 'the official SDK retried the create');
  results.push({
    scenario: 'create committed, reply lost (503 after commit)',
    [OURS]: `${outcome(runs[OURS])} ("may have been carried out"), ${accounts[OURS]} account`,
    [OFFICIAL]: `${outcome(runs[OFFICIAL])}, **${accounts[OFFICIAL]} accounts**`,
  });
});

test('an abort during a 3 s backoff wait takes effect at once with telnyx-wasm and only when the wait ends with the official SDK', { timeout: 30_000 }, async () => {
  const latency = {};
  for (const sdk of [OURS, OFFICIAL]) {
    await reset();
    await fault({ method: 'GET', path: '/managed_accounts', status: 503, times: 5, headers: { 'retry-after': '3' } });
    const r = await run(
      sdk,
      `const controller = new AbortController();
       const call = client.managedAccounts.list({}, { signal: controller.signal }).then(() => emit('resolved'), (e) => emit('rejected', describe(e)));
       await new Promise((resolve) => setTimeout(resolve, 300));
       emit('abort');
       controller.abort();
       await call;`,
      { deadlineMs: 8000 },
    );
    assert.equal(r.find('rejected')?.className, 'APIUserAbortError', `${sdk}: ${outcome(r)}`);
    latency[sdk] = r.find('rejected').at - r.find('abort').at;
  }
  assert.ok(latency[OURS] < 50, `${latency[OURS]} ms`);
  assert.ok(latency[OFFICIAL] > 2000, `the official SDK noticed the abort after ${latency[OFFICIAL]} ms`);
  results.push({
    scenario: 'abort during a 3 s `retry-after` wait',
    [OURS]: `APIUserAbortError ${latency[OURS].toFixed(1)} ms after abort()`,
    [OFFICIAL]: `APIUserAbortError **${(latency[OFFICIAL] / 1000).toFixed(2)} s** after abort()`,
  });
});

test('a body that stalls after the headers times out with telnyx-wasm and hangs with the official SDK', { timeout: 30_000 }, async () => {
  const server = await localServer(stallAfterHeaders);
  const runs = {};
  try {
    for (const sdk of [OURS, OFFICIAL]) {
      runs[sdk] = await run(
        sdk,
        `try { await client.managedAccounts.getAllocatableGlobalOutboundChannels(); emit('resolved'); }
         catch (e) { emit('rejected', describe(e)); }`,
        { baseURL: server.url, options: { timeout: 300, maxRetries: 0 }, deadlineMs: 3000 },
      );
    }
  } finally {
    await server.close();
  }
  assert.equal(runs[OURS].find('rejected')?.className, 'APIConnectionTimeoutError');
  assert.ok(runs[OURS].find('rejected').at < 1000);
  assert.equal(runs[OFFICIAL].pending, true, 'the official SDK was still waiting for the body');
  results.push({
    scenario: 'body stalls after the headers, `timeout: 300`',
    [OURS]: `APIConnectionTimeoutError after ${Math.round(runs[OURS].find('rejected').at)} ms`,
    [OFFICIAL]: '**still pending after 3 s** (stopped)',
  });
});

test('retry-after: 3600 fails fast with telnyx-wasm and makes the official SDK sleep', { timeout: 30_000 }, async () => {
  const runs = {};
  for (const sdk of [OURS, OFFICIAL]) {
    await reset();
    await fault({ method: 'GET', path: '/managed_accounts', status: 429, headers: { 'retry-after': '3600' } });
    runs[sdk] = await run(
      sdk,
      `try { await client.managedAccounts.list(); emit('resolved'); } catch (e) { emit('rejected', { ...describe(e), retryAfterMs: e.retryAfterMs }); }`,
      { deadlineMs: 3000 },
    );
  }
  const ours = runs[OURS].find('rejected');
  assert.equal(ours?.className, 'RateLimitError');
  assert.equal(ours.retryAfterMs, 3_600_000);
  assert.equal(runs[OFFICIAL].pending, true, 'the official SDK was still sleeping');
  results.push({
    scenario: '429 with `retry-after: 3600`',
    [OURS]: `RateLimitError (retryAfterMs ${ours.retryAfterMs}) after ${Math.round(ours.at)} ms`,
    [OFFICIAL]: '**still sleeping after 3 s** (stopped; it would wait an hour)',
  });
});

test("retrieve('') is a ValidationError with telnyx-wasm and a request to the collection with the official SDK", { timeout: 30_000 }, async () => {
  const runs = {};
  const sent = {};
  for (const sdk of [OURS, OFFICIAL]) {
    await reset();
    runs[sdk] = await run(
      sdk,
      `try { await client.managedAccounts.retrieve(''); emit('resolved'); }
       catch (e) { emit('rejected', describe(e)); }`,
    );
    sent[sdk] = (await requests()).map((r) => `${r.method} ${r.path}`);
  }
  assert.equal(runs[OURS].find('rejected')?.className, 'ValidationError');
  assert.deepEqual(sent[OURS], []);
  // The collection's path: the real API answers it with the list (API-FACTS.md); the mock with a 404.
  assert.deepEqual(sent[OFFICIAL], ['GET /v2/managed_accounts/'], 'the official SDK requested the collection');
  results.push({
    scenario: "`retrieve('')`",
    [OURS]: 'ValidationError, nothing sent',
    [OFFICIAL]: `**sends \`${sent[OFFICIAL][0]}\`** (the list endpoint on the real API)`,
  });
});

test('an unknown id gives a named NotFoundError with a one-line message with telnyx-wasm; the official error is named Error', { timeout: 30_000 }, async () => {
  const runs = {};
  for (const sdk of [OURS, OFFICIAL]) {
    runs[sdk] = await run(
      sdk,
      `try { await client.managedAccounts.retrieve('00000000-0000-4000-8000-000000000000'); emit('resolved'); }
       catch (e) { emit('rejected', describe(e)); }`,
    );
  }
  const ours = runs[OURS].find('rejected');
  const official = runs[OFFICIAL].find('rejected');
  assert.equal(ours.className, 'NotFoundError');
  assert.equal(ours.name, 'NotFoundError');
  assert.doesNotMatch(ours.message, /[{}]/, 'no raw JSON in the message');
  assert.equal(official.className, 'NotFoundError');
  assert.equal(official.name, 'Error');
  assert.equal(official.status, 404);
  assert.equal(ours.status, 404);
  const clip = (text) => (text.length > 90 ? `${text.slice(0, 90)}…` : text).replace(/\|/g, '\\|');
  results.push({
    scenario: 'retrieve an unknown id: `err.name`, `err.message`',
    [OURS]: `\`${ours.name}\`: ${clip(ours.message)}`,
    [OFFICIAL]: `**\`${official.name}\`**: ${clip(official.message)}`,
  });
});

test('every error class has the same constructor name as in the official SDK', async () => {
  const ours = await import(SDKS[OURS]);
  const official = await import(SDKS[OFFICIAL]);
  const names = Object.keys(official).filter((name) => name.endsWith('Error'));
  assert.ok(names.length >= 13, names.join());
  for (const name of names) {
    assert.equal(typeof ours[name], 'function', `telnyx-wasm exports ${name}`);
    assert.equal(ours[name].name, official[name].name, `${name}.name`);
    assert.equal(ours.default[name], ours[name], `Telnyx.${name}`);
  }
});
