// createMock() in a page: headless Chromium loads the installed package as
// plain ES modules (its exports map's entry), and the official SDK and
// telnyx-wasm run their flow against mock.fetch with no server behind it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from '../helpers.mjs';
import { expected } from '../shared/flow.js';

const { chromium } = createRequire(`${REPO}/package.json`)('playwright-core');
const app = fileURLToPath(new URL('../', import.meta.url));
const official = join(REPO, 'node_modules/telnyx/');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

const entry = (name, condition) => {
  const exported = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')).exports['.'];
  return `/node_modules/${name}/${(exported[condition] ?? exported.default).replace(/^\.\//, '')}`;
};

function pageHtml() {
  const map = { imports: { 'telnyx-mock': entry('telnyx-mock', 'browser'), 'telnyx-wasm': entry('telnyx-wasm', 'browser'), telnyx: '/official/index.mjs' } };
  return readFileSync(join(app, 'browser/page.html'), 'utf8').replace('IMPORT_MAP', JSON.stringify(map));
}

/** Serves the scratch project, and the official SDK under /official/. No mock server: the page has none. */
function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/page.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml());
    const [root, rest] = url.pathname.startsWith('/official/') ? [official, url.pathname.slice('/official/'.length)] : [app, url.pathname];
    const path = normalize(join(root, decodeURIComponent(rest)));
    if (!path.startsWith(root)) return res.writeHead(403).end();
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('in Chromium, the official SDK and telnyx-wasm run their flow against mock.fetch in the page', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const profile = mkdtempSync(join(tmpdir(), 'telnyx-mock-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const lines = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
    await page.waitForFunction(() => window.__result, null, { timeout: 60_000 }).catch(() => {});
    const out = await page.evaluate(() => window.__result);
    assert.ok(out, `no result; console:\n${lines.join('\n')}`);
    const errors = { connection: 'APIConnectionError', notFound: 'NotFoundError' };
    assert.deepEqual(out, { official: expected(errors), wasm: expected(errors), inPage: true }, lines.join('\n'));
    if (process.env.TELNYX_ARTIFACTS) await page.screenshot({ path: join(process.env.TELNYX_ARTIFACTS, 'mock-npm-browser.png') });
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
