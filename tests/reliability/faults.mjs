// The fault matrix as data: each fault telnyx-mock can inject, and for each
// kind of call the outcome the client must produce. Every expectation is
// written out here by hand, never derived from the package under test.
//
// Two modes run over the same faults:
// - `once`: the fault hits one request; the client has maxRetries 2.
// - `always`: the fault hits every matching request; the client has maxRetries 1,
//   so it gives up after two attempts and the error must describe the last one.
//
// `attempts` counts the requests of that operation in the mock's log. A list
// walks 33 accounts at 10 a page (4 pages); its fault hits page 2, so a clean
// walk is 4 requests and each retry adds one.
// `wait` is the time one retry may take, [min, max] ms: the server's hint, the
// default backoff (375..500 ms with jitter) or, for the slow answer, the
// timeout plus the backoff.
// `created` (create calls only) is how many accounts with the call's name exist
// afterwards.

/**
 * The client's per-attempt timeout (ms): long enough for the servers' waits
 * here; the slow-answer fault sets a short one of its own.
 */
export const TIMEOUT_MS = 5000;
const SLOW_TIMEOUT_MS = 600;
export const MODES = {
  once: { label: 'the fault hits once', times: 1, maxRetries: 2 },
  always: { label: 'the fault persists', times: 10, maxRetries: 1 },
};

/** The kinds of call, in the order of the report's columns. */
export const KINDS = ['retrieve', 'update', 'disable', 'create', 'createKeyed', 'list'];
export const KIND_LABELS = {
  retrieve: 'GET retrieve',
  update: 'PATCH update',
  disable: 'POST actions.disable',
  create: 'POST create',
  createKeyed: 'POST create + Idempotency-Key',
  list: 'list, for await over 4 pages',
};

const ok = (attempts, extra = {}) => ({ ok: true, attempts, ...extra });
const fails = (className, fields) => ({ ok: false, className, ...fields });

/** The message a create gets when it was not repeated because it may have happened. */
export const UNKNOWN = /may have been carried out; it was not repeated because repeating it could create a duplicate/;
const NOT_JSON = /^200 response could not be read: body is not a JSON object/;

/** Outcomes of a fault that a retry fixes, except for a create without a key (5xx-like). */
function retriedExceptUnkeyedCreate(unkeyedCreate) {
  return {
    retrieve: ok(2),
    update: ok(2),
    disable: ok(2),
    create: unkeyedCreate,
    createKeyed: ok(2, { created: 1 }),
    list: ok(5),
  };
}

/** Outcomes of a fault every call retries (408, 409, 429: the request was refused, so repeating is safe). */
function retriedEverywhere() {
  return { retrieve: ok(2), update: ok(2), disable: ok(2), create: ok(2, { created: 1 }), createKeyed: ok(2, { created: 1 }), list: ok(5) };
}

/** The same error for every kind, with the attempts a non-list call and a list make. */
function sameError(className, fields, attempts, listAttempts, created = 0) {
  const e = (n, more = {}) => fails(className, { ...fields, attempts: n, ...more });
  return {
    retrieve: e(attempts),
    update: e(attempts),
    disable: e(attempts),
    create: e(attempts, { created }),
    createKeyed: e(attempts, { created }),
    list: e(listAttempts),
  };
}

const serverError = (status) => ({
  id: `${status}`,
  label: `${status}`,
  rule: () => ({ status }),
  wait: [350, 900],
  once: retriedExceptUnkeyedCreate(
    fails('InternalServerError', { status, attempts: 1, requestId: true, codes: ['10007'], message: UNKNOWN, created: 0 }),
  ),
  always: {
    ...sameError('InternalServerError', { status, requestId: true, codes: ['10007'] }, 2, 3),
    create: fails('InternalServerError', { status, attempts: 1, requestId: true, codes: ['10007'], message: UNKNOWN, created: 0 }),
  },
});

const rateLimit = (id, label, rule, wait, retryAfterMs) => ({
  id,
  label,
  rule,
  wait,
  once: retriedEverywhere(),
  always: sameError('RateLimitError', { status: 429, requestId: true, codes: ['10011'], retryAfterMs }, 2, 3),
});

