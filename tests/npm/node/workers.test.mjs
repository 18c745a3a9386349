// The package in Cloudflare Workers: a module Worker under `wrangler dev`
// (local workerd) imports 'telnyx-wasm' and calls the mock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { state, API_KEY, MOCK } from '../helpers.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

test('a Worker importing telnyx-wasm calls the mock from workerd', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const wrangler = `${process.env.TELNYX_REPO}/node_modules/.bin/wrangler`;
  const cwd = fileURLToPath(new URL('../worker/', import.meta.url));
  const child = spawn(
    wrangler,
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--var', `MOCK_URL:${MOCK}`, '--var', `TELNYX_API_KEY:${API_KEY}`],
    {
      cwd,
      detached: true, // its own process group: killing npx/wrangler alone leaves workerd running
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  try {
    let response;
    for (let i = 0; i < 600 && !response; i++) {
      response = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      if (!response) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(response, `wrangler dev did not answer:\n${log}`);
    const text = await response.text();
    assert.equal(response.status, 200, `${text}\n${log}`);
    const out = JSON.parse(text);
    const visible = (await state()).accounts.filter((a) => a.status !== 'cancelled').length;
    assert.deepEqual(out, {
      created: 'Worker Co',
      retrieved: true,
      disabled: true,
      channels: 'number',
      listed: visible,
      csvHeader: 'id,email,user_status,created_at,last_sign_in_at,groups',
      notFound: [true, 'NotFoundError', 404, true],
      validation: [true, 'Invalid `id`: contains `/`, which an id cannot hold'],
    });
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }
});
