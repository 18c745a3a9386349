// Debian's Chromium, headless, with a fresh profile that is removed on close,
// through the repository's playwright-core (resolved from the repository, so
// that a suite running from a scratch project finds it too).

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = process.env.TELNYX_REPO ?? fileURLToPath(new URL('../..', import.meta.url));
const { chromium } = createRequire(join(REPO, 'package.json'))('playwright-core');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser with one page, whose console lines, page errors and failed
 * requests are collected in `lines`; `close()` ends the browser and removes
 * its profile. `options` go to playwright's `launchPersistentContext`
 * (a `viewport`, `acceptDownloads`).
 */
export async function launchChromium(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'telnyx-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    timeout: 30_000,
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const lines = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => lines.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, lines, close };
}

/** Runs `use(page, lines)` in a fresh browser, closed whatever happens. */
export async function withPage(use, options) {
  const browser = await launchChromium(options);
  try {
    return await use(browser.page, browser.lines);
  } finally {
    await browser.close();
  }
}