export const FAULTS = [
  rateLimit('429-retry-after', '429, `retry-after: 1`', () => ({ status: 429, headers: { 'retry-after': '1' } }), [950, 1600], 1000),
  rateLimit(
    '429-retry-after-date',
    '429, `retry-after` as an HTTP date 2 s ahead',
    () => ({ status: 429, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } }),
    // HTTP dates have whole seconds: the wait is 1..2 s.
    [900, 2200],
    [0, 2000],
  ),
  rateLimit('429-retry-after-ms', '429, `retry-after-ms: 250`', () => ({ status: 429, headers: { 'retry-after-ms': '250' } }), [240, 800], 250),
  rateLimit(
    '429-ratelimit-reset',
    '429, only `x-ratelimit-reset: 1`',
    () => ({ status: 429, headers: { 'x-ratelimit-reset': '1' } }),
    [950, 1600],
    1000,
  ),
  {
    id: '408',
    label: '408',
    rule: () => ({ status: 408 }),
    wait: [350, 900],
    once: retriedEverywhere(),
    always: sameError('APIError', { status: 408, requestId: true, codes: ['10007'] }, 2, 3),
  },
  {
    id: '409',
    label: '409',
    rule: () => ({ status: 409 }),
    wait: [350, 900],
    once: retriedEverywhere(),
    always: sameError('ConflictError', { status: 409, requestId: true, codes: ['10015'] }, 2, 3),
  },
  serverError(500),
  serverError(502),
  serverError(503),
  serverError(504),
  {
    id: 'drop',
    label: 'dropped connection',
    rule: () => ({ drop_connection: true }),
    wait: [350, 900],
    once: retriedExceptUnkeyedCreate(
      fails('APIConnectionError', { status: undefined, attempts: 1, requestId: false, codes: [], message: UNKNOWN, created: 0 }),
    ),
    always: {
      ...sameError('APIConnectionError', { status: undefined, requestId: false, codes: [], message: /^Connection error: / }, 2, 3),
      create: fails('APIConnectionError', { status: undefined, attempts: 1, requestId: false, codes: [], message: UNKNOWN, created: 0 }),
    },
  },
  {
    id: 'slow',
    label: `answer 2 s late, timeout ${SLOW_TIMEOUT_MS} ms`,
    rule: () => ({ delay_ms: 2000 }),
    timeout: SLOW_TIMEOUT_MS,
    // The timed-out attempt, then the backoff.
    wait: [SLOW_TIMEOUT_MS + 350, SLOW_TIMEOUT_MS + 1000],
    once: retriedExceptUnkeyedCreate(
      // The mock commits before it delays the answer: the account exists, the client cannot know.
      fails('APIConnectionTimeoutError', { status: undefined, attempts: 1, requestId: false, codes: [], message: UNKNOWN, created: 1 }),
    ),
    always: {
      ...sameError(
        'APIConnectionTimeoutError',
        // The last attempt gets what is left of the call's budget of 2 x 600 ms.
        { status: undefined, requestId: false, codes: [], message: /^Request timed out after \d+ ms\./ },
        2,
        3,
        1,
      ),
      create: fails('APIConnectionTimeoutError', { status: undefined, attempts: 1, requestId: false, codes: [], message: UNKNOWN, created: 1 }),
    },
  },
  {
    id: 'malformed-json',
    label: '200, malformed JSON `{"data": [`',
    rule: () => ({ status: 200, body: '{"data": [' }),
    wait: [0, 0],
    once: sameError('APIError', { status: 200, requestId: true, codes: [], message: NOT_JSON }, 1, 2),
    always: sameError('APIError', { status: 200, requestId: true, codes: [], message: NOT_JSON }, 1, 2),
  },
  {
    id: 'empty-200',
    label: '200, empty body',
    rule: () => ({ status: 200, body: '' }),
    wait: [0, 0],
    once: sameError('APIError', { status: 200, requestId: true, codes: [], message: /^200 response could not be read: empty body/ }, 1, 2),
    always: sameError('APIError', { status: 200, requestId: true, codes: [], message: /^200 response could not be read: empty body/ }, 1, 2),
  },
  {
    id: 'html-502',
    label: '502, HTML error page (`text/html`)',
    rule: () => ({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', content_type: 'text/html' }),
    wait: [350, 900],
    once: retriedExceptUnkeyedCreate(
      fails('InternalServerError', { status: 502, attempts: 1, requestId: true, codes: [], message: UNKNOWN, created: 0 }),
    ),
    always: {
      ...sameError('InternalServerError', { status: 502, requestId: true, codes: [] }, 2, 3),
      create: fails('InternalServerError', { status: 502, attempts: 1, requestId: true, codes: [], message: UNKNOWN, created: 0 }),
    },
  },
  {
    id: 'xml-200',
    label: '200, wrong content type (`application/xml` body)',
    rule: () => ({ status: 200, body: '<?xml version="1.0"?><response><data/></response>', content_type: 'application/xml' }),
    wait: [0, 0],
    once: sameError('APIError', { status: 200, requestId: true, codes: [], message: /content-type: application\/xml/ }, 1, 2),
    always: sameError('APIError', { status: 200, requestId: true, codes: [], message: /content-type: application\/xml/ }, 1, 2),
  },
  {
    id: 'json-error-as-text',
    label: '422, Telnyx JSON error labelled `text/plain`',
    rule: () => ({ status: 422, content_type: 'text/plain' }),
    wait: [0, 0],
    once: sameError('UnprocessableEntityError', { status: 422, requestId: true, codes: ['10015'] }, 1, 2),
    always: sameError('UnprocessableEntityError', { status: 422, requestId: true, codes: ['10015'] }, 1, 2),
  },
];
