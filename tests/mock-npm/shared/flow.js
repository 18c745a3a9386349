// One client flow against a mock's fetch, run the same way in Node, in a page
// and in a Worker: every operation, an idempotent replay, a retried 503, a
// dropped connection and a 404. `Client` is the official SDK's class or
// telnyx-wasm's; `createMock` is telnyx-mock's. Returns what it saw, for the
// caller to compare with what it expects.

export async function flow(Client, createMock) {
  const mock = createMock({ accounts: 30, users: 5, apiKey: 'KEY_flow' });
  const client = new Client({
    apiKey: 'KEY_flow',
    baseURL: 'http://telnyx-mock.test/v2',
    fetch: mock.fetch,
    maxRetries: 1,
    dangerouslyAllowBrowser: true,
  });
  const out = {};
  let listed = 0;
  for await (const account of client.managedAccounts.list({ 'page[size]': 7 })) if (account.id) listed++;
  out.listed = listed;
  const created = await client.managedAccounts.create({ business_name: 'Flow Co' }, { headers: { 'Idempotency-Key': 'flow-1' } });
  const replayed = await client.managedAccounts.create({ business_name: 'Flow Co' }, { headers: { 'Idempotency-Key': 'flow-1' } });
  const id = created.data.id;
  out.created = [created.data.organization_name, replayed.data.id === id];
  out.retrieved = (await client.managedAccounts.retrieve(id)).data.id === id;
  out.updated = (await client.managedAccounts.update(id, { managed_account_allow_custom_pricing: true })).data.managed_account_allow_custom_pricing;
  // The API's account has no status field: the mock's state tells.
  const status = () => mock.state({ full: true }).accounts.find((a) => a.id === id).status;
  out.disabled = (await client.managedAccounts.actions.disable(id)).data.id === id && status();
  out.enabled = (await client.managedAccounts.actions.enable(id, {})).data.id === id && status();
  out.limit = (await client.managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 4 })).data.channel_limit;
  out.channels = typeof (await client.managedAccounts.getAllocatableGlobalOutboundChannels()).data.allocatable_global_outbound_channels;
  const users = (await client.organizations.users.list({ include_groups: true })).data;
  out.users = users.length;
  const sub = users.find((u) => u.record_type === 'organization_sub_user');
  out.user = (await client.organizations.users.retrieve(sub.id)).data.id === sub.id;
  out.report = Array.isArray((await client.organizations.users.getGroupsReport()).data);
  await client.organizations.users.actions.remove(sub.id);
  out.afterRemove = (await client.organizations.users.list()).data.length;

  // The mock's faults, through its admin methods: a 503 the client retries...
  mock.addFault({ method: 'GET', path: '/managed_accounts/*', status: 503, headers: { 'retry-after-ms': '5' } });
  out.retried = (await client.managedAccounts.retrieve(id)).data.id === id;
  out.attempts = mock.requests({ operation: 'managedAccounts.retrieve' }).length;
  // ...a dropped connection the client sees as a failed connection...
  mock.addFault({ method: 'GET', path: '/managed_accounts/*', drop_connection: true, times: 2 });
  try {
    await client.managedAccounts.retrieve(id);
    out.dropped = 'resolved';
  } catch (error) {
    out.dropped = error.constructor.name;
  }
  // ...and a 404 in Telnyx's format.
  try {
    await client.managedAccounts.retrieve('5c6b0a1e-0000-4000-8000-000000000000');
    out.notFound = 'resolved';
  } catch (error) {
    out.notFound = [error.status, error.constructor.name];
  }
  out.accounts = mock.state().counts.accounts;
  return out;
}

/** What flow() answers for either SDK: the names of the error classes differ by SDK. */
export const expected = (errors) => ({
  listed: 30,
  created: ['Flow Co', true],
  retrieved: true,
  updated: true,
  disabled: 'disabled',
  enabled: 'enabled',
  limit: 4,
  channels: 'number',
  users: 5,
  user: true,
  report: true,
  afterRemove: 4,
  retried: true,
  attempts: 3,
  dropped: errors.connection,
  notFound: [404, errors.notFound],
  accounts: 31,
});
