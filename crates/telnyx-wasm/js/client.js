// The JavaScript face of telnyx-wasm: what wasm-bindgen cannot express.
//
// It owns the error classes, the promise types (APIPromise, PagePromise),
// async iteration, fetch, timers and JSON.parse. Every decision is made in
// Rust (src/lib.rs): validation and request building (Core.request), whether
// and when to retry (Core.retry), which error and which message (Core.error),
// and the next page (nextPage).

import { Core, nextPage } from './telnyx_wasm.js';
import { ensure, readyNow } from './loader.js';

const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

// Operation codes: indexes into telnyx_core::Operation::ALL.
const LIST_ACCOUNTS = 0;
const LIST_USERS = 8;

// ---------------------------------------------------------------- errors

function named(cls, name) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  // Class expressions passed here are anonymous: give `err.constructor.name` the name too.
  Object.defineProperty(cls, 'name', { value: name, configurable: true });
  return cls;
}

export class TelnyxError extends Error {}
named(TelnyxError, 'TelnyxError');

/** Bad input, caught before anything was sent. */
export class ValidationError extends TelnyxError {}
named(ValidationError, 'ValidationError');

export class APIError extends TelnyxError {
  constructor(status, error, message, headers) {
    super(message ?? (status ? `${status} status code` : '(no status code or body)'));
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.errors = Array.isArray(error?.errors) ? error.errors : [];
    this.requestID = headers?.get?.('x-request-id') ?? undefined;
  }
}
named(APIError, 'APIError');

export class APIUserAbortError extends APIError {
  constructor({ message } = {}) {
    super(undefined, undefined, message || 'Request was aborted.', undefined);
  }
}
named(APIUserAbortError, 'APIUserAbortError');

export class APIConnectionError extends APIError {
  constructor({ message, cause } = {}) {
    super(undefined, undefined, message || 'Connection error.', undefined);
    if (cause) this.cause = cause;
  }
}
named(APIConnectionError, 'APIConnectionError');

export class APIConnectionTimeoutError extends APIConnectionError {
  constructor({ message } = {}) {
    super({ message: message ?? 'Request timed out.' });
  }
}
named(APIConnectionTimeoutError, 'APIConnectionTimeoutError');

/** Class name (as Rust gives it) to class, for HTTP error statuses. */
const STATUS_CLASSES = { APIError };
const statusError = (name) => (STATUS_CLASSES[name] = named(class extends APIError {}, name));

export const BadRequestError = statusError('BadRequestError');
export const AuthenticationError = statusError('AuthenticationError');
export const PermissionDeniedError = statusError('PermissionDeniedError');
export const NotFoundError = statusError('NotFoundError');
export const ConflictError = statusError('ConflictError');
export const UnprocessableEntityError = statusError('UnprocessableEntityError');
export const RateLimitError = statusError('RateLimitError');
export const InternalServerError = statusError('InternalServerError');

/** Messages thrown by Rust are strings; anything else is a bug and passes through. */
const validation = (thrown) => (typeof thrown === 'string' ? new ValidationError(thrown) : thrown);

/** Response headers readable as `headers.get('x')` and as `headers['x']`. */
function indexedHeaders(source) {
  const headers = new Headers(source);
  source.forEach((value, name) => {
    if (!(name in headers)) headers[name] = value;
  });
  return headers;
}

/** The first `count - 1` lines of `text`, then the rest as one. */
function lines(text, count) {
  const out = [];
  let start = 0;
  for (let i = 1; i < count; i++) {
    const end = text.indexOf('\n', start);
    out.push(text.slice(start, end));
    start = end + 1;
  }
  out.push(text.slice(start));
  return out;
}

/** `name\nvalue\n...`: how headers cross into the module (their names and values hold no line breaks). */
function flatHeaders(headers) {
  const flat = [];
  headers.forEach((value, name) => flat.push(name, value));
  return flat.join('\n');
}

// ---------------------------------------------------------------- promises

/** A promise of the parsed result that can also give the HTTP response. */
export class APIPromise extends Promise {
  #raw;
  #parsed;

  constructor(raw) {
    super((resolve) => resolve(null));
    this.#raw = raw;
  }

  static get [Symbol.species]() {
    return Promise;
  }

