// Managed accounts: list with filters, sort and pages; create; details with
// enable/disable and the global channel limit; the allocatable channels summary.

import { $, h, formatDate, formatMoney, yesNo, badge, secret, toast, busy } from './dom.js';

const CONCRETE_STATUSES = new Set(['enabled', 'disabled', 'blocked', 'cancelled']);

export function initAccounts(ctx) {
  const table = $('[data-testid=accounts-table]');
  const pager = $('#accounts-pager');
  const filters = $('#account-filters');
  const state = { page: null, pageNumber: 1, loaded: false, freshId: null, latest: 0, othersEnabled: false };
  // The list items carry no status; the console remembers what it learnt from
  // status-filtered lists and from enable/disable answers.
  const knownStatus = new Map();

  function query(pageNumber) {
    const form = new FormData(filters);
    const filter = {};
    const email = form.get('email').trim();
    const organization = form.get('organization').trim();
    const status = form.get('status');
    if (email) filter.email = { contains: email };
    if (organization) filter.organization_name = { contains: organization };
    if (status) filter.status = { eq: status };
    const params = { sort: form.get('sort'), 'page[number]': pageNumber, 'page[size]': Number($('.page-size', pager).value) };
    if (Object.keys(filter).length) params.filter = filter;
    if (form.get('include_cancelled')) params.include_cancelled_accounts = true;
    return params;
  }

  function statusOf(account, filterStatus) {
    return account.status
      ?? knownStatus.get(account.id)
      ?? (CONCRETE_STATUSES.has(filterStatus) ? filterStatus : undefined)
      ?? (state.othersEnabled ? 'enabled' : undefined);
  }

  /**
   * The API filters by status but does not return it. Accounts that are not
   * enabled are usually few: when the disabled, blocked and cancelled ones each
   * fit in one page, every other account is enabled.
   */
  async function learnStatuses() {
    const others = ['disabled', 'blocked', 'cancelled'];
    const lists = await Promise.all(others.map((status) => ctx.track(`Listing ${status} accounts`,
      () => ctx.client.managedAccounts.list({ filter: { status: { eq: status } }, 'page[size]': 250 }), { banner: false })));
    lists.forEach((list, i) => {
      if (list.ok) for (const account of list.result.data) knownStatus.set(account.id, others[i]);
    });
    state.othersEnabled = lists.every((list) => list.ok && (list.result.meta?.total_pages ?? 1) <= 1);
  }

  async function load(pageNumber = state.pageNumber, request) {
    table.classList.add('loading');
    const params = query(pageNumber);
    // Only the newest load renders: an older answer arriving late must not overwrite it.
    const ticket = ++state.latest;
    const outcome = await ctx.track('Listing managed accounts', () => (request ? request() : ctx.client.managedAccounts.list(params)));
    if (ticket !== state.latest) return outcome;
    table.classList.remove('loading');
    if (outcome.ok) {
      state.page = outcome.result;
      state.pageNumber = state.page.meta?.page_number ?? pageNumber;
      const filterStatus = params.filter?.status?.eq;
      if (CONCRETE_STATUSES.has(filterStatus)) for (const row of state.page.data) knownStatus.set(row.id, filterStatus);
      render(filterStatus);
    }
    return outcome;
  }

  function render(filterStatus) {
    const { data = [], meta = {} } = state.page ?? {};
    const body = $('#accounts-body');
    if (!data.length) {
      body.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No managed accounts match these filters.')));
    } else {
      body.replaceChildren(...data.map((account) => h('tr', {
        class: account.id === state.freshId ? 'fresh' : undefined,
        dataset: { id: account.id, email: account.email },
        'data-testid': 'account-row',
      },
        h('td', {}, h('div', { class: 'cell-title' }, account.organization_name ?? '—'), h('div', { class: 'cell-sub', 'data-testid': 'account-email' }, account.email)),
        h('td', {}, badge(statusOf(account, filterStatus))),
        h('td', {}, yesNo(account.managed_account_allow_custom_pricing)),
        h('td', {}, yesNo(account.rollup_billing)),
        h('td', { class: 'cell-sub' }, formatDate(account.created_at, true)),
        h('td', { class: 'actions' }, h('button', { type: 'button', class: 'ghost sm', 'data-testid': 'account-details', onclick: () => openDetails(account.id) }, 'Details')),
      )));
    }
    const size = meta.page_size ?? Number($('.page-size', pager).value);
    const number = meta.page_number ?? state.pageNumber;
    const total = meta.total_results ?? data.length;
    const first = total === 0 ? 0 : (number - 1) * size + 1;
    $('[data-testid=accounts-range]').textContent = `${first}–${first + data.length - (total === 0 ? 0 : 1)} of ${total}`;
    $('[data-testid=accounts-page]').textContent = `Page ${number} of ${Math.max(meta.total_pages ?? 1, 1)}`;
    $('.prev', pager).disabled = number <= 1;
    $('.next', pager).disabled = !state.page?.hasNextPage?.();
  }

  // --- filters and paging -------------------------------------------------

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(event.submitter, () => load(1));
  });
  filters.addEventListener('reset', () => setTimeout(() => load(1)));
  filters.elements.status.addEventListener('change', () => load(1));
  filters.elements.sort.addEventListener('change', () => load(1));
  filters.elements.include_cancelled.addEventListener('change', () => load(1));
  $('.page-size', pager).addEventListener('change', () => load(1));
  $('.prev', pager).addEventListener('click', (event) => busy(event.currentTarget, () => load(state.pageNumber - 1)));
  // Next uses the page's own cursor, exactly as an SDK user would.
  $('.next', pager).addEventListener('click', (event) => busy(event.currentTarget, () => load(state.pageNumber + 1, () => state.page.getNextPage())));

  // --- channels summary ----------------------------------------------------

  async function loadChannels() {
    const outcome = await ctx.track('Reading allocatable channels', () => ctx.client.managedAccounts.getAllocatableGlobalOutboundChannels(), { banner: false });
    if (!outcome.ok) return;
    const data = outcome.result?.data ?? {};
    const allocatable = data.allocatable_global_outbound_channels ?? 0;
    const allocated = data.total_global_channels_allocated ?? 0;
    $('#ch-allocatable').textContent = allocatable.toLocaleString('en-US');
    $('#ch-allocated').textContent = allocated.toLocaleString('en-US');
    $('#ch-meter').style.width = `${allocatable ? Math.min(100, (allocated / allocatable) * 100) : 0}%`;
    $('#ch-pricing').textContent = `${allocatable ? Math.round((allocated / allocatable) * 100) : 0}% allocated across managed accounts · custom pricing ${data.managed_account_allow_custom_pricing ? 'allowed' : 'not allowed'}`;
  }
  $('#channels-refresh').addEventListener('click', (event) => busy(event.currentTarget, loadChannels));

  // --- details -------------------------------------------------------------

  const dialog = $('#account-dialog');

  async function openDetails(id) {
    const outcome = await ctx.track('Retrieving the managed account', () => ctx.client.managedAccounts.retrieve(id));
    if (!outcome.ok) return;
    renderDetails(outcome.result.data);
    if (!dialog.open) dialog.showModal();
  }

  function renderDetails(account) {
    $('#ad-title').textContent = account.organization_name ?? account.email;
    $('#ad-subtitle').textContent = account.id;
    const balance = account.balance ?? {};
    const status = statusOf(account);
    const limitInput = h('input', { type: 'number', min: 0, step: 1, name: 'channel_limit', placeholder: 'e.g. 50', 'data-testid': 'channel-limit' });
    const limitNote = h('span', { class: 'muted small', 'data-testid': 'channel-limit-result' });
    // The banner sits behind the modal; failures of the dialog's own actions show here too.
    const actionError = h('p', { class: 'form-error', 'data-testid': 'detail-error' });
    const failed = (outcome) => {
      const info = ctx.describeError(outcome.error);
      actionError.textContent = `${info.className}${info.status === '—' ? '' : ` (${info.status})`}: ${info.detail}`;
    };

    const toggle = async (action, button) => {
      actionError.textContent = '';
      const outcome = await busy(button, () => ctx.track(`${action === 'disable' ? 'Disabling' : 'Enabling'} the account`, () => ctx.client.managedAccounts.actions[action](account.id)));
      if (!outcome.ok) return failed(outcome);
      knownStatus.set(account.id, action === 'disable' ? 'disabled' : 'enabled');
      toast(`${account.email} ${action}d`);
      renderDetails({ ...account, ...outcome.result.data });
      load();
    };

    const saveLimit = async (event) => {
      event.preventDefault();
      const value = limitInput.valueAsNumber;
      if (!Number.isInteger(value) || value < 0) {
        limitNote.textContent = 'Enter a whole number of channels.';
        return;
      }
      actionError.textContent = '';
      const outcome = await busy(event.submitter, () => ctx.track('Updating the global channel limit', () => ctx.client.managedAccounts.updateGlobalChannelLimit(account.id, { channel_limit: value })));
      if (!outcome.ok) return failed(outcome);
      limitNote.textContent = `Saved: ${outcome.result.data?.channel_limit ?? value} channels`;
      loadChannels();
    };

    $('#ad-body').replaceChildren(
      h('p', { class: 'section-title' }, 'Balance'),
      h('div', { class: 'balance', 'data-testid': 'balance' },
        h('div', {}, h('b', {}, formatMoney(balance.balance, balance.currency)), h('span', {}, 'Balance')),
        h('div', {}, h('b', {}, formatMoney(balance.available_credit, balance.currency)), h('span', {}, 'Available credit')),
        h('div', {}, h('b', {}, formatMoney(balance.credit_limit, balance.currency)), h('span', {}, 'Credit limit'))),
      h('dl', { class: 'details' },
        h('dt', {}, 'Email'), h('dd', {}, account.email),
        h('dt', {}, 'Organization'), h('dd', {}, account.organization_name ?? '—'),
        h('dt', {}, 'API user'), h('dd', { class: 'mono', 'data-testid': 'api-user' }, account.api_user ?? '—'),
        h('dt', {}, 'API key'), h('dd', {}, secret(account.api_key)),
        h('dt', {}, 'API token (v1)'), h('dd', {}, secret(account.api_token)),
        h('dt', {}, 'Manager account'), h('dd', { class: 'mono' }, account.manager_account_id ?? '—'),
        h('dt', {}, 'Custom pricing'), h('dd', {}, yesNo(account.managed_account_allow_custom_pricing)),
        h('dt', {}, 'Rollup billing'), h('dd', {}, yesNo(account.rollup_billing)),
        h('dt', {}, 'Created'), h('dd', {}, formatDate(account.created_at)),
        h('dt', {}, 'Updated'), h('dd', {}, formatDate(account.updated_at))),
      h('div', { class: 'action-row' },
        h('div', { class: 'spacer' }, h('p', { class: 'section-title' }, 'Status'), h('span', { 'data-testid': 'detail-status' }, status ? badge(status) : h('span', { class: 'muted small' }, 'not reported by the API; filter the list by status'))),
        status !== 'disabled' && h('button', { type: 'button', class: 'danger', 'data-testid': 'disable', onclick: (e) => toggle('disable', e.currentTarget) }, 'Disable'),
        status !== 'enabled' && h('button', { type: 'button', class: 'primary', 'data-testid': 'enable', onclick: (e) => toggle('enable', e.currentTarget) }, 'Enable')),
      h('form', { class: 'action-row', onsubmit: saveLimit },
        h('label', { class: 'spacer' }, 'Global outbound channel limit', h('span', { class: 'row' }, limitInput, limitNote)),
        h('button', { type: 'submit', 'data-testid': 'save-channel-limit' }, 'Save limit')),
      actionError,
    );
  }

  // --- create --------------------------------------------------------------

  const createDialog = $('#create-dialog');
  const createForm = $('#create-form');

  function clearFieldErrors() {
    for (const el of createForm.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of createForm.querySelectorAll('label.invalid')) el.classList.remove('invalid');
    $('[data-testid=create-error]').textContent = '';
  }

  $('#new-account').addEventListener('click', () => {
    createForm.reset();
    clearFieldErrors();
    createDialog.showModal();
    createForm.elements.business_name.focus();
  });
  $('#create-cancel').addEventListener('click', () => createDialog.close());

  createForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors();
    const f = createForm.elements;
    const body = { business_name: f.business_name.value.trim() };
    if (f.email.value.trim()) body.email = f.email.value.trim();
    if (f.password.value) body.password = f.password.value;
    if (f.managed_account_allow_custom_pricing.checked) body.managed_account_allow_custom_pricing = true;
    if (f.rollup_billing.checked) body.rollup_billing = true;

    const outcome = await busy(event.submitter, () => ctx.track('Creating the managed account', () => ctx.client.managedAccounts.create(body), { banner: false }));
    if (!outcome.ok) {
      showCreateErrors(outcome.error);
      return;
    }
    const account = outcome.result.data;
    createDialog.close();
    ctx.clearError();
    state.freshId = account.id;
    toast(`Created ${account.organization_name ?? account.email}`);
    await load(1);
    loadChannels();
  });

  /**
   * Puts each Telnyx error next to the field its `source.pointer` names, and the rest under
   * the form. Input the package rejects before sending (a ValidationError, "Invalid `field`: …")
   * goes next to its field too.
   */
  function showCreateErrors(error) {
    const info = ctx.showError(error, 'Creating the managed account');
    const items = info.errors.length ? info.errors : [{ detail: info.detail, source: { pointer: error?.field ?? error?.message?.match(/`([a-z_]+)`/)?.[1] } }];
    const general = [];
    for (const item of items) {
      const field = (item.source?.pointer ?? item.source?.parameter ?? '').replace(/^\//, '').split('/')[0];
      const slot = field && createForm.querySelector(`.field-error[data-for="${CSS.escape(field)}"]`);
      const message = item.detail ?? item.title ?? 'Invalid value';
      if (slot) {
        slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
        slot.closest('label').classList.add('invalid');
      } else {
        general.push(message);
      }
    }
    $('[data-testid=create-error]').textContent = general.join(' ');
  }

  return {
    async show(force) {
      if (!state.loaded || force) {
        state.loaded = true;
        knownStatus.clear(); // a new connection may be a different server
        await Promise.all([learnStatuses(), loadChannels()]);
        await load(1);
      }
    },
    reload: () => load(),
  };
}
