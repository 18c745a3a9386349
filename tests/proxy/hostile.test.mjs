// The proxy under hostile requests: each case is sent to telnyx-wasm/proxy
// (installed from its tarball) on node:http, with telnyx-mock --api-key as
// the upstream; the upstream's request log shows what got through. Every
// refused case must leave that log unchanged, and the key must appear in no
// response and no log line. The table goes to $TELNYX_ARTIFACTS/proxy-matrix.md.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY, admin, raw, received, reset, serveProxy } from './helpers.mjs';

let proxy;
let limited;
let listOnly;
let cors;
let accountId;
let userId;
const rows = [];

before(async () => {
  proxy = await serveProxy({ maxBodyBytes: 2048 });
  limited = await serveProxy({ rateLimit: { requests: 2, windowMs: 60_000 } });
  listOnly = await serveProxy({ operations: ['managedAccounts.list'] });
  cors = await serveProxy({ allowedOrigins: ['http://app.example'] });
  await reset();
  const full = (await admin('GET', '/state?full=true')).data;
  accountId = full.accounts[0].id;
  userId = full.users[0].id;
});

after(async () => {
  for (const server of [proxy, limited, listOnly, cors]) await server?.close();
  const refused = rows.filter((row) => row.refused);
  const lines = [
    `Cases tried: ${rows.length}; refused: ${refused.length}; refused that reached the upstream: ${refused.filter((r) => r.reached).length}; ` +
      `key seen in a response or log line: ${rows.filter((r) => r.leak).length}.`,
    '',
    '| group | case | answer | reached upstream |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.group} | ${r.name.replace(/\|/g, '\\|')} | ${r.status} | ${r.reached} |`),
  ];
  if (process.env.TELNYX_ARTIFACTS) writeFileSync(join(process.env.TELNYX_ARTIFACTS, 'proxy-matrix.md'), lines.join('\n') + '\n');
  console.log(lines.slice(0, 1).join('\n'));
});

const same = () => ({ origin: proxy.origin });
const json = { 'content-type': 'application/json' };

/** Sends a case to `server` and checks its answer and what the upstream received. */
async function attempt(group, name, server, request, expected, { reaches = 0, telnyxFormat = true } = {}) {
  const before = (await received()).length;
  const res = request.socket ? await request.socket(server.port) : await raw(server.port, request);
  const reached = (await received()).length - before;
  const leak = [res.text, JSON.stringify(res.headers)].some((text) => text.includes(KEY));
  rows.push({ group, name, status: res.status, refused: expected >= 400, reached, leak });
  assert.equal(res.status, expected, `${name}: ${res.text}`);
  assert.equal(reached, reaches, `${name}: the upstream received ${reached} request(s)`);
  assert.ok(!leak, `${name}: the key is in the answer`);
  if (expected >= 400 && telnyxFormat) {
    const body = res.text ? JSON.parse(res.text) : {};
    assert.ok(body.errors?.[0]?.detail && body.errors[0].code, `${name}: a Telnyx-format error with a reason: ${res.text}`);
  }
  return res;
}

