// telnyx-mock in Cloudflare Workers under `wrangler dev` (local workerd): both
// SDKs run their flow against an in-process mock inside the Worker, and the
// shared mock keeps each name's state in its own Durable Object.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { wranglerDev } from '../helpers.mjs';
import { expected } from '../shared/flow.js';

test('under wrangler, the SDKs run their flow in a Worker, and a Durable Object keeps each named mock apart', { timeout: 180_000 }, async () => {
  const cwd = fileURLToPath(new URL('../worker/', import.meta.url));
  const wrangler = await wranglerDev({ cwd });
  const base = wrangler.url;
  try {
    const flows = await fetch(`${base}/__flows`);
    const text = await flows.text();
    assert.equal(flows.status, 200, text);
    const errors = { connection: 'APIConnectionError', notFound: 'NotFoundError' };
    assert.deepEqual(JSON.parse(text), { official: expected(errors), wasm: expected(errors) });

    const auth = { authorization: 'Bearer KEY_worker' };
    const created = await fetch(`${base}/team-a/v2/managed_accounts`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ business_name: 'Edge Co' }),
    });
    assert.equal(created.status, 200, await created.clone().text());
    const id = (await created.json()).data.id;
    const names = async (mock) => {
      const list = await (await fetch(`${base}/${mock}/v2/managed_accounts?page[size]=250`, { headers: auth })).json();
      return list.data.map((a) => a.organization_name);
    };
    assert.ok((await names('team-a')).includes('Edge Co'), 'the list after the create comes from the same state');
    assert.equal((await fetch(`${base}/team-a/v2/managed_accounts/${id}`, { headers: auth })).status, 200);
    assert.ok(!(await names('team-b')).includes('Edge Co'), 'another name is another mock');
    assert.equal((await fetch(`${base}/team-b/v2/managed_accounts/${id}`, { headers: auth })).status, 404);
    const counts = async (mock) => (await (await fetch(`${base}/${mock}/__admin/state`)).json()).data.counts.accounts;
    assert.deepEqual([await counts('team-a'), await counts('team-b')], [37, 36]);
    assert.equal((await fetch(`${base}/team-a/v2/managed_accounts`, { headers: { authorization: 'Bearer wrong' } })).status, 401, 'the options var reached the objects');
    // A Worker cannot drop the client's connection: a drop fault is a marked 502.
    const rule = { method: 'GET', path: '/managed_accounts', drop_connection: true };
    assert.equal((await fetch(`${base}/team-b/__admin/faults`, { method: 'POST', body: JSON.stringify(rule) })).status, 201);
    const dropped = await fetch(`${base}/team-b/v2/managed_accounts`, { headers: auth });
    assert.deepEqual([dropped.status, dropped.headers.get('x-telnyx-mock-dropped')], [502, 'true']);
    assert.equal((await fetch(`${base}/team-a/v2/managed_accounts`, { headers: auth })).status, 200, 'the fault is team-b\'s only');
  } finally {
    await wrangler.stop();
  }
});
