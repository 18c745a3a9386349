// The JavaScript face of telnyx-wasm: only what wasm-bindgen cannot express.
//
// Error classes that extend Error, APIPromise / PagePromise / Page with
// `for await`, the resource objects, and the environment defaults. Every
// decision of a call (validation, the request, retries and waits, timeouts,
// which error and which message, the next page) is made in Rust: the module's
// `Client.call` runs telnyx-core's call engine and resolves with
// `{ data, response, text, nextPage }` or rejects with an error value
// `{ class, message, status, requestID, retryAfterMs, body, headers, cause }`.

import { Client, Operation } from './telnyx_wasm.js';
import { ensure, readyNow } from './loader.js';

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
    if (cause !== undefined) this.cause = cause;
  }
}
named(APIConnectionError, 'APIConnectionError');

export class APIConnectionTimeoutError extends APIConnectionError {
  constructor({ message } = {}) {
    super({ message: message ?? 'Request timed out.' });
  }
}
named(APIConnectionTimeoutError, 'APIConnectionTimeoutError');

/** Class name, as Rust gives it, to class. */
const CLASSES = { TelnyxError, ValidationError, APIError, APIUserAbortError, APIConnectionError, APIConnectionTimeoutError };
const statusError = (name) => (CLASSES[name] = named(class extends APIError {}, name));

export const BadRequestError = statusError('BadRequestError');
export const AuthenticationError = statusError('AuthenticationError');
export const PermissionDeniedError = statusError('PermissionDeniedError');
export const NotFoundError = statusError('NotFoundError');
export const ConflictError = statusError('ConflictError');
export const UnprocessableEntityError = statusError('UnprocessableEntityError');
export const RateLimitError = statusError('RateLimitError');
export const InternalServerError = statusError('InternalServerError');

/** Response headers readable as `headers.get('x')` and as `headers['x']`. */
function indexedHeaders(source) {
  const headers = new Headers(source);
  source.forEach((value, name) => {
    if (!(name in headers)) headers[name] = value;
  });
  return headers;
}

/** The error the module rejected with, as an instance of its class. */
function toError(e) {
  if (!e || typeof e.class !== 'string') return e; // not the module's: pass it on as it is
  const Class = CLASSES[e.class] ?? APIError;
  if (Class === APIConnectionError || Class === APIConnectionTimeoutError || Class === APIUserAbortError) {
    return new Class({ message: e.message, cause: e.cause });
  }
  if (Class === TelnyxError || Class === ValidationError) return new Class(e.message);
  const error = new Class(e.status, e.body, e.message, e.headers && indexedHeaders(e.headers));
  if (e.retryAfterMs !== undefined) error.retryAfterMs = e.retryAfterMs;
  return error;
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
  const { response: res, text } = raw;
  if (!raw.copy) {
    raw.copy = new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    // A constructed Response has no URL of its own: give it the one that answered.
    Object.defineProperty(raw.copy, 'url', { value: res.url, enumerable: true });
  }
  return raw.copy;
}

/** A list call: await it for the first page, or `for await` it for every item. */
export class PagePromise extends APIPromise {
  [Symbol.asyncIterator]() {
    return items(this);
  }
}

/**
 * Every item of every page from `first` on, as an async generator behaves
 * (calls queue, an error ends it, `return` and `throw` end it), but an item of
 * a page already here costs one promise turn, not an async generator's three.
 */
