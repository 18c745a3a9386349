// What the browser-demo tests and the screenshot script share: servers in their own
// process groups (killed by group on exit) and Debian's Chromium, both through tests/lib.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../lib/chromium.mjs';
import { start, stopAll } from '../lib/process.mjs';

/** Stops every server started here (also done when the process exits). */
export const killAll = () => stopAll('SIGTERM');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MOCK_BIN = process.env.MOCK_BIN ?? path.join(ROOT, 'target/debug/telnyx-mock');
// The package the console loads; TELNYX_PKG=node_modules/telnyx runs the same page on the official SDK.
export const PKG = path.resolve(ROOT, process.env.TELNYX_PKG ?? 'crates/telnyx-wasm/pkg');

/**
 * Starts `command` in its own process group (tests/lib) and resolves with the
 * URL it says it listens on; `env` is added to the inherited environment.
 */
export async function startServer(name, command, args, { env, timeoutMs = 30_000 } = {}) {
  const server = await start(command, args, { env, timeoutMs, ready: /listening on (http:\/\/\S+)/ }).catch((error) => {
    throw new Error(`${name} did not start: ${error.message}`);
  });
  return { url: server.match, child: server.child };
}

/** telnyx-mock and the console's static server, both on free ports. */
export async function startConsole() {
  const mock = await startServer('telnyx-mock', MOCK_BIN, ['--host', '127.0.0.1', '--port', '0']);
  const www = await startServer('static server', process.execPath,
    [path.join(ROOT, 'www/server.mjs'), '--port', '0', '--base-url', mock.url, '--pkg', PKG]);
  return { mockUrl: mock.url, consoleUrl: www.url };
}

/** Chromium with a fresh profile, accepting downloads; `close()` also removes the profile. */
export async function launchBrowser(viewport) {
  const browser = await launchChromium({ viewport, acceptDownloads: true });
  browser.page.on('pageerror', (error) => console.error('page error:', error));
  return { page: browser.page, close: browser.close };
}

/** Waits until no API request is in flight and the accounts table has rendered. */
export async function idle(page) {
  await page.waitForFunction(() => (document.documentElement.dataset.inflight ?? '0') === '0'
    && !document.querySelector('[data-testid=accounts-table]').classList.contains('loading'));
}
