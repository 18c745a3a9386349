// The console's entry point: connects the client, owns the error banner and
// the tabs, and hands a small context to each panel.

import { installFetchRecorder, onChange, recent, mark, since } from './netlog.js';
import { $, $$, h } from './dom.js';
import { initAccounts } from './accounts.js';
import { initUsers } from './users.js';
import { initFaults } from './faults.js';

installFetchRecorder();

const DEMO_KEY = 'KEY_demo_console'; // telnyx-mock accepts any bearer key

const ctx = {
  Telnyx: null,
  client: null,
  baseURL: null,
  config: null,
  showError,
  clearError,
  describeError,
  track,
  /** The path an API operation has on the server, including the base URL's own path (e.g. /v2). */
  apiPath(path) {
    return new URL(ctx.baseURL).pathname.replace(/\/$/, '') + path;
  },
};

/** Reads the fields every Telnyx error class carries, whichever SDK threw it. */
export function describeError(error) {
  const errors = Array.isArray(error?.errors) ? error.errors : Array.isArray(error?.error?.errors) ? error.error.errors : [];
  const first = errors[0] ?? {};
  const header = (name) => (typeof error?.headers?.get === 'function' ? error.headers.get(name) : error?.headers?.[name]);
  const name = error?.name && error.name !== 'Error' ? error.name : error?.constructor?.name ?? 'Error';
  return {
    className: name,
    status: error?.status ?? '—',
    code: first.code ?? '—',
    requestId: error?.requestID ?? header('x-request-id') ?? '—',
    detail: [first.title, first.detail].filter(Boolean).join(': ') || error?.message || String(error),
    errors,
  };
}

function showError(error, context) {
  const info = describeError(error);
  $('[data-testid=error-class]').textContent = info.className;
  $('[data-testid=error-status]').textContent = info.status;
  $('[data-testid=error-code]').textContent = info.code;
  $('[data-testid=error-request-id]').textContent = info.requestId;
  $('[data-testid=error-detail]').textContent = context ? `${context} failed: ${info.detail}` : info.detail;
  $('#error-banner').hidden = false;
  // Only a failure to reach the server says the target is down; a 4xx or a rejected input does not.
  setTarget(/Connection/.test(info.className) ? 'bad' : 'ok');
  console.warn(context ?? 'request failed', error);
  return info;
}

function clearError() {
  $('#error-banner').hidden = true;
}

/** Runs one client call, clearing or filling the banner, and reports the attempts it took. */
async function track(label, call, { banner = true } = {}) {
  const start = mark();
  const started = performance.now();
  try {
    const result = await call();
    if (banner) clearError();
    setTarget('ok');
    return { ok: true, result, attempts: since(start), ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (banner) showError(error, label);
    return { ok: false, error, attempts: since(start), ms: Math.round(performance.now() - started) };
  }
}

function setTarget(state) {
  const pill = $('#target-pill');
  pill.classList.toggle('ok', state === 'ok');
  pill.classList.toggle('bad', state === 'bad');
}

function renderNetlog() {
  $('#netlog').replaceChildren(
    ...recent(40).map((entry) => {
      const cls = entry.status === null ? '' : `s${String(entry.status)[0]}`;
      return h('li', {},
        h('span', { class: 'm' }, entry.method),
        h('span', { class: `s ${cls}` }, entry.status === null ? '…' : entry.status === 0 ? 'ERR' : entry.status),
        h('span', { class: 'p', title: entry.path }, entry.path.split('?')[0],
          entry.path.includes('?') ? h('small', {}, '?' + entry.path.split('?').slice(1).join('?')) : null),
        h('span', { class: 't' }, entry.ms === null ? '' : `${entry.ms} ms`));
    }),
  );
}

function connect(baseURL, apiKey) {
  ctx.baseURL = baseURL;
  ctx.client = new ctx.Telnyx({ apiKey: apiKey || DEMO_KEY, baseURL, dangerouslyAllowBrowser: true });
  const target = ctx.config.target === 'proxy' && baseURL === ctx.config.baseURL ? `proxy → ${ctx.config.upstream}` : new URL(baseURL).host;
  $('#target-pill').textContent = target;
}

function initTabs(panels) {
  for (const tab of $$('.tabs [data-tab]')) {
    tab.addEventListener('click', () => {
      for (const other of $$('.tabs [data-tab]')) other.setAttribute('aria-selected', String(other === tab));
      for (const action of $$('[data-for-tab]')) action.hidden = action.dataset.forTab !== tab.dataset.tab;
      for (const [name, panel] of Object.entries(panels)) {
        $(`#tab-${name}`).hidden = name !== tab.dataset.tab;
        if (name === tab.dataset.tab) panel.show();
      }
    });
  }
}

async function main() {
  $('#error-close').addEventListener('click', clearError);
  onChange(renderNetlog);

  ctx.config = await fetch('/config.json').then((r) => r.json());
  try {
    ctx.Telnyx = (await import('telnyx-wasm')).default;
    $('#sdk-info').textContent = 'wasm client ready';
  } catch (error) {
    $('#sdk-info').textContent = 'package not loaded';
    showError(error, 'Loading the telnyx-wasm package (run `make npm`)');
    return;
  }

  const params = new URLSearchParams(location.search);
  $('#base-url').value = params.get('baseURL') ?? ctx.config.baseURL;
  connect($('#base-url').value, '');

  const accounts = initAccounts(ctx);
  const users = initUsers(ctx);
  initFaults(ctx, accounts);
  initTabs({ accounts, users });

  $('#connection').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      connect($('#base-url').value, $('#api-key').value);
    } catch (error) {
      showError(error, 'Connecting');
      return;
    }
    accounts.show(true);
    users.reset();
  });

  await accounts.show(true);
  document.body.dataset.ready = 'true';
}

main().catch((error) => showError(error, 'Starting the console'));