function items(first) {
  let page = null;
  let index = 0;
  let loading = null;
  let finished = false;
  const done = (value) => Promise.resolve({ value, done: true });
  const step = () => {
    if (finished) return done();
    // A call made while a page loads waits for it; if it fails, only the first call sees the error.
    if (loading) return loading.then(step, step);
    if (page && index < page.data.length) return Promise.resolve({ value: page.data[index++], done: false });
    if (page && !page.hasNextPage()) {
      finished = true;
      return done();
    }
    loading = Promise.resolve(page ? page.getNextPage() : first).then(
      (next) => {
        page = next;
        index = 0;
        loading = null;
      },
      (error) => {
        finished = true;
        loading = null;
        throw error;
      },
    );
    return loading.then(step);
  };
  return {
    next: step,
    return(value) {
      finished = true;
      return done(value);
    },
    throw(error) {
      finished = true;
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
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

// ---------------------------------------------------------------- an attempt

// One attempt's platform work, for the module's call engine: the engine calls
// this once per attempt and makes every decision itself (whether to try, how
// long, retries and waits, which error, its message, what counts as "not
// sent"). Here there is none: make the attempt's AbortController (aborted by
// the timer and by the caller's signal), the request's Headers, call fetch,
// read the body as text. It resolves, never rejects, with what happened:
// `{ failed, error, response, text, read, aborted }`, the thrown value kept as
// it was (the error's `cause`).
//
// `headerLines` is "name\nvalue\nname\nvalue...": header names and values are
// checked to hold no control characters before a request is built.

async function attempt(custom, url, method, headerLines, body, clientInit, callInit, timeoutMs, callerSignal) {
  const controller = new AbortController();
  const { signal } = controller;
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  const out = { failed: false, error: undefined, response: undefined, text: undefined, read: false, aborted: false };
  try {
    callerSignal?.addEventListener('abort', abort);
  } catch {}
  // A caller's fetch may not honour the signal: its promises are raced against it.
  const settle = custom ? (p) => Promise.race([p, new Promise((resolve) => signal.addEventListener('abort', resolve))]) : (p) => p;
  try {
    const headers = new Headers();
    const parts = headerLines.split('\n');
    for (let i = 1; i < parts.length; i += 2) headers.append(parts[i - 1], parts[i]);
    // The official SDK's shape: fetch(url, { ...fetchOptions, method, headers, body, signal }).
    const init = { ...clientInit, ...callInit, method, headers };
    if (body !== undefined) init.body = body;
    init.signal = signal;
    out.response = await settle(custom ? custom(url, init) : fetch(url, init));
    if (custom && signal.aborted) throw undefined;
    if (out.response instanceof Response) {
      out.text = await settle(out.response.text());
      if (custom && signal.aborted) throw undefined;
      out.read = true;
    }
  } catch (error) {
    out.failed = true;
    out.error = error;
  }
  clearTimeout(timer);
  try {
    callerSignal?.removeEventListener('abort', abort);
  } catch {}
  out.aborted = signal.aborted;
  return out;
}

// ---------------------------------------------------------------- client

const inBrowser = () => typeof window !== 'undefined' && typeof window.document !== 'undefined';

const BROWSER_KEY_MESSAGE =
  "It looks like you're running in a browser. An apiKey here is readable by anyone who opens the page, " +
  'so it is refused by default. Keep the key on a server: point baseURL at your own backend that adds it ' +
  "(new Telnyx({ baseURL: 'https://your-app.example/telnyx' }), no apiKey), or, if you understand the risk, " +
  'pass dangerouslyAllowBrowser: true.';

export class Telnyx {
  static DEFAULT_TIMEOUT = 60000;

  #options;
  #client = null;

  constructor(options = {}) {
    this.#options = options ?? {};
    // Checked here, not in the module: a page's client is made before the module has loaded.
    if (this.#options.apiKey != null && inBrowser() && this.#options.dangerouslyAllowBrowser !== true) {
      throw new TelnyxError(BROWSER_KEY_MESSAGE);
    }
    // Where the module loads synchronously (Node, workerd), bad options throw
    // here; in a page still loading it, they reject the first call.
    if (readyNow()) this.#makeClient();
    const run = (method, args) => (client) =>
      client[method](...args).catch((thrown) => {
        throw toError(thrown);
      });
    const start = (method, args) => (this.#client ? run(method, args)(this.#client) : this.#load().then(run(method, args)));
    const call = (...args) => start('call', args);
    const send = (op) => (id, params, options) => new APIPromise(call(op, id, params, options, 0));
    // Endpoints the client does not wrap, as the official SDK's client.get(path, options) and kin.
    const raw = (method) => (path, options) => new APIPromise(start('request', [method, path, options]));
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) this[method] = raw(method);
    this.request = (options) => raw(options?.method)(options?.path, withoutEndpoint(options));
    const list = (op) => (params, options) => {
      const prefetch = options?.prefetch === true;
      const fetchPage = (n) => new PagePromise(page(n));
      const page = (n) =>
        call(op, undefined, params, options, n).then((r) => {
          r.data = new Page(r.data, r.nextPage ?? 0, fetchPage, prefetch);
          return r;
        });
      return new PagePromise(page(0).then((r) => (r.data[LOOK_AHEAD](), r)));
    };
    // The official SDK's resources; a method's arguments are (id?, params?, options?).
    const none = (op) => (options) => send(op)(undefined, undefined, options);
    const byId = (op) => (id, options) => send(op)(id, undefined, options);
    const withBody = (op) => (body, options) => send(op)(undefined, body, options);
    this.managedAccounts = {
      list: list(Operation.ListManagedAccounts),
      create: withBody(Operation.CreateManagedAccount),
      getAllocatableGlobalOutboundChannels: none(Operation.GetAllocatableGlobalOutboundChannels),
      retrieve: byId(Operation.RetrieveManagedAccount),
      update: send(Operation.UpdateManagedAccount),
      updateGlobalChannelLimit: send(Operation.UpdateGlobalChannelLimit),
      actions: {
        disable: byId(Operation.DisableManagedAccount),
        enable: send(Operation.EnableManagedAccount),
      },
    };
    this.organizations = {
      users: {
        list: list(Operation.ListOrganizationUsers),
        getGroupsReport: withBody(Operation.GetGroupsReport),
        retrieve: send(Operation.RetrieveOrganizationUser),
        actions: { remove: byId(Operation.RemoveOrganizationUser) },
      },
    };
  }

  #makeClient() {
    try {
      this.#client = new Client(this.#options, inBrowser() ? location.href : undefined, attempt);
    } catch (thrown) {
      throw toError(thrown);
    }
    return this.#client;
  }

  async #load() {
    try {
      await ensure();
    } catch (cause) {
      throw Object.assign(new TelnyxError(`Could not load telnyx_wasm_bg.wasm: ${cause?.message ?? cause}`), { cause });
    }
    return this.#client ?? this.#makeClient();
  }

  // The settings as the module checked them; in a page whose module is still
  // loading, the options as given until then.
  /** The API key in use (a getter, so never in `JSON.stringify(client)`). */
  get apiKey() {
    return (this.#client ? this.#client.apiKey : this.#options.apiKey) ?? null;
  }

  /** The API root requests go to. */
  get baseURL() {
    return this.#client ? this.#client.baseURL : this.#options.baseURL;
  }

  /** The per-attempt timeout, in ms. */
  get timeout() {
    return this.#client ? this.#client.timeout : this.#options.timeout;
  }

  get maxRetries() {
    return this.#client ? this.#client.maxRetries : this.#options.maxRetries;
  }

  get publicKey() {
    return (this.#client ? this.#client.publicKey : this.#options.publicKey) ?? null;
  }

  get clientID() {
    return (this.#client ? this.#client.clientID : this.#options.clientID) ?? null;
  }

  get clientSecret() {
    return (this.#client ? this.#client.clientSecret : this.#options.clientSecret) ?? null;
  }

  /** `off`, `error`, `warn` (the default), `info` or `debug`. */
  get logLevel() {
    return this.#client ? this.#client.logLevel : this.#options.logLevel;
  }

  get logger() {
    return this.#client ? this.#client.logger : (this.#options.logger ?? console);
  }

  get fetchOptions() {
    return this.#options.fetchOptions;
  }

  /** A new client with these options changed. */
  withOptions(options) {
    const { apiKey, baseURL, timeout, maxRetries, logLevel, logger, publicKey, clientID, clientSecret } = this;
    const current = { apiKey, baseURL, timeout, maxRetries, logLevel, logger, publicKey, clientID, clientSecret };
    return new this.constructor({ ...this.#options, ...current, ...options });
  }
}

/** Request options without `method` and `path`, which `client.request` takes as the endpoint. */
function withoutEndpoint(options) {
  if (!options || typeof options !== 'object') return options;
  const { method, path, ...rest } = options;
  return rest;
}

Object.assign(Telnyx, CLASSES);

export default Telnyx;
