// A shared mock on Cloudflare Workers. Isolates share no memory, so each
// mock's one state lives in a Durable Object: `/<name>/v2/...` is served by
// the object called <name>, whatever isolate takes the request.
//
//   export { default, TelnyxMock } from 'telnyx-mock/worker';
//
// wrangler.toml binds the class as TELNYX_MOCK; TELNYX_MOCK_OPTIONS (a JSON
// text var) holds createMock()'s options for every object. Two secrets guard
// it: TELNYX_MOCK_ADMIN_TOKEN (`Authorization: Bearer <token>` on /__admin)
// and TELNYX_MOCK_API_KEY (the API's key). Without both it serves only
// localhost, unless TELNYX_MOCK_OPEN is true.
//
// Each object keeps its state in its SQLite storage as the engine's own
// snapshot (GET /__admin/snapshot), written in the same turn as the answer
// that changed it and put back when the object starts.
import { createMock } from './workerd.js';

/**
 * Largest request body the Worker passes on: a snapshot of ~15,000 accounts.
 * An isolate has 128 MB, and under workerd 5,000 accounts (a 2.7 MB snapshot)
 * take ~55 MB of it, so a larger import would not fit its object anyway.
 */
export const BODY_LIMIT = 8 * 1024 * 1024;
/** A SQLite-backed object stores at most 2 MB in one row: snapshots go in parts of 1 MiB. */
const PART_BYTES = 1024 * 1024;
/** A mock's name: what idFromName() gets, so nothing a path could smuggle. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Methods that never change a mock's state (and so never write it). */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** An error in Telnyx's format, from the Worker itself (the engine never saw the request). */
function failure(status, code, title, detail, headers = {}) {
  const error = { code, title, detail, source: { pointer: '/' }, meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` } };
  return Response.json({ errors: [error] }, { status, headers: { 'access-control-allow-origin': '*', ...headers } });
}

const isAdmin = (path) => path === '/__admin' || path.startsWith('/__admin/');
/** A load that replaces the whole state and moves what a reset returns to (the engine reads `keep_reset` likewise: the last one given). */
const movesReset = (method, url) =>
  method === 'PUT' &&
  ((url.pathname === '/__admin/snapshot' && url.searchParams.getAll('keep_reset').at(-1) !== 'true') || url.pathname.startsWith('/__admin/scenarios/'));
const clip = (text) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * createMock()'s options: TELNYX_MOCK_OPTIONS, with TELNYX_MOCK_API_KEY as
 * apiKey when set, and as the OAuth client secret too: the API also takes the
 * tokens POST /v2/oauth/token issues, and the default secret is public.
 */
function options(env) {
  const base = env?.TELNYX_MOCK_OPTIONS ? JSON.parse(env.TELNYX_MOCK_OPTIONS) : {};
  const key = env?.TELNYX_MOCK_API_KEY;
  return key ? { ...base, apiKey: key, oauthClientSecret: key } : base;
}

/** Compares two secrets in constant time (digests first, so lengths leak nothing either). */
async function sameSecret(given, expected) {
  const digest = (text) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * The body, or null if it passes `limit` bytes. Past the limit the rest is
 * read and dropped, not cancelled: a body left half-read breaks the next
 * request on the connection under wrangler dev, and the platform caps bodies.
 */
async function readLimited(request, limit) {
  if (!request.body) return new Uint8Array();
  const parts = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) parts.length = 0;
    else parts.push(value);
  }
  if (size > limit) return null;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

function equalBytes(a, b) {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class TelnyxMock {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.sql = ctx.storage.sql;
    /** Why this object cannot serve (bad options, or a stored state the engine refused); null when it can. */
    this.broken = null;
    /** The snapshot bytes last written, so an unchanged state is not written again. */
    this.saved = null;
    try {
      this.mock = createMock(options(env));
    } catch (error) {
      this.broken = `TELNYX_MOCK_OPTIONS is not valid: ${error.message}`;
      return;
    }
    // Nothing is served before the stored state is back.
    ctx.blockConcurrencyWhile(async () => this.restore());
  }

  /** One engine call, answered at once (the admin API is neither delayed nor faulted). */
  admin(method, target, body) {
    const headers = body ? ['content-type', 'application/json'] : [];
    return this.mock.handle(method, `/__admin${target}`, headers, body ?? new Uint8Array());
  }

  /** The snapshot stored under `slot` ('state': the current one; 'reset': what a reset returns to), or null. */
  read(slot) {
    const rows = this.sql.exec('SELECT bytes FROM telnyx_mock_snapshot WHERE slot = ? ORDER BY part', slot).toArray();
    if (rows.length === 0) return null;
    const parts = rows.map((row) => new Uint8Array(row.bytes));
    const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return bytes;
  }

  /** Replaces the snapshot under `slot`, all parts in one transaction. */
  write(slot, bytes) {
    this.ctx.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM telnyx_mock_snapshot WHERE slot = ?', slot);
      for (let part = 0, at = 0; at < bytes.length; part++, at += PART_BYTES) {
        this.sql.exec('INSERT INTO telnyx_mock_snapshot (slot, part, bytes) VALUES (?, ?, ?)', slot, part, bytes.subarray(at, at + PART_BYTES));
      }
    });
  }

  restore() {
    this.sql.exec('CREATE TABLE IF NOT EXISTS telnyx_mock_snapshot (slot TEXT NOT NULL, part INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (slot, part))');
    const reset = this.read('reset');
    const state = this.read('state');
    // The reset point first (it moves with every load), then the state, keeping that reset point.
    for (const [bytes, target, what] of [
      [reset, '/snapshot', 'the stored reset point'],
      [state, '/snapshot?keep_reset=true', 'the stored state'],
    ]) {
      if (!bytes) continue;
      const out = this.admin('PUT', target, bytes);
      if (out.status !== 200) {
        // The rows stay as they are: an import (PUT /__admin/snapshot or a scenario) replaces them.
        const text = new TextDecoder().decode(out.body);
        let detail;
        try {
          detail = JSON.parse(text).errors.map((e) => e.detail).join('; ');
        } catch {
          detail = clip(text);
        }
        this.broken = `${what} could not be loaded (${out.status}: ${detail}); it is kept in storage until PUT /__admin/snapshot or PUT /__admin/scenarios/{name} replaces it`;
        return;
      }
    }
    this.saved = state;
  }

  /** Writes the state if `request` may have changed it; a load also moves the stored reset point. */
  persist(method, url, status) {
    if (READS.has(method)) return;
    const bytes = this.admin('GET', '/snapshot').body;
    if (status === 200 && movesReset(method, url)) this.write('reset', bytes);
    if (!equalBytes(this.saved, bytes)) {
      this.write('state', bytes);
      this.saved = bytes;
    }
  }

  async fetch(request) {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    // A broken object still takes a load: it replaces both stored snapshots.
    if (this.broken && !(this.mock && movesReset(request.method, url))) {
      return failure(500, '10007', 'Unexpected error', `telnyx-mock: ${this.broken}.`);
    }
    const headers = [];
    request.headers.forEach((value, name) => headers.push(name, value));
    const out = this.mock.handle(request.method, url.pathname + url.search, headers, body);
    // Written in the same turn as the engine's answer: no other request runs in between. A broken
    // object's rows stay as they are until a load succeeds.
    if (!this.broken || out.status === 200) {
      try {
        this.persist(request.method, url, out.status);
      } catch (error) {
        return failure(500, '10007', 'Unexpected error', `telnyx-mock: the state could not be stored, so the answer (${out.status}) is not sent: ${error.message}.`);
      }
      this.broken = null;
    }
    if (out.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, out.delayMs));
    // A Worker cannot drop the client's connection: say so, as a 502 with no Telnyx body.
    if (out.drop) {
      return new Response('telnyx-mock: dropped connection (a drop_connection fault)', { status: 502, headers: { 'x-telnyx-mock-dropped': 'true' } });
    }
    return new Response(NULL_BODY.has(out.status) ? null : out.body, { status: out.status, headers: out.headers });
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const open = env.TELNYX_MOCK_OPEN === true || env.TELNYX_MOCK_OPEN === 'true';
    if (!LOCAL_HOSTS.has(url.hostname) && !open && !(env.TELNYX_MOCK_ADMIN_TOKEN && env.TELNYX_MOCK_API_KEY)) {
      return failure(403, '10010', 'Not authorized',
        'telnyx-mock: this Worker has no TELNYX_MOCK_ADMIN_TOKEN and TELNYX_MOCK_API_KEY secrets, so it serves only localhost; set both with `wrangler secret put`, or TELNYX_MOCK_OPEN=true to serve anyone.');
    }
    // The name as sent (still percent-encoded): `%2F`, `..` and control characters never reach idFromName().
    const [, name = '', ...rest] = url.pathname.split('/');
    if (!NAME.test(name) || name.includes('..')) {
      const detail = name
        ? `telnyx-mock: \`${clip(name)}\` is not a mock name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'.`
        : 'telnyx-mock: name a mock first: /<name>/v2/managed_accounts.';
      return failure(400, '10015', 'Bad Request', detail);
    }
    const inner = new URL(`/${rest.join('/')}${url.search}`, url);
    // Preflights carry no credentials and the engine answers them without touching state.
    if (isAdmin(inner.pathname) && env.TELNYX_MOCK_ADMIN_TOKEN && request.method !== 'OPTIONS') {
      const [scheme, token] = (request.headers.get('authorization') ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token || !(await sameSecret(token, env.TELNYX_MOCK_ADMIN_TOKEN))) {
        return failure(401, '10009', 'Authentication failed', 'telnyx-mock: the admin API needs `Authorization: Bearer <TELNYX_MOCK_ADMIN_TOKEN>`.', { 'www-authenticate': 'Bearer' });
      }
    }
    const tooLarge = () => failure(413, '10015', 'Payload too large', `telnyx-mock: the request body is larger than the Worker's limit of ${BODY_LIMIT} bytes.`);
    if (Number(request.headers.get('content-length') ?? 0) > BODY_LIMIT) return tooLarge();
    const body = READS.has(request.method) ? undefined : await readLimited(request, BODY_LIMIT);
    if (body === null) return tooLarge();
    const stub = env.TELNYX_MOCK.get(env.TELNYX_MOCK.idFromName(name));
    return stub.fetch(new Request(inner, { method: request.method, headers: request.headers, body }));
  },
};
