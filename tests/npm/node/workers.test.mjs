// The package in Cloudflare Workers: a module Worker under `wrangler dev`
// (local workerd) imports 'telnyx-wasm' and calls the mock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { wranglerDev } from '../../lib/process.mjs';
import { state, API_KEY, MOCK } from '../helpers.mjs';

test('a Worker importing telnyx-wasm calls the mock from workerd', { timeout: 180_000 }, async () => {
  const cwd = fileURLToPath(new URL('../worker/', import.meta.url));
  const worker = await wranglerDev({ cwd, vars: { MOCK_URL: MOCK, TELNYX_API_KEY: API_KEY } });
  try {
    const response = await fetch(`${worker.url}/`);
    const text = await response.text();
    assert.equal(response.status, 200, `${text}\n${worker.printed()}`);
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
    await worker.stop();
  }
});
