// Must NOT type-check: proves the types are precise (no `any` letting these through).
import Telnyx from 'telnyx-wasm';

const client = new Telnyx({ apiKey: 'key' });
client.managedAccounts.retrieve(42);
client.managedAccounts.create({});
client.managedAccounts.list({ sort: 'name' });
client.organizations.users.getGroupsReport({ Accept: 'text/html' });
client.managedAccounts.retrieve('id', { retries: 3 });
new Telnyx({ timeout: '5s' });
new Telnyx({ logLevel: 'loud' });
client.get(42);
