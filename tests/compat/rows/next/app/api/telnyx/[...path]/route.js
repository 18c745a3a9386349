// The key-holding proxy as a route handler: the package README's Next.js
// snippet, with this suite's upstream (telnyx-mock). The proxy is made on the
// first request: `next build` loads the module without the server's secrets.
// Next.js builds `request.url` from its own host name (`localhost` here, under
// `next start -H 127.0.0.1`), which the default `allowedHosts` (loopback) covers.
import { createProxy } from 'telnyx-wasm/proxy';

export const dynamic = 'force-dynamic';

let proxy;
const handler = (request) =>
  (proxy ??= createProxy({ apiKey: process.env.TELNYX_API_KEY, upstream: process.env.TELNYX_BASE_URL, basePath: '/api/telnyx' }))(request);
export { handler as GET, handler as POST, handler as PATCH, handler as OPTIONS };
