// A setup that cannot work: the browser entry (here an esbuild bundle for
// the browser) run in Node. The first call must fail saying what to do.
import Telnyx from 'telnyx-wasm';

const client = new Telnyx({ apiKey: 'KEY_test', baseURL: process.env.TELNYX_BASE_URL });
try {
  await client.managedAccounts.list();
  console.log(`RESULT ${JSON.stringify({ loaded: true })}`);
} catch (error) {
  console.log(`RESULT ${JSON.stringify({ name: error.name, message: error.message })}`);
}
