// telnyx-wasm/proxy: a fetch handler that holds the Telnyx key on a server
// and forwards a page's calls, only the 12 operations, each checked by the
// client's own Rust checks (ProxyRules) before anything is sent. What is
// forwarded is the request the core rebuilds, with the key added inside the
// module: no header, cookie or body byte of the caller's goes on unchecked.
// This file holds the HTTP policy around it: Host, Origin and CORS, the body
// cap and the rate limit. The key never appears in a response or a log line.
import { ProxyRules } from './telnyx_proxy.js';
import { ensure, readyNow } from './proxy-loader.js';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const MAX_BODY_BYTES = 16 * 1024;
// What the client may send across origins (the engine adds x-stainless-retry-count).
const CORS_REQUEST_HEADERS = ['accept', 'content-type', 'idempotency-key', 'x-stainless-retry-count'];
// What goes back from the upstream's response; everything else (set-cookie, ...) stays behind.
const RESPONSE_HEADERS = ['content-type', 'x-request-id', 'retry-after'];
// Set by toNodeHandler: the socket's address, the rate limit's default client key.
const clientAddresses = new WeakMap();

/** Makes the proxy's fetch handler. Throws a TypeError for bad options. */
export function createProxy(options = {}) {
  const settings = readOptions(options);
  let rules = null;
  const ruled = () => (rules ??= new ProxyRules(settings.apiKey, settings.upstream));
  // Where the module is ready now (Node, workerd), a bad key or upstream throws here.
  if (readyNow()) {
    construct(ruled);
    settings.operations.check();
  }
  const limiter = settings.rateLimit && rateLimiter(settings.rateLimit);

  return async function proxy(request) {
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    const cors = corsFor(origin, url, settings);
    const answer = (response, reason) => {
      settings.log?.(`${request.method} ${url.pathname}${url.search} -> ${response.status}${reason ? ` (${reason})` : ''}`);
      if (cors) for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      return response;
    };
    const refuse = (status, code, title, detail, extra) => answer(refusal(status, code, title, detail, extra), detail);

    if (!settings.allowedHosts.includes(url.hostname.toLowerCase())) {
      return refuse(403, '10010', 'Not authorized', `The Host \`${clip(url.host)}\` is not one this proxy serves.`);
    }
    if (!url.pathname.startsWith(settings.basePath)) {
      return refuse(404, '10005', 'Resource not found', `${clip(url.pathname)} is outside this proxy's path.`);
    }
    const originRefused = checkOrigin(request, origin, cors);
    if (originRefused) return refuse(403, '10010', 'Not authorized', originRefused);
    if (request.method === 'OPTIONS') return answer(preflight(request), 'preflight');
    if (limiter) {
      const wait = limiter(settings.rateLimit.key?.(request) ?? clientAddresses.get(request) ?? request.headers.get('cf-connecting-ip') ?? '');
      if (wait) {
        return refuse(429, '10011', 'Too many requests', `This client sent more than ${settings.rateLimit.requests} requests in ${settings.rateLimit.windowMs} ms.`, {
          'retry-after': String(Math.ceil(wait / 1000)),
        });
      }
    }
    const body = await readBody(request, settings.maxBodyBytes);
    if (body.refused) return refuse(...body.refused);

    await ensure();
    const path = url.pathname.slice(settings.basePath.length - 1);
    const decided = construct(ruled).check(
      request.method,
      path,
      url.search.slice(1),
      request.headers.get('content-type') ?? '',
      request.headers.get('accept') ?? '',
      request.headers.get('idempotency-key') ?? '',
      body.text,
    );
    if (decided.error) {
      return answer(refusal(decided.status, decided.error, undefined, undefined, decided.allow && { allow: decided.allow }), decided.error.detail);
    }
    if (!settings.operations.has(decided.operation)) {
      return refuse(403, '10010', 'Not authorized', `${decided.operation} is not enabled on this proxy.`);
    }
    let upstream;
    try {
      upstream = await settings.fetch(decided.url, { method: decided.method, headers: decided.headers, body: decided.body, redirect: 'manual' });
    } catch {
      return refuse(502, '10007', 'Bad Gateway', 'The upstream API could not be reached.');
    }
    const headers = new Headers();
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    return answer(new Response(upstream.body, { status: upstream.status, headers }), decided.operation);
  };
}

/** The proxy on node:http: `http.createServer(toNodeHandler(createProxy({ ... })))`. */
export function toNodeHandler(handler) {
  return async (req, res) => {
    try {
      // A Host that is not a plain host[:port] cannot be put in a URL; it fails the Host check instead.
      const host = /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(req.headers.host ?? '') ? req.headers.host : 'invalid.host';
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        try {
          headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
        } catch {
          // A header fetch cannot hold is dropped: nothing of the caller's is forwarded anyway.
        }
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(`http://${host}${req.url.startsWith('/') ? req.url : '/'}`, {
        method: req.method,
        headers,
        body: hasBody ? req : undefined,
        duplex: 'half',
      });
      clientAddresses.set(request, req.socket.remoteAddress ?? '');
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: '10007', title: 'Internal error', detail: 'The proxy failed to answer.' }] }));
    }
  };
}

