// What the browser-demo tests and the screenshot script share: servers in their own
// process groups (killed by group on exit), and Debian's Chromium.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MOCK_BIN = process.env.MOCK_BIN ?? path.join(ROOT, 'target/debug/telnyx-mock');
// The package the console loads; TELNYX_PKG=node_modules/telnyx runs the same page on the official SDK.
export const PKG = path.resolve(ROOT, process.env.TELNYX_PKG ?? 'crates/telnyx-wasm/pkg');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const groups = new Set();

export function killAll() {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  groups.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Starts `command` in a new process group and resolves with the URL it says it listens on.
 * `env` replaces the inherited environment; `timeoutMs` bounds the wait for the URL.
 */
export function startServer(name, command, args, { env, timeoutMs = 30_000 } = {}) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  groups.add(child.pid);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} printed no URL within ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not start: ${error.message}`));
    });
    child.on('exit', (code) => {
      groups.delete(child.pid);
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
}

/** telnyx-mock and the console's static server, both on free ports. */
export async function startConsole() {
  const mock = await startServer('telnyx-mock', MOCK_BIN, ['--host', '127.0.0.1', '--port', '0']);
  const www = await startServer('static server', process.execPath,
    [path.join(ROOT, 'www/server.mjs'), '--port', '0', '--base-url', mock.url, '--pkg', PKG]);
  return { mockUrl: mock.url, consoleUrl: www.url };
}

/** Chromium with a fresh profile; `close()` also removes the profile. */
export async function launchBrowser(viewport) {
  const profile = await mkdtemp(path.join(tmpdir(), 'demo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
    timeout: 30_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error('page error:', error));
  return {
    page,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until no API request is in flight and the accounts table has rendered. */
export async function idle(page) {
  await page.waitForFunction(() => (document.documentElement.dataset.inflight ?? '0') === '0'
    && !document.querySelector('[data-testid=accounts-table]').classList.contains('loading'));
}
