// "Simulate faults": adds a fault rule to telnyx-mock through its admin API,
// reloads the accounts list and shows every attempt the client made.

import { $, h, busy } from './dom.js';

const telnyxError = (code, title, detail) => ({ errors: [{ code, title, detail }] });

const SCENARIOS = {
  'two-503': {
    label: 'Two 503s, then success',
    rule: { status: 503, times: 2, body: telnyxError('10007', 'Service unavailable', 'The service is temporarily unavailable.') },
  },
  'rate-limit': {
    label: 'A 429 with retry-after: 1',
    rule: {
      status: 429,
      times: 1,
      headers: { 'retry-after': '1', 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
      body: telnyxError('10011', 'Too many requests', 'Rate limit exceeded; retry after 1 second.'),
    },
  },
  'three-503': {
    label: 'Three 503s (retries exhausted)',
    rule: { status: 503, times: 3, body: telnyxError('10007', 'Service unavailable', 'The service is temporarily unavailable.') },
  },
  unauthorized: {
    label: 'A 401 (not retried)',
    rule: { status: 401, times: 1, body: telnyxError('10009', 'Authentication failed', 'The API key is not valid.') },
  },
};

export function initFaults(ctx, accounts) {
  const select = $('#fault-scenario');
  const result = $('#fault-result');
  select.replaceChildren(...Object.entries(SCENARIOS).map(([value, scenario]) => h('option', { value }, scenario.label)));

  const admin = () => ctx.config.adminURL;
  const panel = $('#faults');
  if (!admin()) {
    for (const control of panel.querySelectorAll('button, select')) control.disabled = true;
    $('#faults-target').textContent = 'mock only';
    return;
  }
  $('#faults-target').textContent = new URL(admin()).host;

  async function adminCall(method, path, body) {
    const response = await fetch(admin() + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** The mock's own request log (oldest first), or null when it cannot be read. */
  async function serverLog() {
    try {
      const log = await adminCall('GET', '/__admin/requests');
      return Array.isArray(log) ? log : log?.requests ?? log?.data ?? [];
    } catch {
      return null;
    }
  }

  /** Attempts as chips, with the client's wait before each retry between them. */
  function attemptChips(attempts) {
    const chips = [];
    attempts.forEach((a, i) => {
      if (i > 0) {
        const previous = attempts[i - 1];
        const waited = Math.max(0, a.at - (previous.at + previous.ms));
        chips.push(h('span', { class: 'wait', title: 'the client waited before retrying' }, `⟳ ${waited} ms`));
      }
      chips.push(h('span', { class: `attempt s${String(a.status)[0]}`, title: `attempt ${i + 1}` },
        a.status === 0 ? 'no answer' : a.status, h('small', {}, `${a.ms} ms`)));
    });
    return chips;
  }

  $('#fault-run').addEventListener('click', (event) => busy(event.currentTarget, async () => {
    const scenario = SCENARIOS[select.value];
    const path = ctx.apiPath('/managed_accounts');
    result.hidden = false;
    result.className = 'fault-result';
    delete result.dataset.outcome;
    delete result.dataset.attempts;
    try {
      await adminCall('POST', '/__admin/faults', { method: 'GET', path, ...scenario.rule });
    } catch (error) {
      result.replaceChildren(h('b', {}, 'Could not add the fault rule. '), error.message);
      result.classList.add('bad');
      return;
    }
    result.replaceChildren(h('span', { class: 'muted' }, `Rule added: GET ${path} → ${scenario.rule.status} × ${scenario.rule.times}. Reloading…`));
    const before = await serverLog();
    const outcome = await accounts.reload();
    const after = await serverLog();
    const attempts = outcome.attempts.filter((a) => a.method === 'GET' && a.path.split('?')[0] === path);
    const seconds = (outcome.ms / 1000).toFixed(1);
    result.classList.add(outcome.ok ? 'ok' : 'bad');
    result.dataset.outcome = outcome.ok ? 'recovered' : 'failed';
    result.dataset.attempts = String(attempts.length);
    const plural = attempts.length === 1 ? '' : 's';
    result.replaceChildren(
      h('b', { 'data-testid': 'fault-summary' }, outcome.ok
        ? `Recovered after ${attempts.length} attempt${plural} in ${seconds} s`
        : `${outcome.error?.name ?? 'Error'} after ${attempts.length} attempt${plural} in ${seconds} s`),
      h('div', { class: 'attempts' }, attemptChips(attempts)),
      before && after ? serverSummary(before, after) : null,
    );
  }));

  /** What telnyx-mock logged for the same calls: its status, and whether a fault rule answered. */
  function serverSummary(before, after) {
    // Entries carry a sequence number; without one, the new entries are the ones past the old length.
    const seq = (r) => r.seq ?? -1;
    const last = Math.max(0, ...before.map(seq));
    const added = after.some((r) => r.seq !== undefined) ? after.filter((r) => seq(r) > last) : after.slice(before.length);
    const fresh = added.filter((r) => (r.method ?? '').toUpperCase() === 'GET' && /\/managed_accounts$/.test(String(r.path ?? '').split('?')[0]));
    const parts = fresh.map((r) => `${r.status === 0 ? 'dropped' : r.status ?? '?'}${r.fault ? ' (fault)' : ''}`);
    return h('span', { class: 'muted small', 'data-testid': 'fault-server-log' },
      `telnyx-mock logged ${fresh.length} request${fresh.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}.`);
  }

  $('#fault-clear').addEventListener('click', (event) => busy(event.currentTarget, async () => {
    try {
      await adminCall('DELETE', '/__admin/faults');
      result.hidden = false;
      result.className = 'fault-result';
      result.replaceChildren('All fault rules cleared.');
    } catch (error) {
      result.hidden = false;
      result.className = 'fault-result bad';
      result.replaceChildren(error.message);
    }
  }));
}
