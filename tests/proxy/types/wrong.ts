// Each line is a mistake tsc must report (types.test.mjs counts them).
import { createProxy } from 'telnyx-wasm/proxy';

createProxy({});
createProxy({ apiKey: 'KEY', operations: ['managedAccounts.delete'] });
createProxy({ apiKey: 'KEY', allowedOrigins: 'https://app.example.com' });
createProxy({ apiKey: 'KEY', rateLimit: { requests: 60 } });
createProxy({ apiKey: 'KEY', allowOrigin: '*' });