  #parse() {
    return (this.#parsed ??= this.#raw.then((r) => r.data));
  }

  /** The `Response` (its body already read into the result; still readable here). */
  asResponse() {
    return this.#raw.then(toResponse);
  }

  async withResponse() {
    const raw = await this.#raw;
    return { data: raw.data, response: toResponse(raw) };
  }

  then(onfulfilled, onrejected) {
    return this.#parse().then(onfulfilled, onrejected);
  }

  catch(onrejected) {
    return this.#parse().catch(onrejected);
  }

  finally(onfinally) {
    return this.#parse().finally(onfinally);
  }
}

function toResponse(raw) {
  const { res, text } = raw;
  return (raw.response ??= new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers }));
}

/** A list call: await it for the first page, or `for await` it for every item. */
export class PagePromise extends APIPromise {
  [Symbol.asyncIterator]() {
    return items(this);
  }
}

/**
 * Every item of every page from `first` on. One generator with plain loops:
 * delegating through `yield*` to a page's generator costs extra promise turns per item.
 */
async function* items(first) {
  let page = await first;
  for (;;) {
    for (const item of page.data) yield item;
    if (!page.hasNextPage()) return;
    page = await page.getNextPage();
  }
}

const LOOK_AHEAD = Symbol('lookAhead');

/** One page of a list, with `data`, `meta` and the way to the next page. */
export class Page {
  #next;
  #fetch;
  #prefetch;
  #ahead = null;

  constructor(body, next, fetch, prefetch) {
    this.data = Array.isArray(body.data) ? body.data : [];
    this.meta = body.meta && typeof body.meta === 'object' ? body.meta : {};
    this.#next = next;
    this.#fetch = fetch;
    this.#prefetch = prefetch;
  }

  /**
   * With `{ prefetch: true }`, a page handed to the caller starts fetching the
   * next one while the caller works through this one: one page ahead, never more.
   */
  [LOOK_AHEAD]() {
    if (this.#prefetch && this.#next && !this.#ahead) {
      this.#ahead = this.#fetch(this.#next);
      this.#ahead.catch(() => {}); // surfaces from getNextPage, if it is ever called
    }
    return this;
  }

  getPaginatedItems() {
    return this.data;
  }

  hasNextPage() {
    return this.#next > 0;
  }

