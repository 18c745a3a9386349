// A CommonJS consumer, typed (.cts): checked with tsc --strict under each
// moduleResolution (bundler, node16, nodenext), then run (node16, nodenext).
import Telnyx from 'telnyx-wasm';
import { NotFoundError, APIError, type ClientOptions } from 'telnyx-wasm';
import telnyx = require('telnyx-wasm');

async function main(): Promise<void> {
  const options: ClientOptions = { apiKey: process.env.TELNYX_API_KEY, baseURL: process.env.TELNYX_BASE_URL, maxRetries: 0 };
  const client: Telnyx = new Telnyx(options);
  const ids: string[] = [];
  for await (const account of client.managedAccounts.list({ 'page[size]': 2 })) ids.push(account.id);
  const retrieved = await client.managedAccounts.retrieve(ids[0]!);
  let missing: unknown;
  try {
    await client.managedAccounts.retrieve('00000000-0000-4000-8000-000000000000');
  } catch (error) {
    missing = error;
  }
  const status: number | undefined = missing instanceof Telnyx.NotFoundError ? missing.status : undefined;
  const Same: typeof Telnyx = telnyx.default;
  const out = {
    listed: ids.length,
    retrieved: retrieved.data?.id === ids[0],
    notFound: [missing instanceof NotFoundError, status],
    exports: [missing instanceof APIError && missing instanceof telnyx.NotFoundError, Same === telnyx.Telnyx],
  };
  console.log(`RESULT ${JSON.stringify(out)}`);
}

void main();
