// The proxy serving real pages in headless Chromium: the demo console
// through `www/server.mjs --proxy`, and a page with no key served by a
// Worker under `wrangler dev` (local workerd) whose fetch handler is the
// proxy. Both use the installed package; the mock (--api-key) answers only
// the proxy's key. Every server runs in its own process group and is stopped by it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withPage } from '../lib/chromium.mjs';
import { start, wranglerDev } from '../lib/process.mjs';
import { KEY, MOCK, received, reset } from './helpers.mjs';

const REPO = process.env.TELNYX_REPO;
const app = fileURLToPath(new URL('./', import.meta.url));
const pkg = join(app, 'node_modules/telnyx-wasm');

test('the demo console lists and creates accounts through www/server.mjs --proxy', { timeout: 120_000 }, async () => {
  await reset();
  const server = await start(process.execPath, [join(REPO, 'www/server.mjs'), '--port', '0', '--pkg', pkg, '--proxy', `${MOCK}/v2`], {
    env: { TELNYX_API_KEY: KEY },
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    anyStream: true,
    timeoutMs: 90_000,
  });
  try {
    await withPage(async (page, lines) => {
      page.setDefaultTimeout(20_000);
      await page.goto(server.match);
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
    assert.match(server.printed(), /proxy: POST \/proxy\/managed_accounts -> 200/);
    assert.ok(!server.printed().includes(KEY), 'the key is in the server log');
  } finally {
    await server.stop();
  }
});

test('a Worker under wrangler serves the proxy to a page that uses telnyx-wasm without a key', { timeout: 180_000 }, async () => {
  await reset();
  const worker = join(app, 'worker');
  // The page imports the package's browser entry from the Worker's static assets.
  mkdirSync(join(worker, 'public/pkg'), { recursive: true });
  for (const file of ['web.js', 'client.js', 'loader.js', 'telnyx_wasm.js', 'telnyx_wasm_bg.wasm']) cpSync(join(pkg, file), join(worker, 'public/pkg', file));
  const wrangler = await wranglerDev({ cwd: worker, vars: { TELNYX_API_KEY: KEY, TELNYX_UPSTREAM: `${MOCK}/v2` } });
  try {
    await withPage(async (page, lines) => {
      await page.goto(`${wrangler.url}/`);
      await page.waitForFunction(() => window.__result, null, { timeout: 60_000 }).catch(() => {});
      const out = await page.evaluate(() => window.__result);
      assert.deepEqual(
        out,
        { listed: 3, created: true, channels: 'number', notFound: ['NotFoundError', 404], deleteRefused: 405, adminRefused: 404, textPlainRefused: 415 },
        `${lines.join('\n')}\n${wrangler.printed()}`,
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
    await wrangler.stop();
  }
});
