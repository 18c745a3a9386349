// The console's static server (www/server.mjs), run as the real CLI on a free port.
//
//   node tests/browser-demo/server.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run as runToEnd } from '../lib/process.mjs';
import { ROOT, killAll, startServer } from './harness.mjs';

const SERVER = path.join(ROOT, 'www/server.mjs');

/** Runs server.mjs in its own process group and resolves with the URL it prints. */
async function serve(args, env = {}) {
  const { url } = await startServer('server.mjs', process.execPath, [SERVER, '--port', '0', ...args], {
    env: { TELNYX_API_KEY: '', ...env },
    timeoutMs: 10_000,
  });
  return url;
}

/** Runs server.mjs to its end (a CLI error), in its own process group. */
const run = (args) =>
  runToEnd(process.execPath, [SERVER, ...args], { env: { TELNYX_API_KEY: '' }, timeoutMs: 10_000, allowFail: true });

describe('the console\'s static server', () => {
  let pkg;
  let upstream;
  let seen = [];

  before(async () => {
    pkg = await mkdtemp(path.join(tmpdir(), 'demo-pkg-'));
    await mkdir(path.join(pkg, 'dist'));
    await writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: 'x', exports: { '.': { types: './i.d.ts', node: './node.js', browser: './dist/web.js' } } }));
    await writeFile(path.join(pkg, 'dist/web.js'), 'export default 1;');
    await writeFile(path.join(pkg, 'dist/x.wasm'), Buffer.from([0, 97, 115, 109]));
    // A stand-in for the real API: answers with what it received.
    upstream = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-123' });
      res.end('{"data":[]}');
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    killAll();
    upstream?.close();
    if (pkg) await rm(pkg, { recursive: true, force: true });
  });

  it('serves the page and tells it where telnyx-mock and its admin API are', async () => {
    const url = await serve(['--base-url', 'http://127.0.0.1:4999/v2', '--pkg', pkg]);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
    assert.match(await page.text(), /"telnyx-wasm": "\/pkg\/"/);
    const config = await (await fetch(`${url}/config.json`)).json();
    assert.deepEqual(config, { baseURL: 'http://127.0.0.1:4999/v2', adminURL: 'http://127.0.0.1:4999', target: 'mock' });
  });

  it('redirects /pkg/ to the package\'s browser entry and serves wasm as application/wasm', async () => {
    const url = await serve(['--pkg', pkg]);
    const entry = await fetch(`${url}/pkg/`, { redirect: 'manual' });
    assert.equal(entry.status, 302);
    assert.equal(entry.headers.get('location'), '/pkg/dist/web.js');
    const wasm = await fetch(`${url}/pkg/dist/x.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  });

  it('says how to build the package when it is missing', async () => {
    const url = await serve(['--pkg', path.join(pkg, 'missing')]);
    const entry = await fetch(`${url}/pkg/`, { redirect: 'manual' });
    assert.equal(entry.status, 503);
    assert.match(await entry.text(), /make npm/);
  });

  it('refuses paths that climb out of www/ and of the package', async () => {
    const url = await serve(['--pkg', pkg]);
    for (const sneaky of ['/%2e%2e/Cargo.toml', '/pkg/%2e%2e/%2e%2e/etc/passwd', '/..%2fCargo.toml', '/%E0%A4%A']) {
      const res = await fetch(url + sneaky);
      assert.ok([403, 404].includes(res.status), `${sneaky} answered ${res.status}`);
      assert.doesNotMatch(await res.text(), /\[workspace\]|root:/);
    }
  });

  it('proxies the 12 operations under /proxy/* with the key from TELNYX_API_KEY, through the package\'s proxy', async () => {
    seen = [];
    const api = `http://127.0.0.1:${upstream.address().port}/v2`;
    const url = await serve(['--proxy', api], { TELNYX_API_KEY: 'KEY_server_side' });
    const config = await (await fetch(`${url}/config.json`)).json();
    assert.equal(config.baseURL, `${url}/proxy`);
    assert.equal(config.adminURL, null);
    const res = await fetch(`${url}/proxy/managed_accounts?page%5Bsize%5D=5`, {
      headers: { origin: url, authorization: 'Bearer from-the-browser' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req-123');
    assert.deepEqual(await res.json(), { data: [] });
    // Anything else is refused before it reaches the upstream.
    const other = await fetch(`${url}/proxy/anything/else`, { headers: { origin: url } });
    assert.equal(other.status, 404);
    const foreign = await fetch(`${url}/proxy/managed_accounts`, { headers: { origin: 'http://evil.example' } });
    assert.equal(foreign.status, 403);
    // Forwarded as the client builds the call, with the server's key.
    assert.deepEqual(seen, [{ method: 'GET', url: '/v2/managed_accounts?page%5Bsize%5D=5', authorization: 'Bearer KEY_server_side' }]);
  });

  it('refuses to start the proxy without TELNYX_API_KEY, with a message and exit status 2', async () => {
    const { code, stderr } = await run(['--port', '0', '--proxy', 'http://127.0.0.1:9/v2']);
    assert.equal(code, 2);
    assert.match(stderr, /TELNYX_API_KEY/);
  });

  it('rejects unknown options and bad ports with a message and exit status 2', async () => {
    for (const args of [['--colour', 'blue'], ['--port', 'eighty'], ['--port']]) {
      const { code, stderr } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /server\.mjs: /);
    }
  });
});
