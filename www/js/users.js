// Organization users: list with status filter and include_groups, details,
// remove with confirmation, and the users & groups report as JSON or CSV.

import { $, h, formatDate, yesNo, badge, toast, busy, jsonView } from './dom.js';

export function initUsers(ctx) {
  const table = $('[data-testid=users-table]');
  const pager = $('#users-pager');
  const filters = $('#user-filters');
  const state = { page: null, pageNumber: 1, loaded: false, includeGroups: true, latest: 0 };

  function query(pageNumber) {
    const form = new FormData(filters);
    const params = { 'page[number]': pageNumber, 'page[size]': Number($('.page-size', pager).value) };
    const status = form.get('status');
    const email = form.get('email').trim();
    if (status) params['filter[user_status]'] = status;
    if (email) params['filter[email]'] = email;
    if (form.get('include_groups')) params.include_groups = true;
    return params;
  }

  async function load(pageNumber = state.pageNumber, request) {
    table.classList.add('loading');
    const params = query(pageNumber);
    // Only the newest load renders: an older answer arriving late must not overwrite it.
    const ticket = ++state.latest;
    const outcome = await ctx.track('Listing organization users', () => (request ? request() : ctx.client.organizations.users.list(params)));
    if (ticket !== state.latest) return outcome;
    table.classList.remove('loading');
    if (outcome.ok) {
      state.page = outcome.result;
      state.pageNumber = state.page.meta?.page_number ?? pageNumber;
      state.includeGroups = Boolean(params.include_groups);
      render();
    }
    return outcome;
  }

  function groups(user) {
    if (!user.groups) return h('span', { class: 'no' }, state.includeGroups ? '—' : 'not requested');
    if (!user.groups.length) return h('span', { class: 'no' }, 'none');
    return user.groups.map((group) => h('span', { class: 'chip', title: group.id }, group.name));
  }

  function render() {
    const { data = [], meta = {} } = state.page ?? {};
    const body = $('#users-body');
    if (!data.length) {
      body.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No users match these filters.')));
    } else {
      body.replaceChildren(...data.map((user) => h('tr', { dataset: { id: user.id, recordType: user.record_type ?? '' }, 'data-testid': 'user-row' },
        h('td', {}, h('div', { class: 'cell-title' }, user.email ?? '—'), h('div', { class: 'cell-sub' }, user.record_type ?? '')),
        h('td', {}, badge(user.user_status)),
        h('td', {}, groups(user)),
        h('td', { class: 'cell-sub', title: user.last_sign_in_at ?? '' }, user.last_sign_in_at === null ? 'Never' : formatDate(user.last_sign_in_at, true)),
        h('td', { class: 'cell-sub' }, formatDate(user.created_at, true)),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'ghost sm', onclick: () => openDetails(user.id) }, 'Details'),
          ' ',
          h('button', { type: 'button', class: 'ghost sm danger-text', 'data-testid': 'user-remove', onclick: () => confirmRemove(user) }, 'Remove')),
      )));
    }
    const size = meta.page_size ?? Number($('.page-size', pager).value);
    const number = meta.page_number ?? state.pageNumber;
    const total = meta.total_results ?? data.length;
    const first = total === 0 ? 0 : (number - 1) * size + 1;
    $('.range', pager).textContent = `${first}–${first + data.length - (total === 0 ? 0 : 1)} of ${total}`;
    $('.page-of', pager).textContent = `Page ${number} of ${Math.max(meta.total_pages ?? 1, 1)}`;
    $('.prev', pager).disabled = number <= 1;
    $('.next', pager).disabled = !state.page?.hasNextPage?.();
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(event.submitter, () => load(1));
  });
  filters.elements.status.addEventListener('change', () => load(1));
  filters.elements.include_groups.addEventListener('change', () => load(1));
  $('.page-size', pager).addEventListener('change', () => load(1));
  $('.prev', pager).addEventListener('click', (event) => busy(event.currentTarget, () => load(state.pageNumber - 1)));
  $('.next', pager).addEventListener('click', (event) => busy(event.currentTarget, () => load(state.pageNumber + 1, () => state.page.getNextPage())));

  // --- details and removal -------------------------------------------------

  const dialog = $('#user-dialog');
  async function openDetails(id) {
    const outcome = await ctx.track('Retrieving the user', () => ctx.client.organizations.users.retrieve(id, { include_groups: true }));
    if (!outcome.ok) return;
    const user = outcome.result.data;
    $('#ud-title').textContent = user.email ?? user.id;
    $('#ud-subtitle').textContent = user.id;
    $('#ud-body').replaceChildren(h('dl', { class: 'details' },
      h('dt', {}, 'Status'), h('dd', {}, badge(user.user_status)),
      h('dt', {}, 'Type'), h('dd', {}, user.record_type ?? '—'),
      h('dt', {}, 'Groups'), h('dd', {}, groups(user)),
      h('dt', {}, 'Bypasses SSO'), h('dd', {}, yesNo(user.organization_user_bypasses_sso)),
      h('dt', {}, 'Last sign-in'), h('dd', {}, user.last_sign_in_at === null ? 'Never' : formatDate(user.last_sign_in_at)),
      h('dt', {}, 'Created'), h('dd', {}, formatDate(user.created_at))));
    dialog.showModal();
  }

  const confirmDialog = $('#confirm-dialog');
  let pending = null;
  function confirmRemove(user) {
    pending = user;
    $('#confirm-text').textContent = `${user.email} loses access to the organization. This cannot be undone.`;
    confirmDialog.showModal();
  }
  $('#confirm-cancel').addEventListener('click', () => confirmDialog.close());
  $('#confirm-ok').addEventListener('click', async (event) => {
    const user = pending;
    const outcome = await busy(event.currentTarget, () => ctx.track('Removing the user', () => ctx.client.organizations.users.actions.remove(user.id)));
    confirmDialog.close();
    if (!outcome.ok) return;
    toast(`Removed ${user.email}`);
    load();
  });

  // --- groups report -------------------------------------------------------

  $('#report-json').addEventListener('click', (event) => busy(event.currentTarget, async () => {
    const outcome = await ctx.track('Reading the groups report', () => ctx.client.organizations.users.getGroupsReport());
    if (!outcome.ok) return;
    const rows = outcome.result?.data ?? [];
    $('#report-count').textContent = `${rows.length} users`;
    $('#report-json-view').replaceChildren(...jsonView(outcome.result));
    $('#report-dialog').showModal();
  }));

  async function downloadCsv(event) {
    return busy(event.currentTarget, async () => {
      const outcome = await ctx.track('Downloading the groups report', () => ctx.client.organizations.users.getGroupsReport({ Accept: 'text/csv' }));
      if (!outcome.ok) return;
      const csv = await asText(outcome.result);
      const link = h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: 'users-groups-report.csv' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      toast(`Downloaded users-groups-report.csv (${csv.trim().split('\n').length - 1} rows)`);
    });
  }
  $('#report-csv').addEventListener('click', downloadCsv);
  $('#report-csv-2').addEventListener('click', downloadCsv);

  return {
    async show(force) {
      if (!state.loaded || force) {
        state.loaded = true;
        await load(1);
      }
    },
    reset() {
      state.loaded = false;
    },
  };
}

/** The CSV report is text; accept a Response or Blob too, whatever the client hands back. */
async function asText(result) {
  if (typeof result === 'string') return result;
  if (typeof result?.text === 'function') return result.text();
  return JSON.stringify(result);
}
