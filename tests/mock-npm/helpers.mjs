// Shared by the Node tests: the official SDK (from the repository's
// node_modules), free ports, and programs started in their own process group.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';

export const REPO = process.env.TELNYX_REPO;
if (!REPO) throw new Error('TELNYX_REPO is not set: run the tests with tests/mock-npm/run.sh');

export const Official = (await import(pathToFileURL(createRequire(`${REPO}/package.json`).resolve('telnyx')).href)).default;

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
 * Starts a program in its own process group and waits for a line of its
 * stdout matching `ready`; `stop()` ends the whole group.
 */
export async function start(command, args, { ready = /http:\/\/127\.0\.0\.1:\d+/, env = {}, cwd, timeoutMs = 60_000 } = {}) {
  const child = spawn(command, args, { cwd, detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not print ${ready}:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      const found = ready.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
    exited.then(({ code }) => reject(new Error(`${command} exited with ${code}:\n${stdout}\n${stderr}`)));
  });
  const stop = async (signal = 'SIGTERM') => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
    return exited;
  };
  return { child, match, stop, output: () => ({ stdout, stderr }) };
}
