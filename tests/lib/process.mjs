// Shared by the suites' Node tests: free ports, and programs started in their
// own process group (so that stopping one stops what it started, workerd
// under wrangler included).

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * Starts a program in its own process group and waits until its output
 * (stdout, or stderr too with `anyStream`) matches `ready`; `match` is the
 * text of its first group, or of the whole match. `stop()` ends the whole group.
 */
export async function start(
  command,
  args,
  { ready = /http:\/\/127\.0\.0\.1:\d+/, env = {}, cwd, timeoutMs = 60_000, anyStream = false } = {},
) {
  const child = spawn(command, args, { cwd, detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    // A program that cannot be started (ENOENT) fails the start, not the test process.
    child.on('error', (error) => resolve({ code: error.code, signal: null }));
  });
  const stop = async (signal = 'SIGTERM') => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
    return exited;
  };
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not print ${ready}:\n${stdout}\n${stderr}`)), timeoutMs);
    const look = (text) => {
      const found = ready.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1] ?? found[0]);
      }
    };
    child.stdout.on('data', (d) => look((stdout += d)));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (anyStream) look(stdout + stderr);
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${stdout}\n${stderr}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  // `printed()`: both streams as one text, for assertions and failure messages.
  return { child, match, stop, output: () => ({ stdout, stderr }), printed: () => `${stdout}\n${stderr}` };
}

/**
 * `wrangler dev` (local workerd) for the Worker in `cwd` on a free port, with
 * these `--var`s; resolves once wrangler says it is ready (nothing is sent to
 * the Worker before the test does). `stop()` ends wrangler and workerd.
 */
export async function wranglerDev({ cwd, vars = {}, timeoutMs = 150_000 }) {
  const port = await freePort();
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port)];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  const worker = await start(`${process.env.TELNYX_REPO}/node_modules/.bin/wrangler`, args, {
    cwd,
    env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: '1' },
    timeoutMs,
    anyStream: true,
    ready: /Ready on http:\/\/127\.0\.0\.1:\d+/,
  });
  return { url: `http://127.0.0.1:${port}`, stop: worker.stop, printed: worker.printed };
}
