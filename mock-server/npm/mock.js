// createMock(): the telnyx-mock engine (Rust, as wasm) answering a WHATWG
// fetch in-process. Every rule (routes, validation, faults, the admin API)
// is the engine's: this file only carries requests in and answers out, and
// does what an answer asks (wait, or fail like a dropped connection).

import { MockEngine } from './telnyx_mock_wasm.js';
import { ready } from './loader.js';

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** 64 random bits for the engine's ids and keys. */
const random = () => crypto.getRandomValues(new BigUint64Array(1))[0];

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** What undici's fetch rejects with when the server closes the connection. */
const droppedConnection = () => new TypeError('fetch failed', { cause: new Error('other side closed') });

export function createMock(options = {}) {
  ready();
  const engine = new MockEngine(JSON.stringify(options ?? {}));

  /** One request through the engine: its raw answer. */
  const answer = (method, target, headers, body) => engine.handle(method, target, headers, body, Date.now(), random());

  /** An admin call, answered at once (the admin API is neither delayed nor faulted). */
  const admin = (method, path, body) => {
    const bytes = body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body));
    const headers = body === undefined ? [] : ['content-type', 'application/json'];
    const out = answer(method, `/__admin${path}`, headers, bytes);
    const text = new TextDecoder().decode(out.body);
    const json = text ? JSON.parse(text) : undefined;
    if (out.status >= 400) {
      const detail = json?.errors?.map((e) => e.detail ?? e.title).join('; ') ?? text;
      throw Object.assign(new Error(`telnyx-mock: ${method} /__admin${path} answered ${out.status}: ${detail}`), { status: out.status, body: json });
    }
    return json;
  };
  const query = (params) => {
    const search = new URLSearchParams(Object.entries(params ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return search.size ? `?${search}` : '';
  };

  /** A WHATWG fetch answered by the engine: `new Telnyx({ fetch: mock.fetch })`. */
  async function fetch(input, init) {
    const request = new Request(input, init);
    const signal = request.signal;
    if (signal.aborted) throw signal.reason;
    const url = new URL(request.url);
    const headers = [];
    request.headers.forEach((value, name) => headers.push(name, value));
    const body = new Uint8Array(await request.arrayBuffer());
    const out = answer(request.method, url.pathname + url.search, headers, body);
    if (out.delayMs > 0) await sleep(out.delayMs, signal);
    if (out.drop) throw droppedConnection();
    return new Response(NULL_BODY.has(out.status) ? null : out.body, { status: out.status, headers: out.headers });
  }

  return {
    fetch,
    /** Serves one request given as parts (for servers): `{status, headers, body, delayMs, drop, requestId, note}`. */
    handle: answer,
    /** Adds a fault rule or an array of them (the admin API's JSON); returns what was added. */
    addFault: (rule) => admin('POST', '/faults', rule).data,
    faults: () => admin('GET', '/faults').data,
    clearFaults: () => void admin('DELETE', '/faults'),
    removeFault: (id) => void admin('DELETE', `/faults/${encodeURIComponent(id)}`),
    /** Back to the starting state; clears faults, the request log, idempotency records and the rate window. */
    reset: () => void admin('POST', '/reset'),
    /** The request log, filtered like GET /__admin/requests (`{ method, path, operation, since }`). */
    requests: (filter) => admin('GET', `/requests${query(filter)}`).data,
    clearRequests: () => void admin('DELETE', '/requests'),
    /** Counts, the manager and, with `{ full: true }`, every record. */
    state: (options) => admin('GET', `/state${query(options)}`).data,
    setAccountStatus: (id, status) => admin('PATCH', `/accounts/${encodeURIComponent(id)}`, { status }).data,
    snapshot: () => admin('GET', '/snapshot'),
    restore: (snapshot) => admin('PUT', '/snapshot', snapshot).data,
    scenarios: () => admin('GET', '/scenarios').data,
    loadScenario: (name) => admin('PUT', `/scenarios/${encodeURIComponent(name)}`).data,
  };
}

export default createMock;
