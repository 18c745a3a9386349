// The package in a page: headless Chromium loads plain ES modules from the
// installed package (entry taken from its exports map) and calls the mock
// across origins, and through a same-origin proxy without a key in the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { state, MOCK, API_KEY } from '../helpers.mjs';
import { withPage } from '../../lib/chromium.mjs';

const app = fileURLToPath(new URL('../', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

function pageHtml() {
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/telnyx-wasm/package.json'), 'utf8'));
  const entry = manifest.exports['.'].browser;
  const map = { imports: { 'telnyx-wasm': `/node_modules/telnyx-wasm/${entry.replace(/^\.\//, '')}` } };
  return readFileSync(join(app, 'browser/page.html'), 'utf8').replace('IMPORT_MAP', JSON.stringify(map));
}

/** Serves the scratch project, and proxies /proxy/* to the mock adding the key (the app's backend). */
function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/proxy/')) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const headers = { ...req.headers, authorization: `Bearer ${API_KEY}` };
      delete headers.host;
      const upstream = await fetch(`${MOCK}${url.pathname.slice('/proxy'.length)}${url.search}`, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
      return;
    }
    if (url.pathname === '/bundled.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/dist/bundled.js"></script>');
      return;
    }
    if (url.pathname === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(pageHtml());
      return;
    }
    const path = normalize(join(app, decodeURIComponent(url.pathname)));
    if (!path.startsWith(app)) return res.writeHead(403).end();
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Opens `path` of the test server in a fresh headless Chromium, waits for the
 * page's `window.__result`, and hands it to `check` with the page and its
 * console lines; stops the browser and the server whatever happens.
 */
async function withPageResult(path, check) {
  const server = await startServer();
  try {
    await withPage(async (page, lines) => {
      await page.goto(`http://127.0.0.1:${server.address().port}${path}?mock=${encodeURIComponent(MOCK)}`);
      await page.waitForFunction(() => window.__result, null, { timeout: 30_000 }).catch(() => {});
      const out = await page.evaluate(() => window.__result);
      await check(out, lines.join('\n'), page);
    });
  } finally {
    server.close();
  }
}

test('a page imports telnyx-wasm as ES modules and calls the mock across origins and through a proxy', { timeout: 120_000 }, async () => {
  await withPageResult('/page.html', async (out, console, page) => {
    assert.ok(out, `no result; console:\n${console}`);
    const visible = (await state()).accounts.filter((a) => a.status !== 'cancelled').length;
    assert.deepEqual(out, {
      keyRefused: [true, true, true],
      proxyChannels: 'number',
      relative: ['number', true],
      listed: visible - 1,
      created: 'Browser Co',
      updated: true,
      notFound: [true, 'NotFoundError', 404, 'string', true],
    }, console);
    if (process.env.TELNYX_ARTIFACTS) await page.screenshot({ path: join(process.env.TELNYX_ARTIFACTS, 'npm-browser.png') });
  });
});

test('a web app bundled with esbuild loads the module next to the bundle and calls the mock', { timeout: 120_000 }, async () => {
  const esbuild = createRequire(`${process.env.TELNYX_REPO}/package.json`)('esbuild');
  const dist = join(app, 'dist');
  mkdirSync(dist, { recursive: true });
  await esbuild.build({
    entryPoints: [join(app, 'browser/bundled.js')],
    outfile: join(dist, 'bundled.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'error',
  });
  // esbuild leaves `new URL('telnyx_wasm_bg.wasm', import.meta.url)` as is: the file goes next to the bundle.
  copyFileSync(join(app, 'node_modules/telnyx-wasm/telnyx_wasm_bg.wasm'), join(dist, 'telnyx_wasm_bg.wasm'));
  await withPageResult('/bundled.html', async (out, console) => {
    assert.deepEqual(out, { pageSize: 3, next: true, report: 'id,email,user_status,created_at,last_sign_in_at,groups' }, console);
  });
});
