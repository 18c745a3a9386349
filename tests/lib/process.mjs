// Shared by the suites' Node tests: free ports, programs started in their own
// process group (so that stopping one stops what it started, workerd under
// wrangler included), and every group still running stopped when the test
// process exits, however it exits.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const groups = new Set();

/** Stops every process group started here that is still running. */
export function stopAll(signal = 'SIGKILL') {
  for (const pid of groups) {
    try {
      process.kill(-pid, signal);
    } catch {}
  }
  groups.clear();
}
process.on('exit', () => stopAll());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Spawns `command` in a new process group, its output kept; `stop()` ends the whole group. */
function spawnGroup(command, args, { env = {}, cwd } = {}) {
  const child = spawn(command, args, { cwd, detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  if (child.pid) groups.add(child.pid);
  // `exited`: the program itself ended; `closed`: so did its output (what it started may still hold it open).
  const ended = (event) =>
    new Promise((resolve) => {
      child.on(event, (code, signal) => resolve({ code, signal }));
      // A program that cannot be started (ENOENT) fails its start, not the test process.
      child.on('error', (error) => resolve({ code: error.code, signal: null }));
    });
  const exited = ended('exit');
  const closed = ended('close').then((end) => {
    groups.delete(child.pid);
    return end;
  });
  const stop = async (signal = 'SIGTERM') => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
    return exited;
  };
  // `printed()`: both streams as one text, for assertions and failure messages.
  const printed = () => `${out.stdout}\n${out.stderr}`;
  return { child, out, exited, closed, stop, printed };
}

/**
 * Starts a program in its own process group and waits until it is ready:
 * its output (stdout, or stderr too with `anyStream`) matches `ready`, whose
 * first group (or whole match) is `match`; or, with `readyUrl`, until that
 * URL answers. A program that exits or is not ready within `timeoutMs` fails
 * the start, and its group is stopped.
 */
export async function start(
  command,
  args,
  { ready = /http:\/\/127\.0\.0\.1:\d+/, readyUrl, env, cwd, timeoutMs = 60_000, anyStream = false } = {},
) {
  const proc = spawnGroup(command, args, { env, cwd });
  const { out } = proc;
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} was not ready (${readyUrl ?? ready}):\n${proc.printed()}`)), timeoutMs);
    const done = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    proc.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${proc.printed()}`));
    });
    if (readyUrl) return void answers(readyUrl, proc.exited).then((ok) => ok && done(readyUrl));
    const look = (text) => {
      const found = ready.exec(text);
      if (found) done(found[1] ?? found[0]);
    };
    proc.child.stdout.on('data', () => look(out.stdout));
    if (anyStream) proc.child.stderr.on('data', () => look(out.stdout + out.stderr));
  }).catch(async (error) => {
    await proc.stop('SIGKILL');
    throw error;
  });
  return { child: proc.child, match, stop: proc.stop, output: () => ({ ...out }), printed: proc.printed };
}

/** Resolves true once `url` answers at all, false if the program exits first. */
async function answers(url, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  while (!gone) {
    const res = await fetch(url).catch(() => undefined);
    if (res) {
      await res.arrayBuffer().catch(() => {});
      return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Runs a program in its own process group to its end (the group is killed
 * after `timeoutMs`); resolves with its exit code and both streams as one
 * text, and rejects on a non-zero exit unless `allowFail`.
 */
export async function run(command, args, { env, cwd, timeoutMs = 300_000, allowFail = false } = {}) {
  const proc = spawnGroup(command, args, { env, cwd });
  const timer = setTimeout(() => proc.stop('SIGKILL'), timeoutMs);
  const { code, signal } = await proc.closed;
  clearTimeout(timer);
  const printed = proc.printed();
  if (!allowFail && code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code ?? signal}:\n${printed.slice(-6000)}`);
  return { code, signal, printed, stderr: proc.out.stderr };
}

/**
 * `wrangler dev` (local workerd) for the Worker in `cwd` on a free port,
 * with these `--var`s; resolves once wrangler says it is ready
 * (nothing is sent to the Worker before the test does). Durable Object
 * storage goes to `persistTo` (when not given, a fresh directory removed on
 * stop, so no run sees another's state): start again with the same one to
 * find it there.
 * `stop()` ends wrangler and workerd.
 */
export async function wranglerDev({ cwd, vars = {}, persistTo, timeoutMs = 150_000 }) {
  const port = await freePort();
  const scratch = persistTo ? undefined : mkdtempSync(join(tmpdir(), 'wrangler-state-'));
  persistTo ??= scratch;
  // The inspector too gets a free port: wrangler's default probes from 9229, which two suites running at once can both pick.
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()), '--persist-to', persistTo];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  const worker = await start(`${process.env.TELNYX_REPO}/node_modules/.bin/wrangler`, args, {
    cwd,
    env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: '1' },
    timeoutMs,
    anyStream: true,
    ready: /Ready on http:\/\/127\.0\.0\.1:\d+/,
  });
  // A stop waits until no process of the group is left (workerd has let go of the storage then).
  const pgid = worker.child.pid;
  const stop = async () => {
    await worker.stop();
    for (let waited = 0; ; waited += 100) {
      try {
        process.kill(-pgid, waited < 10_000 ? 0 : 'SIGKILL');
      } catch {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { url: `http://127.0.0.1:${port}`, port, persistTo, stop, printed: worker.printed };
}
