// Type-checked with `tsc --strict --noEmit` against the installed package:
// every method, the error classes and `for await`, with no `any` in sight.
import Telnyx, {
  APIError,
  APIPromise,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PagePromise,
  RateLimitError,
  TelnyxError,
  ValidationError,
  type ManagedAccount,
  type ManagedAccountListResponse,
  type OrganizationUser,
  type Page,
} from 'telnyx-wasm';

export async function everything(): Promise<void> {
  const client = new Telnyx({ apiKey: 'key', baseURL: 'http://127.0.0.1:4010/v2', maxRetries: 1, timeout: 5_000 });
  const options = { timeout: 1_000, maxRetries: 0, signal: new AbortController().signal, headers: { 'x-trace': '1' } };

  const created = await client.managedAccounts.create({ business_name: 'Acme' }, { idempotencyKey: 'k1' });
  const account: ManagedAccount | undefined = created.data;
  const id: string = account?.id ?? '';
  const retrieved = await client.managedAccounts.retrieve(id, options);
  const key: string | undefined = retrieved.data?.api_key;
  await client.managedAccounts.update(id);
  await client.managedAccounts.update(id, { managed_account_allow_custom_pricing: true }, options);
  await client.managedAccounts.actions.disable(id);
  await client.managedAccounts.actions.enable(id);
  await client.managedAccounts.actions.enable(id, { reenable_all_connections: true }, options);
  const channels = await client.managedAccounts.getAllocatableGlobalOutboundChannels(options);
  const allocatable: number | undefined = channels.data?.allocatable_global_outbound_channels;
  const limit = await client.managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 5 });
  const limitValue: number | undefined = limit.data?.channel_limit;
  await client.managedAccounts.updateGlobalChannelLimit(id);

  const list: PagePromise<ManagedAccountListResponse> = client.managedAccounts.list({
    filter: { email: { contains: 'acme' }, status: { eq: 'enabled' } },
    sort: '-created_at',
    'page[size]': 50,
  });
  for await (const item of list) {
    const email: string = item.email;
    void email;
  }
  const page: Page<ManagedAccountListResponse> = await client.managedAccounts.list();
  if (page.hasNextPage()) {
    const next = await page.getNextPage();
    const total: number | undefined = next.meta.total_results;
    void total;
  }
  for await (const p of page.iterPages()) void p.getPaginatedItems().length;

  for await (const user of client.organizations.users.list({ 'filter[user_status]': 'enabled', include_groups: true })) {
    const status: 'enabled' | 'disabled' | 'blocked' | undefined = user.user_status;
    void status;
  }
  const user = await client.organizations.users.retrieve(id, { include_groups: true });
  const one: OrganizationUser | undefined = user.data;
  await client.organizations.users.retrieve(id);
  await client.organizations.users.actions.remove(id, options);
  const csv: string = await client.organizations.users.getGroupsReport({ Accept: 'text/csv' });
  const report = await client.organizations.users.getGroupsReport();
  const groups: number | undefined = report.data?.[0]?.groups.length;

  const promise: APIPromise<unknown> = client.managedAccounts.retrieve(id);
  const response: Response = await promise.asResponse();
  const both = await client.managedAccounts.retrieve(id).withResponse();
  const status: number = both.response.status;

  try {
    await client.managedAccounts.retrieve(id);
  } catch (error) {
    if (error instanceof NotFoundError) {
      const code: 404 = error.status;
      const requestID: string | undefined = error.requestID;
      const retryAfter: string | null = error.headers.get('retry-after');
      const indexed: unknown = error.headers['x-request-id'];
      const first: string | undefined = error.errors[0]?.detail;
      void [code, requestID, retryAfter, indexed, first];
    } else if (error instanceof RateLimitError) {
      const wait: number | undefined = error.retryAfterMs;
      void wait;
    } else if (error instanceof Telnyx.AuthenticationError || error instanceof AuthenticationError) {
      void error.status;
    } else if (error instanceof APIUserAbortError || error instanceof ValidationError) {
      void error.message;
    } else if (error instanceof APIError) {
      const maybe: number | undefined = error.status;
      void maybe;
    } else if (error instanceof TelnyxError) {
      void error.name;
    }
  }
  void [key, allocatable, limitValue, one, csv, groups, response, status];
}

// The official SDK's other options, and endpoints the client does not wrap.
export async function officialOptions(): Promise<void> {
  const lines: string[] = [];
  const client = new Telnyx({
    clientID: 'id',
    clientSecret: 'secret',
    publicKey: 'pk',
    defaultQuery: { trace: 'abc', page: { size: 5 } },
    fetchOptions: { cache: 'no-store' },
    logLevel: 'debug',
    logger: { error: (m) => lines.push(m), warn: (m) => lines.push(m), info: (m) => lines.push(m), debug: (m) => lines.push(m) },
  });
  const level: 'off' | 'error' | 'warn' | 'info' | 'debug' = client.logLevel;
  await client.managedAccounts.list({}, { query: { 'page[size]': 2 }, headers: { 'X-Team': null } });
  const raw: unknown = await client.get('/balance', { query: { debug: true } });
  const typed: { data: { id: string } } = await client.post<{ data: { id: string } }>('/things', { body: { a: 1 } });
  await client.request({ method: 'delete', path: '/things/1' });
  const url: string = (await client.managedAccounts.getAllocatableGlobalOutboundChannels().asResponse()).url;
  void [level, raw, typed, url, client.publicKey, client.clientID];
}
