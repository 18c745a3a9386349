// The proxy serving real pages in headless Chromium: the demo console
// through `www/server.mjs --proxy`, and a page with no key served by a
// Worker under `wrangler dev` (local workerd) whose fetch handler is the
// proxy. Both use the installed package; the mock (--api-key) answers only
// the proxy's key. Every server runs in its own process group and is stopped by it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY, MOCK, received, reset } from './helpers.mjs';

const REPO = process.env.TELNYX_REPO;
const { chromium } = createRequire(`${REPO}/package.json`)('playwright-core');
const app = fileURLToPath(new URL('./', import.meta.url));
const pkg = join(app, 'node_modules/telnyx-wasm');

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Starts a command in its own process group; resolves once `ready` matches its output. */
async function start(command, args, { cwd, env, ready, timeoutMs = 90_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  };
  const found = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    const look = (chunk) => {
      output.text += chunk;
      const match = ready.exec(output.text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', () => resolve(null));
  });
  if (!found) {
    stop();
    throw new Error(`${command} did not start:\n${output.text}`);
  }
  return { match: found, output, stop };
}

async function withBrowser(use) {
  const profile = mkdtempSync(join(tmpdir(), 'telnyx-proxy-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const lines = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    await use(page, lines);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

test('the demo console lists and creates accounts through www/server.mjs --proxy', { timeout: 120_000 }, async () => {
  await reset();
  const server = await start(process.execPath, [join(REPO, 'www/server.mjs'), '--port', '0', '--pkg', pkg, '--proxy', `${MOCK}/v2`], {
    env: { TELNYX_API_KEY: KEY },
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  });
  try {
    await withBrowser(async (page, lines) => {
      page.setDefaultTimeout(20_000);
      await page.goto(server.match[1]);
      await page.waitForSelector('body[data-ready=true]');
      await page.locator('[data-testid=account-row]').first().waitFor();
      assert.equal(await page.locator('[data-testid=error-banner]').isHidden(), true, lines.join('\n'));
      const email = `proxy-${Date.now().toString(36)}@console.example`;
      await page.click('[data-testid=new-account]');
      await page.fill('#create-form [name=business_name]', 'Proxy Console Co');
      await page.fill('#create-form [name=email]', email);
      await page.click('[data-testid=create-submit]');
      await page.locator(`[data-testid=account-row][data-email="${email}"]`).waitFor();
      const html = await page.content();
      assert.ok(!html.includes(KEY), 'the key is in the page');
      if (process.env.TELNYX_ARTIFACTS) await page.screenshot({ path: join(process.env.TELNYX_ARTIFACTS, 'proxy-console.png') });
    });
    const operations = (await received()).map((r) => r.operation);
    assert.ok(operations.includes('managedAccounts.list') && operations.includes('managedAccounts.create'), operations.join(', '));
    assert.match(server.output.text, /proxy: POST \/proxy\/managed_accounts -> 200/);
    assert.ok(!server.output.text.includes(KEY), 'the key is in the server log');
  } finally {
    server.stop();
  }
});

test('a Worker under wrangler serves the proxy to a page that uses telnyx-wasm without a key', { timeout: 180_000 }, async () => {
  await reset();
  const worker = join(app, 'worker');
  // The page imports the package's browser entry from the Worker's static assets.
  mkdirSync(join(worker, 'public/pkg'), { recursive: true });
  for (const file of ['web.js', 'client.js', 'loader.js', 'telnyx_wasm.js', 'telnyx_wasm_bg.wasm']) cpSync(join(pkg, file), join(worker, 'public/pkg', file));
  const port = await freePort();
  const wrangler = await start(
    join(REPO, 'node_modules/.bin/wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--var', `TELNYX_API_KEY:${KEY}`, '--var', `TELNYX_UPSTREAM:${MOCK}/v2`],
    {
      cwd: worker,
      env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: '1' },
      ready: /Ready on (http:\/\/127\.0\.0\.1:\d+)/,
      timeoutMs: 150_000,
    },
  );
  try {
    await withBrowser(async (page, lines) => {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => window.__result, null, { timeout: 60_000 }).catch(() => {});
      const out = await page.evaluate(() => window.__result);
      assert.deepEqual(
        out,
        { listed: 3, created: true, channels: 'number', notFound: ['NotFoundError', 404], deleteRefused: 405, adminRefused: 404, textPlainRefused: 415 },
        `${lines.join('\n')}\n${wrangler.output.text}`,
      );
      assert.ok(!(await page.content()).includes(KEY));
    });
    const seen = await received();
    assert.deepEqual(
      [...new Set(seen.map((r) => r.operation))].sort(),
      ['managedAccounts.create', 'managedAccounts.getAllocatableGlobalOutboundChannels', 'managedAccounts.list', 'managedAccounts.retrieve'],
    );
    assert.ok(seen.every((r) => r.headers.authorization === 'Bearer [redacted]'));
  } finally {
    wrangler.stop();
  }
});