test('a rebinding Host or a foreign Origin is refused before anything is forwarded', async () => {
  const list = '/proxy/managed_accounts';
  await attempt('Host', 'Host: evil.example with Origin: http://evil.example (DNS rebinding)', proxy, { path: list, headers: { host: 'evil.example', origin: 'http://evil.example' } }, 403);
  await attempt('Host', 'Host: evil.example:PORT (the proxy port), same-origin fetch metadata', proxy, { path: list, headers: { host: `evil.example:${proxy.port}`, 'sec-fetch-site': 'same-origin' } }, 403);
  await attempt('Host', 'Host: 127.0.0.1.nip.io', proxy, { path: list, headers: { host: `127.0.0.1.nip.io:${proxy.port}`, origin: `http://127.0.0.1.nip.io:${proxy.port}` } }, 403);
  // node:http refuses an HTTP/1.1 request without Host itself (400, no body), before the proxy runs.
  await attempt('Host', 'no Host header', proxy, { path: list, setHost: false, headers: { origin: proxy.origin } }, 400, { telnyxFormat: false });
  await attempt('Host', 'Host with a path in it', proxy, { path: list, headers: { host: 'evil.example/x', origin: proxy.origin } }, 403);
  await attempt('Origin', 'Origin: http://evil.example', proxy, { path: list, headers: { origin: 'http://evil.example' } }, 403);
  await attempt('Origin', 'Origin: null (sandboxed frame, file:)', proxy, { path: list, headers: { origin: 'null' } }, 403);
  await attempt('Origin', 'no Origin, no fetch metadata', proxy, { path: list }, 403);
  await attempt('Origin', 'no Origin, Sec-Fetch-Site: cross-site', proxy, { path: list, headers: { 'sec-fetch-site': 'cross-site' } }, 403);
  await attempt('Origin', 'no Origin on a POST that claims same-origin', proxy, { method: 'POST', path: list, headers: { ...json, 'sec-fetch-site': 'same-origin' }, body: '{"business_name":"X"}' }, 403);
  await attempt('Origin', 'Origin of another port on the same host', proxy, { path: list, headers: { origin: 'http://127.0.0.1:1' } }, 403);
  await attempt('Origin', 'Origin: https:// of the proxy (another scheme)', proxy, { path: list, headers: { origin: proxy.origin.replace('http:', 'https:') } }, 403);
  await attempt('Origin', 'cross-site "simple" POST, text/plain create', proxy, { method: 'POST', path: list, headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{"business_name":"Evil"}' }, 403);
  await attempt('Origin', 'allowed CORS origin set, Origin: http://evil.example', cors, { path: list, headers: { origin: 'http://evil.example' } }, 403);
});

test('preflights are answered for allowed origins only, and forward nothing', async () => {
  const preflight = (origin, method, headers = 'content-type') => ({
    method: 'OPTIONS',
    path: '/proxy/managed_accounts',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
  await attempt('Preflight', 'OPTIONS from http://evil.example', proxy, preflight('http://evil.example', 'POST'), 403);
  await attempt('Preflight', 'OPTIONS from http://evil.example to a proxy with CORS for app.example', cors, preflight('http://evil.example', 'POST'), 403);
  await attempt('Preflight', 'OPTIONS from Origin: null', cors, preflight('null', 'GET'), 403);
  await attempt('Preflight', 'OPTIONS from app.example asking for DELETE', cors, preflight('http://app.example', 'DELETE'), 403);
  await attempt('Preflight', 'OPTIONS from app.example asking to send Authorization', cors, preflight('http://app.example', 'GET', 'authorization'), 403);
  const ok = await attempt('Preflight', 'OPTIONS from app.example for POST with content-type (allowed)', cors, preflight('http://app.example', 'POST'), 204);
  assert.equal(ok.headers['access-control-allow-origin'], 'http://app.example');
  const get = await attempt('Preflight', 'GET from app.example after its preflight (allowed)', cors, { path: '/proxy/managed_accounts', headers: { origin: 'http://app.example' } }, 200, { reaches: 1 });
  assert.equal(get.headers['access-control-allow-origin'], 'http://app.example');
});

test('paths outside the 12 operations, traversal and wrong methods are refused', async () => {
  // A HEAD answer has no body, so its error object cannot be read.
  const go = (name, path, status, method = 'GET') =>
    attempt('Path', name, proxy, { method, path, headers: same() }, status, { telnyxFormat: method !== 'HEAD' });
  await go('the mock admin API under the proxy: /proxy/__admin/requests', '/proxy/__admin/requests', 404);
  await go('/proxy/v2/managed_accounts', '/proxy/v2/managed_accounts', 404);
  await go('/proxy/ (the root)', '/proxy/', 404);
  await go('/managed_accounts outside basePath', '/managed_accounts', 404);
  await go('/proxy/../__admin/requests', '/proxy/../__admin/requests', 404);
  await go('/proxy/managed_accounts/../../__admin/requests', '/proxy/managed_accounts/../../__admin/requests', 404);
  await go('/proxy/%2e%2e/__admin/requests (encoded dots)', '/proxy/%2e%2e/__admin/requests', 404);
  await go('/proxy/managed_accounts/%2E%2E (encoded dot segment as id)', '/proxy/managed_accounts/%2E%2E', 404);
  await go('/proxy/managed_accounts/..%2f..%2f__admin%2frequests (encoded slashes in the id)', '/proxy/managed_accounts/..%2f..%2f__admin%2frequests', 422);
  await go('/proxy/managed_accounts/%252e%252e (double-encoded dots)', '/proxy/managed_accounts/%252e%252e', 422);
  await go('/proxy/managed_accounts/a%5Cb (encoded backslash)', '/proxy/managed_accounts/a%5Cb', 422);
  await go('/proxy/managed_accounts/%00 (NUL id)', '/proxy/managed_accounts/%00', 422);
  await go('/proxy/managed_accounts/%FF (not UTF-8)', '/proxy/managed_accounts/%FF', 422);
  await go('/proxy/managed_accounts//actions/disable (empty id)', '/proxy/managed_accounts//actions/disable', 404, 'POST');
  await go('/proxy/managed_accounts/x/actions/delete', `/proxy/managed_accounts/${accountId}/actions/delete`, 404, 'POST');
  await go('/proxy/organizations', '/proxy/organizations', 404);
  await go('DELETE /proxy/managed_accounts/{id}', `/proxy/managed_accounts/${accountId}`, 405, 'DELETE');
  await go('PUT /proxy/managed_accounts', '/proxy/managed_accounts', 405, 'PUT');
  await go('HEAD /proxy/managed_accounts', '/proxy/managed_accounts', 405, 'HEAD');
  await go('POST /proxy/managed_accounts/allocatable_global_outbound_channels', '/proxy/managed_accounts/allocatable_global_outbound_channels', 405, 'POST');
  await go('GET /proxy/organizations/users/{id}/actions/remove', `/proxy/organizations/users/${userId}/actions/remove`, 405);
  await attempt('Path', 'an operation not enabled on this proxy (create on a list-only proxy)', listOnly, { method: 'POST', path: '/proxy/managed_accounts', headers: { origin: listOnly.origin, ...json }, body: '{"business_name":"X"}' }, 403);
});

test('bad ids and params are refused by the client\'s own checks', async () => {
  const go = (name, path) => attempt('Params', name, proxy, { path, headers: same() }, 422);
  await go('id with a space', '/proxy/managed_accounts/a%20b');
  await go('id of 200 characters', `/proxy/managed_accounts/${'a'.repeat(200)}`);
  await go('page[size]=0', '/proxy/managed_accounts?page[size]=0');
  await go('page[size]=251', '/proxy/managed_accounts?page%5Bsize%5D=251');
  await go('page[number]=-1', '/proxy/managed_accounts?page[number]=-1');
  await go('page[size]=1e3', '/proxy/managed_accounts?page[size]=1e3');
  await go('an unknown parameter (admin=true)', '/proxy/managed_accounts?admin=true');
  await go('sort given twice', '/proxy/managed_accounts?sort=email&sort=-email');
  await go('sort=password', '/proxy/managed_accounts?sort=password');
  await go('filter[status][eq]=deleted', '/proxy/managed_accounts?filter[status][eq]=deleted');
  await go('filter[email][like]=x (unknown operator)', '/proxy/managed_accounts?filter[email][like]=x');
  await go('filter[email][contains] with a control character', '/proxy/managed_accounts?filter[email][contains]=a%07b');
  await go('include_groups=maybe', `/proxy/organizations/users/${userId}?include_groups=maybe`);
  await go('a query on retrieve (include=api_key)', `/proxy/managed_accounts/${accountId}?include=api_key`);
  await attempt('Params', 'Idempotency-Key with a space', proxy, { method: 'POST', path: '/proxy/managed_accounts', headers: { ...same(), ...json, 'idempotency-key': 'a b' }, body: '{"business_name":"X"}' }, 422);
});

test('bodies that are not JSON, not sent as JSON, too large or unexpected are refused', async () => {
  const create = (name, headers, body, status) =>
    attempt('Body', name, proxy, { method: 'POST', path: '/proxy/managed_accounts', headers: { ...same(), ...headers }, body }, status);
  await create('JSON sent as text/plain', { 'content-type': 'text/plain' }, '{"business_name":"X"}', 415);
  await create('JSON sent as a form', { 'content-type': 'application/x-www-form-urlencoded' }, '{"business_name":"X"}', 415);
  await create('JSON without Content-Type', {}, '{"business_name":"X"}', 415);
  await create('not JSON', json, '{"business_name":', 400);
  await create('a JSON array', json, '[{"business_name":"X"}]', 422);
  await create('an unknown member (admin: true)', json, '{"business_name":"X","admin":true}', 422);
  await create('a blank business_name', json, '{"business_name":"  "}', 422);
  await create('business_name as a number', json, '{"business_name":5}', 422);
  await create('a body not valid UTF-8', json, Buffer.from([0x7b, 0xff, 0x7d]), 400);
  await create('a declared body over maxBodyBytes', { ...json, 'content-length': '4096' }, 'x'.repeat(4096), 413);
  await create('a chunked body over maxBodyBytes', { ...json, 'transfer-encoding': 'chunked' }, JSON.stringify({ business_name: 'x'.repeat(3000) }), 413);
  await attempt('Body', 'channel_limit: -1', proxy, { method: 'PATCH', path: `/proxy/managed_accounts/${accountId}/update_global_channel_limit`, headers: { ...same(), ...json }, body: '{"channel_limit":-1}' }, 422);
  await attempt('Body', 'a body on disable (takes none)', proxy, { method: 'POST', path: `/proxy/managed_accounts/${accountId}/actions/disable`, headers: { ...same(), ...json }, body: '{"x":1}' }, 400);
});

test('smuggled headers are dropped: only the proxy\'s key and its own headers go on', async () => {
  const before = (await received()).length;
  const smuggled = {
    ...same(),
    authorization: 'Bearer KEY_of_the_browser',
    cookie: 'session=stolen',
    'proxy-authorization': 'Basic eDp5',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-for': '10.0.0.1',
    'x-http-method-override': 'DELETE',
    connection: 'keep-alive, x-drop-me',
    'x-drop-me': '1',
    te: 'trailers',
  };
  await attempt('Headers', 'Authorization, Cookie, Proxy-Authorization, X-Forwarded-*, method override, hop-by-hop (list is forwarded without them)', proxy, { path: '/proxy/managed_accounts?page[size]=2', headers: smuggled }, 200, { reaches: 1 });
  const [got] = (await received()).slice(before);
  assert.equal(got.method, 'GET');
  assert.equal(got.query, 'page%5Bsize%5D=2'); // rebuilt by the client's own request builder
  // The mock redacts the value; it answered 200, so the key was the proxy's (the browser's would be 401).
  assert.equal(got.headers.authorization, 'Bearer [redacted]');
  for (const name of ['cookie', 'proxy-authorization', 'x-forwarded-host', 'x-forwarded-for', 'x-http-method-override', 'x-drop-me', 'te']) {
    assert.equal(got.headers[name], undefined, `${name} reached the upstream`);
  }
  await attempt('Headers', 'Content-Length and Transfer-Encoding together (request smuggling)', proxy, {
    socket: (port) => rawSocket(port, `POST /proxy/managed_accounts HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${proxy.origin}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /proxy/__admin/requests HTTP/1.1\r\nHost: evil.example\r\n\r\n`),
  }, 400, { telnyxFormat: false }); // Node's own parser refuses it, before the proxy runs
});

test('a client over its rate limit is refused with retry-after', async () => {
  const list = { path: '/proxy/managed_accounts', headers: { origin: limited.origin } };
  await attempt('Rate', 'request 1 of 2 in the window (allowed)', limited, list, 200, { reaches: 1 });
  await attempt('Rate', 'request 2 of 2 in the window (allowed)', limited, list, 200, { reaches: 1 });
  const third = await attempt('Rate', 'request 3 of 2 in the window', limited, list, 429);
  assert.ok(Number(third.headers['retry-after']) > 0);
});

test('the key appears in no log line, and every refusal was logged with its reason', () => {
  const lines = [proxy, limited, listOnly, cors].flatMap((server) => server.log);
  assert.ok(lines.length >= rows.length - 2, `${lines.length} log lines for ${rows.length} cases`);
  for (const line of lines) assert.ok(!line.includes(KEY), `the key is in the log line ${line}`);
  assert.ok(lines.some((line) => /-> 403 \(The Host `evil\.example` is not one this proxy serves\.\)/.test(line)), lines.join('\n'));
  assert.equal(rows.filter((r) => r.refused && r.reached).length, 0);
});

/** Writes bytes to a socket as they are; the first status line is the answer. */
function rawSocket(port, text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, headers: {}, text: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') });
    });
  });
}