function readOptions(options) {
  const fail = (message) => {
    throw new TypeError(`createProxy: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  const known = ['apiKey', 'upstream', 'allowedOrigins', 'allowedHosts', 'operations', 'basePath', 'maxBodyBytes', 'rateLimit', 'log', 'fetch'];
  for (const key of Object.keys(options)) if (!known.includes(key)) fail(`unknown option \`${key}\``);
  const list = (name, value, fallback) => {
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail(`\`${name}\` must be an array of strings`);
    return value;
  };
  const { apiKey, upstream = 'https://api.telnyx.com/v2', basePath = '/', maxBodyBytes = MAX_BODY_BYTES, rateLimit, log } = options;
  if (typeof apiKey !== 'string') fail('`apiKey` must be a string (the Telnyx key this server holds)');
  if (typeof upstream !== 'string') fail('`upstream` must be a string URL');
  if (typeof basePath !== 'string' || !basePath.startsWith('/') || /[?#%\\]|\/\.\.?(\/|$)/.test(basePath)) {
    fail('`basePath` must be a path like /api/telnyx');
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) fail('`maxBodyBytes` must be a whole number of bytes');
  if (rateLimit !== undefined) {
    const { requests, windowMs, key } = rateLimit ?? {};
    if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(windowMs) || windowMs < 1) {
      fail('`rateLimit` must be { requests, windowMs } with whole numbers of at least 1');
    }
    if (key !== undefined && typeof key !== 'function') fail('`rateLimit.key` must be a function of the request');
  }
  if (log !== undefined && typeof log !== 'function') fail('`log` must be a function of one line of text');
  const operations = list('operations', options.operations, null);
  const origins = list('allowedOrigins', options.allowedOrigins, null);
  for (const origin of origins ?? []) {
    if (origin === 'null' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      fail(`\`allowedOrigins\` holds \`${clip(origin)}\`, which is not an origin like https://app.example.com`);
    }
  }
  return {
    apiKey,
    upstream,
    basePath: basePath.endsWith('/') ? basePath : `${basePath}/`,
    allowedHosts: list('allowedHosts', options.allowedHosts, LOOPBACK_HOSTS).map((host) => host.toLowerCase()),
    allowedOrigins: origins,
    operations: new OperationSet(operations),
    maxBodyBytes,
    rateLimit,
    log,
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
  };
}

/** The operations forwarded: all 12 unless named; the names are checked against the module's list. */
class OperationSet {
  constructor(names) {
    this.names = names;
    this.checked = false;
  }
  check() {
    if (this.checked) return;
    const known = ProxyRules.operations().split(',');
    const unknown = (this.names ?? []).find((name) => !known.includes(name));
    if (unknown) throw new TypeError(`createProxy: \`operations\` holds \`${clip(unknown)}\`; known: ${known.join(', ')}`);
    this.checked = true;
  }
  has(name) {
    this.check();
    return this.names === null || this.names.includes(name);
  }
}

function construct(ruled) {
  try {
    return ruled();
  } catch (reason) {
    throw new TypeError(`createProxy: ${typeof reason === 'string' ? reason : 'the module could not check the settings'}`);
  }
}

/** The CORS headers for an allowed foreign origin; null for same origin or a refused one. */
function corsFor(origin, url, settings) {
  if (!origin || origin === url.origin || !settings.allowedOrigins?.includes(origin)) return null;
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-expose-headers': 'x-request-id, retry-after',
  };
}

/**
 * Why the request's origin is refused, or nothing. With no allowedOrigins,
 * only the proxy's own origin. Without an Origin header only a same-origin
 * GET, as a browser marks it (Sec-Fetch-Site): a page elsewhere, a
 * `null` origin and a caller that says nothing are refused.
 */
function checkOrigin(request, origin, cors) {
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site');
    if (site === 'same-origin' && request.method === 'GET') return null;
    return 'The request has no Origin header: only a same-origin page may call this proxy.';
  }
  if (origin === new URL(request.url).origin || cors) return null;
  return `The Origin \`${clip(origin)}\` is not allowed to call this proxy.`;
}

function preflight(request) {
  const wanted = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const method = request.headers.get('access-control-request-method') ?? '';
  const foreign = wanted.find((name) => !CORS_REQUEST_HEADERS.includes(name));
  if (!['GET', 'POST', 'PATCH'].includes(method) || foreign) {
    const what = foreign ? `the header \`${clip(foreign)}\`` : `the method \`${clip(method)}\``;
    return refusal(403, '10010', 'Not authorized', `This proxy does not accept ${what} across origins.`);
  }
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST, PATCH',
      'access-control-allow-headers': CORS_REQUEST_HEADERS.join(', '),
      'access-control-max-age': '600',
    },
  });
}

/** The body's text, at most `max` bytes, or the refusal. */
async function readBody(request, max) {
  if (!request.body) return { text: '' };
  const declared = Number(request.headers.get('content-length') ?? 0);
  const tooLarge = [413, '10015', 'Payload too large', `The request body is larger than the limit of ${max} bytes.`];
  if (declared > max) {
    request.body.cancel().catch(() => {});
    return { refused: tooLarge };
  }
  const chunks = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return { refused: tooLarge };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { refused: [400, '10015', 'Bad Request', 'The request body is not valid UTF-8.'] };
  }
}

/** A fixed-window counter per client; answers how long to wait, or 0. */
function rateLimiter({ requests, windowMs }) {
  let windowStart = 0;
  let counts = new Map();
  return (client) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      counts = new Map();
    }
    const count = (counts.get(client) ?? 0) + 1;
    counts.set(client, count);
    return count > requests ? windowStart + windowMs - now : 0;
  };
}

/** A Telnyx-format error response: `{ errors: [{ code, title, detail, source }] }`. */
function refusal(status, code, title, detail, extraHeaders) {
  const error = typeof code === 'object' ? code : { code, title, detail, source: { pointer: '/' } };
  return new Response(JSON.stringify({ errors: [error] }), {
    status,
    headers: { 'content-type': 'application/json', ...extraHeaders },
  });
}

/** A caller's text, shortened for a message. */
function clip(text) {
  const value = String(text);
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
