// Records every HTTP attempt the client makes, so retries are visible.
//
// The package calls the global `fetch` for each attempt (a retry is a new
// call), so wrapping it shows exactly what went over the wire: 503, 503, 200.
// The page's own calls (config, the mock's admin API) are left out.

const entries = [];
const listeners = new Set();
let nextId = 1;
let inflight = 0;

// Exposed on <html data-inflight> so a test (or a person in devtools) can tell when the page is idle.
const setInflight = (delta) => {
  inflight += delta;
  document.documentElement.dataset.inflight = String(inflight);
};

export function installFetchRecorder() {
  const original = globalThis.fetch;
  globalThis.fetch = async function recordedFetch(input, init) {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input), location.href);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    if ((url.origin === location.origin && !url.pathname.startsWith('/proxy')) || url.pathname.startsWith('/__admin')) {
      return original.call(this, input, init);
    }
    const entry = { id: nextId++, method, path: decodeURIComponent(url.pathname + url.search), status: null, ms: null, at: Date.now() };
    entries.push(entry);
    notify();
    const started = performance.now();
    setInflight(1);
    try {
      const response = await original.call(this, input, init);
      entry.status = response.status;
      return response;
    } catch (error) {
      entry.status = 0; // no response: connection refused, CORS, abort
      throw error;
    } finally {
      entry.ms = Math.round(performance.now() - started);
      setInflight(-1);
      notify();
    }
  };
}

/** The current position in the log; `since(mark)` returns what came after it. */
export const mark = () => nextId;
export const since = (markId) => entries.filter((entry) => entry.id >= markId);
export const recent = (count) => entries.slice(-count).reverse();

export function onChange(listener) {
  listeners.add(listener);
}

function notify() {
  for (const listener of listeners) listener();
}