  async getNextPage() {
    if (!this.#next) {
      throw new TelnyxError('No next page expected; please check `.hasNextPage()` before calling `.getNextPage()`.');
    }
    const page = await (this.#ahead ?? this.#fetch(this.#next));
    return page[LOOK_AHEAD]();
  }

  async *iterPages() {
    let page = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  [Symbol.asyncIterator]() {
    return items(this);
  }
}

// ---------------------------------------------------------------- transport

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One attempt: the response and its whole body within `timeout` ms, or a
 * failure (0 connection, 1 timeout). A caller's abort rejects at once, even
 * when a custom fetch ignores the signal. The platform's fetch honours the
 * signal for the response and its body, so with it no race is needed: that
 * saves promises on every request.
 */
async function attempt(fetchFn, honoursSignal, url, init, timeout, signal) {
  if (signal?.aborted) throw new APIUserAbortError();
  const controller = new AbortController();
  let timedOut = false;
  let stop;
  let stopped;
  if (!honoursSignal) {
    stopped = new Promise((_, reject) => (stop = reject));
    stopped.catch(() => {});
  }
  const abort = () => {
    controller.abort();
    stop?.();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, timeout);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    init.signal = controller.signal;
    let res;
    let text;
    if (honoursSignal) {
      res = await fetchFn(url, init);
      text = await res.text();
    } else {
      res = await Promise.race([fetchFn(url, init), stopped]);
      text = await Promise.race([res.text(), stopped]);
    }
    return { res, text };
  } catch (cause) {
    if (signal?.aborted) throw new APIUserAbortError();
    return { failure: timedOut ? 1 : 0, cause };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** Failures that prove the request never reached a server, so repeating even a create is safe. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function causeMessage(cause) {
  const inner = cause?.cause;
  return String(inner?.code ?? inner?.message ?? cause?.message ?? 'fetch failed');
}

function parseJSON(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- client

const env = (name) => globalThis.process?.env?.[name]?.trim() || undefined;
const inBrowser = () => typeof window !== 'undefined' && typeof window.document !== 'undefined';

const BROWSER_KEY_MESSAGE =
  "It looks like you're running in a browser. An apiKey here is readable by anyone who opens the page, " +
  'so it is refused by default. Keep the key on a server: point baseURL at your own backend that adds it ' +
  "(new Telnyx({ baseURL: 'https://your-app.example/telnyx' }), no apiKey), or, if you understand the risk, " +
  'pass dangerouslyAllowBrowser: true.';

export class Telnyx {
  static DEFAULT_TIMEOUT = 60000;

  #options;
  #apiKey;
  #core = null;
  #fetch;
  #customFetch;

  constructor(options = {}) {
    const opts = options ?? {};
    const { baseURL = env('TELNYX_BASE_URL'), apiKey = env('TELNYX_API_KEY') ?? null } = opts;
    this.baseURL = baseURL || DEFAULT_BASE_URL;
    this.maxRetries = opts.maxRetries ?? 2;
    this.timeout = opts.timeout ?? Telnyx.DEFAULT_TIMEOUT;
    this.#options = opts;
    this.#apiKey = apiKey;
    if (apiKey != null && inBrowser() && !opts.dangerouslyAllowBrowser) throw new TelnyxError(BROWSER_KEY_MESSAGE);
    const custom = opts.fetch;
    this.#customFetch = typeof custom === 'function';
    this.#fetch = this.#customFetch ? custom : (url, init) => fetch(url, init);
    // Where the module loads synchronously (Node, workerd), bad options fail here;
    // in a page they fail the first call, after the module has loaded.
    if (readyNow()) this.#makeCore();

    const send = (op, id, params, options) => new APIPromise(this.#call(op, id, params, options, 0));
    const list = (op, params, options) =>
      new PagePromise(this.#call(op, undefined, params, options, 0).then((r) => (r.data[LOOK_AHEAD](), r)));
    this.managedAccounts = new ManagedAccounts(send, list);
    this.organizations = new Organizations(send, list);
  }

  /** The API key in use (not enumerable, so never in `JSON.stringify(client)`). */
  get apiKey() {
    return this.#apiKey;
  }

  /** A new client with these options changed. */
  withOptions(options) {
    return new this.constructor({
      ...this.#options,
      apiKey: this.#apiKey,
      baseURL: this.baseURL,
      maxRetries: this.maxRetries,
      timeout: this.timeout,
      ...options,
    });
  }

  #makeCore() {
    try {
      return (this.#core ??= new Core(this.#options, this.#apiKey, this.baseURL, this.timeout, this.maxRetries));
    } catch (thrown) {
      throw validation(thrown);
    }
  }

  async #call(op, id, params, options, page) {
    const loading = ensure();
    if (loading) {
      try {
        await loading;
      } catch (cause) {
        throw Object.assign(new TelnyxError(`Could not load telnyx_wasm_bg.wasm: ${cause?.message ?? cause}`), { cause });
      }
    }
    const core = this.#core ?? this.#makeCore();
    let r;
    try {
      r = core.request(op, id, params, options, page).split('\n');
    } catch (thrown) {
      throw validation(thrown);
    }
    // [method, url, body, accept, timeout, maxRetries, idempotencyKey, firstPage, ...header pairs]
    const headers = [];
    for (let i = 8; i < r.length; i += 2) headers.push([r[i], r[i + 1]]);
    const timeout = +r[4];
    const maxRetries = +r[5];
    const hasKey = r[6] === '1';
    const signal = options?.signal ?? undefined;
    // Each attempt gets `timeout`; the whole call, waits included, never more
    // than (maxRetries + 1) times that.
    const deadline = Date.now() + timeout * (maxRetries + 1);

    for (let retries = 0; ; retries++) {
      const init = { method: r[0], headers, body: r[2] || undefined };
      const budget = Math.max(1, Math.min(timeout, deadline - Date.now()));
      const result = await attempt(this.#fetch, !this.#customFetch, r[1], init, budget, signal);
      const { res } = result;
      if (res && res.ok) {
        let data = result.text;
        if (r[3] === 'json') {
          data = parseJSON(result.text);
          if (!data || typeof data !== 'object') {
            const type = res.headers.get('content-type') || 'none';
            const why = result.text ? `body is not a JSON object (content-type: ${type})` : 'empty body';
            throw this.#error(core, result, 3, why, false);
          }
        }
        if (op === LIST_ACCOUNTS || op === LIST_USERS) {
          const requested = +r[7];
          const meta = data.meta ?? {};
          const items = Array.isArray(data.data) ? data.data.length : 0;
          const next = nextPage(requested, items, Number(meta.page_number ?? NaN), Number(meta.total_pages ?? NaN));
          const fetchPage = (n) => new PagePromise(this.#call(op, id, params, options, n));
          data = new Page(data, next, fetchPage, options?.prefetch === true);
        }
        result.data = data;
        return result;
      }
      const flat = res ? flatHeaders(res.headers) : '';
      const failure = res ? res.status : result.failure;
      const safe = hasKey || (!res && NOT_SENT.has(result.cause?.cause?.code));
      const delay = core.retry(op, safe, retries, maxRetries, failure, flat, Math.random(), deadline - Date.now());
      if (delay >= 0) {
        // The failed response's body was read already; nothing is left open.
        await sleep(delay, signal);
        continue;
      }
      const kind = res ? 0 : result.failure === 1 ? 2 : 1;
      const detail = kind === 2 ? String(budget) : kind === 1 ? causeMessage(result.cause) : '';
      throw this.#error(core, result, kind, detail, delay === -2, flat);
    }
  }

  #error(core, result, kind, detail, outcomeUnknown, flat) {
    const { res } = result;
    const body = res && kind === 0 ? parseJSON(result.text) : undefined;
    const headers = flat ?? (res ? flatHeaders(res.headers) : '');
    // Class name, request id, retry-after ms, and last the message, which may hold line breaks.
    const [name, , retryAfter, message] = lines(core.error(kind, res ? res.status : 0, body, headers, detail, outcomeUnknown), 4);
    if (kind === 1) return new APIConnectionError({ message, cause: result.cause });
    if (kind === 2) return new APIConnectionTimeoutError({ message });
    const Class = STATUS_CLASSES[name] ?? APIError;
    const error = new Class(res.status, body, message, indexedHeaders(res.headers));
    if (retryAfter) error.retryAfterMs = +retryAfter;
    return error;
  }
}

class ManagedAccounts {
  #send;
  #list;

  constructor(send, list) {
    this.#send = send;
    this.#list = list;
    this.actions = new ManagedAccountActions(send);
  }

  list(query, options) {
    return this.#list(LIST_ACCOUNTS, query, options);
  }

  create(body, options) {
    return this.#send(1, undefined, body, options);
  }

  getAllocatableGlobalOutboundChannels(options) {
    return this.#send(2, undefined, undefined, options);
  }

  retrieve(id, options) {
    return this.#send(3, id, undefined, options);
  }

  update(id, body, options) {
    return this.#send(4, id, body, options);
  }

  updateGlobalChannelLimit(id, body, options) {
    return this.#send(7, id, body, options);
  }
}

class ManagedAccountActions {
  #send;

  constructor(send) {
    this.#send = send;
  }

  disable(id, options) {
    return this.#send(5, id, undefined, options);
  }

  enable(id, body, options) {
    return this.#send(6, id, body, options);
  }
}

class Organizations {
  constructor(send, list) {
    this.users = new Users(send, list);
  }
}

class Users {
  #send;
  #list;

  constructor(send, list) {
    this.#send = send;
    this.#list = list;
    this.actions = new UserActions(send);
  }

  list(query, options) {
    return this.#list(LIST_USERS, query, options);
  }

  getGroupsReport(params, options) {
    return this.#send(9, undefined, params, options);
  }

  retrieve(id, query, options) {
    return this.#send(10, id, query, options);
  }
}

class UserActions {
  #send;

  constructor(send) {
    this.#send = send;
  }

  remove(id, options) {
    return this.#send(11, id, undefined, options);
  }
}

Object.assign(Telnyx, {
  TelnyxError,
  ValidationError,
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  BadRequestError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  UnprocessableEntityError,
});

export default Telnyx;
