// The same request sequence (every operation, errors, faults, idempotency,
// paging) to the Rust program over HTTP and to mock.fetch in-process: the
// same statuses, bodies (ids, keys and times aside) and final state.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import createMock from 'telnyx-mock';
import { start } from '../helpers.mjs';

const AUTH = { authorization: 'Bearer KEY_diff' };
const JSON_BODY = { ...AUTH, 'content-type': 'application/json' };

/** What may differ between two runs: generated ids, keys, request ids and times. */
function normalize(text) {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/"(api_key|api_token|api_user|access_token)":"[^"]*"/g, '"$1":"<secret>"')
    .replace(/"(seq|since|started_ms|created_ms|expires_ms)":\d+/g, '"$1":0');
}

/** Runs the sequence with `send(method, path, headers, body)`; returns one line per step. */
async function sequence(send) {
  const out = [];
  const step = async (label, method, path, headers = AUTH, body) => {
    let line;
    try {
      const response = await send(method, path, headers, body);
      const text = await response.text();
      // The log's headers are what each transport sent (host, user-agent...): not compared.
      const compared = label === 'requests' ? text.replace(/"headers":\{[^}]*\}/g, '"headers":{}') : text;
      line = `${label}: ${response.status} ${response.headers.get('content-type') ?? ''} ${normalize(compared)}`;
      out.push(line);
      return text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    } catch (error) {
      out.push(`${label}: rejected ${error.name}`);
      return undefined;
    }
  };
  const accounts = (await step('list', 'GET', '/v2/managed_accounts?page[size]=5&page[number]=2&sort=email')).data;
  await step('filter', 'GET', '/managed_accounts?filter[status][eq]=disabled&include_cancelled_accounts=true');
  await step('retrieve', 'GET', `/v2/managed_accounts/${accounts[0].id}`);
  await step('no auth', 'GET', '/v2/managed_accounts', {});
  await step('bad page', 'GET', '/v2/managed_accounts?page[size]=251');
  await step('404', 'GET', '/v2/managed_accounts/5c6b0a1e-0000-4000-8000-000000000000');
  await step('405', 'DELETE', '/v2/managed_accounts');
  await step('bad email', 'POST', '/v2/managed_accounts', JSON_BODY, '{"business_name":"X","email":"nope"}');
  await step('bad json', 'POST', '/v2/managed_accounts', JSON_BODY, '{"business_name":');
  const created = (await step('create', 'POST', '/v2/managed_accounts', { ...JSON_BODY, 'idempotency-key': 'diff-1' }, '{"business_name":"Diff Co"}')).data;
  await step('replay', 'POST', '/v2/managed_accounts', { ...JSON_BODY, 'idempotency-key': 'diff-1' }, '{"business_name":"Diff Co"}');
  await step('key reused', 'POST', '/v2/managed_accounts', { ...JSON_BODY, 'idempotency-key': 'diff-1' }, '{"business_name":"Other"}');
  await step('bad key', 'POST', '/v2/managed_accounts', { ...JSON_BODY, 'idempotency-key': 'no spaces' }, '{"business_name":"K"}');
  await step('update', 'PATCH', `/v2/managed_accounts/${created.id}`, JSON_BODY, '{"managed_account_allow_custom_pricing":true}');
  await step('disable', 'POST', `/v2/managed_accounts/${created.id}/actions/disable`);
  await step('enable', 'POST', `/v2/managed_accounts/${created.id}/actions/enable`, JSON_BODY, '{}');
  await step('limit', 'PATCH', `/v2/managed_accounts/${created.id}/update_global_channel_limit`, JSON_BODY, '{"channel_limit":5}');
  await step('channels', 'GET', '/v2/managed_accounts/allocatable_global_outbound_channels');
  const users = (await step('users', 'GET', '/v2/organizations/users?include_groups=true&page[size]=4')).data;
  await step('user', 'GET', `/v2/organizations/users/${users[1].id}`);
  await step('report', 'GET', '/v2/organizations/users/users_groups_report');
  await step('csv', 'GET', '/v2/organizations/users/users_groups_report', { ...AUTH, accept: 'text/csv' });
  await step('remove', 'POST', `/v2/organizations/users/${users[1].id}/actions/remove`);
  await step('remove owner', 'POST', `/v2/organizations/users/${users[0].id}/actions/remove`);
  await step('fault', 'POST', '/__admin/faults', {}, JSON.stringify([
    { method: 'GET', path: '/managed_accounts/*', status: 503, headers: { 'retry-after': '1' } },
    { method: 'POST', path: '/managed_accounts', drop_connection: true, after_commit: true },
    { method: 'GET', path: '/organizations/users', status: 200, body: '{"data": [' },
  ]));
  await step('503', 'GET', `/v2/managed_accounts/${created.id}`);
  await step('dropped', 'POST', '/v2/managed_accounts', JSON_BODY, '{"business_name":"Lost"}');
  await step('malformed', 'GET', '/v2/organizations/users');
  await step('rules', 'GET', '/__admin/faults');
  await step('requests', 'GET', '/__admin/requests?method=POST');
  await step('state', 'GET', '/__admin/state?full=true');
  await step('scenario', 'PUT', '/__admin/scenarios/cancelled-and-blocked', {});
  await step('after scenario', 'GET', '/v2/managed_accounts');
  await step('reset', 'POST', '/__admin/reset', {});
  await step('after reset', 'GET', '/__admin/state');
  return out;
}

test('the program over HTTP and mock.fetch in-process answer the same sequence the same way', { timeout: 60_000 }, async () => {
  const server = await start(process.env.TELNYX_MOCK_BIN, ['--port', '0', '--quiet', '--api-key', 'KEY_diff']);
  try {
    const overHttp = await sequence((method, path, headers, body) => fetch(`${server.match}${path}`, { method, headers, body }));
    const mock = createMock({ apiKey: 'KEY_diff' });
    const inProcess = await sequence((method, path, headers, body) => mock.fetch(`http://telnyx-mock.test${path}`, { method, headers, body }));
    assert.equal(inProcess.length, 36);
    for (let i = 0; i < overHttp.length; i++) assert.equal(inProcess[i], overHttp[i]);
    assert.ok(overHttp.some((line) => line.startsWith('dropped: rejected TypeError')));
  } finally {
    await server.stop();
  }
});
