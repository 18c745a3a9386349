// Every export and method of telnyx-mock, used as a test would: must pass tsc --strict.
import createMock, { createMock as named, type Mock, type MockOptions, type FaultRule, type RecordedRequest } from 'telnyx-mock';
import worker, { TelnyxMock } from 'telnyx-mock/worker';

const options: MockOptions = { accounts: 100, users: 3, apiKey: 'KEY', latencyMs: 0, rateLimit: 600, requestLog: 50 };
const mock: Mock = createMock(options);
const other: Mock = named({ scenario: 'many-accounts' });
const rule: FaultRule = { method: 'POST', path: '/managed_accounts', status: 503, headers: { 'retry-after': '1' }, times: 2 };

async function use(): Promise<number> {
  const response: Response = await mock.fetch('http://x/v2/managed_accounts', { headers: { authorization: 'Bearer KEY' } });
  await mock.fetch(new URL('http://x/v2/managed_accounts'));
  await mock.fetch(new Request('http://x/v2/managed_accounts'));
  const added: number = mock.addFault(rule).id;
  const many: number = mock.addFault([rule, { drop_connection: true, after_commit: true }]).length;
  mock.removeFault(added);
  mock.clearFaults();
  const log: RecordedRequest[] = mock.requests({ method: 'POST', operation: 'managedAccounts.create' });
  const first: string | null = log[0]?.operation ?? null;
  mock.clearRequests();
  const counts: number = mock.state({ full: true }).counts.accounts;
  const saved = mock.snapshot();
  other.restore(saved);
  other.loadScenario('rate-limited');
  const names: string[] = other.scenarios().map((s) => s.name);
  mock.setAccountStatus('id', 'blocked');
  mock.reset();
  const answer = mock.handle('GET', '/v2/managed_accounts', ['authorization', 'Bearer KEY'], new Uint8Array());
  const waited: number = answer.delayMs + (answer.drop ? 1 : 0);
  return response.status + many + counts + names.length + waited + (first ? 1 : 0);
}
void use;

async function serve(request: Request, env: { TELNYX_MOCK: unknown }): Promise<Response> {
  const object = new TelnyxMock({}, { TELNYX_MOCK_OPTIONS: '{"accounts":3}' });
  return request.url.includes('/__direct') ? object.fetch(request) : worker.fetch(request, env);
}
void serve;
