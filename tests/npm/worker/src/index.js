// Calls the mock through telnyx-wasm inside workerd and reports what it got.
import Telnyx, { NotFoundError, ValidationError } from 'telnyx-wasm';

export default {
  async fetch(request, env) {
    const client = new Telnyx({ apiKey: env.TELNYX_API_KEY, baseURL: `${env.MOCK_URL}/v2` });
    const out = {};
    const created = await client.managedAccounts.create({ business_name: 'Worker Co' });
    out.created = created.data.organization_name;
    out.retrieved = (await client.managedAccounts.retrieve(created.data.id)).data.id === created.data.id;
    out.disabled = (await client.managedAccounts.actions.disable(created.data.id)).data.id === created.data.id;
    out.channels = typeof (await client.managedAccounts.getAllocatableGlobalOutboundChannels()).data.allocatable_global_outbound_channels;
    let count = 0;
    for await (const account of client.managedAccounts.list({ 'page[size]': 10 })) if (account.id) count++;
    out.listed = count;
    out.csvHeader = (await client.organizations.users.getGroupsReport({ Accept: 'text/csv' })).split('\n')[0];
    try {
      await client.managedAccounts.retrieve('00000000-0000-0000-0000-000000000000');
    } catch (error) {
      out.notFound = [error instanceof NotFoundError, error.name, error.status, error.headers['x-request-id'] === error.requestID];
    }
    try {
      await client.managedAccounts.retrieve('../x');
    } catch (error) {
      out.validation = [error instanceof ValidationError, error.message];
    }
    return Response.json(out);
  },
};
