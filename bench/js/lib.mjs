// Small helpers shared by the benchmark scripts: statistics, child servers
// started in their own process group (and always stopped), and process
// memory.

import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);

const groups = new Set();
const stopAll = () => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {}
  }
  groups.clear();
};
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });
}

/**
 * Starts a server in its own process group and waits for the line that names
 * its URL (`... listening on http://HOST:PORT`, or Prism's `Prism is listening
 * on ...`). Resolves to { url, pid, stop() }.
 */
export function startServer(cmd, args, { env, timeoutMs = 60_000, name = cmd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    groups.add(child.pid);
    let out = '';
    let done = false;
    const stop = () =>
      new Promise((res) => {
        if (!groups.has(child.pid)) return res();
        groups.delete(child.pid);
        child.once('exit', () => res());
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          res();
        }
        setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
          res();
        }, 3000).unref();
      });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      stop();
      reject(new Error(`${name} did not print its URL within ${timeoutMs} ms:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk) => {
      // Keep reading (and discarding) so a chatty server never blocks on a full pipe.
      if (done) return;
      out += chunk;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        done = true;
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/$/, ''), pid: child.pid, stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      groups.delete(child.pid);
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before listening:\n${out.slice(-2000)}`));
      }
    });
  });
}

/** Resident set size and its peak, in MiB, of a process and its children of the same group. */
export function memoryMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) || [])[1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Runs a node script and parses the JSON it prints last. */
export function runNode(script, args, { cwd, env } = {}) {
  const out = execFileSync(process.execPath, [script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

export const sh = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...opts });
