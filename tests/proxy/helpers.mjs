// Shared by the proxy's tests: the mock (started by run.sh with --api-key),
// its request log, and proxies served on node:http from the installed package.

import http from 'node:http';
import { createProxy, toNodeHandler } from 'telnyx-wasm/proxy';

export const MOCK = process.env.TELNYX_MOCK_URL;
export const KEY = process.env.PROXY_API_KEY;
if (!MOCK || !KEY) throw new Error('TELNYX_MOCK_URL and PROXY_API_KEY are not set: run the tests with tests/proxy/run.sh');

export async function admin(method, path) {
  const res = await fetch(`${MOCK}/__admin${path}`, { method });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** What the upstream received since the last reset. */
export const received = async () => (await admin('GET', '/requests')).data;
export const reset = () => admin('POST', '/reset');

/** Serves a proxy on 127.0.0.1:0; resolves with its origin, its log lines and a close(). */
export async function serveProxy(options = {}) {
  const log = [];
  const handler = createProxy({ apiKey: KEY, upstream: `${MOCK}/v2`, basePath: '/proxy', log: (line) => log.push(line), ...options });
  const server = http.createServer(toNodeHandler(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, port: server.address().port, log, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * One raw request, as a hostile client can send it: any Host, any path
 * bytes (no URL normalisation on this side), any headers. Resolves with
 * status, headers and body text.
 */
export function raw(port, { method = 'GET', path, headers = {}, body, setHost = true }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, setHost }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
