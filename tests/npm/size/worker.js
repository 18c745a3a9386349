// A Worker that calls all 12 methods: the script whose bundle size is
// compared with the official SDK's (the same script importing 'telnyx').
import Telnyx from 'PACKAGE';

export default {
  async fetch(request, env) {
    const client = new Telnyx({ apiKey: env.TELNYX_API_KEY });
    const id = new URL(request.url).searchParams.get('id') ?? '';
    const out = [];
    for await (const account of client.managedAccounts.list({ 'page[size]': 250 })) out.push(account.id);
    out.push(await client.managedAccounts.create({ business_name: 'Acme' }));
    out.push(await client.managedAccounts.getAllocatableGlobalOutboundChannels());
    out.push(await client.managedAccounts.retrieve(id));
    out.push(await client.managedAccounts.update(id, { managed_account_allow_custom_pricing: true }));
    out.push(await client.managedAccounts.actions.disable(id));
    out.push(await client.managedAccounts.actions.enable(id, {}));
    out.push(await client.managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 5 }));
    for await (const user of client.organizations.users.list()) out.push(user.id);
    out.push(await client.organizations.users.getGroupsReport({ Accept: 'text/csv' }));
    out.push(await client.organizations.users.retrieve(id, { include_groups: true }));
    out.push(await client.organizations.users.actions.remove(id));
    return Response.json(out);
  },
};
