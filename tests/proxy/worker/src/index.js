// The proxy as a Worker's fetch handler: the key and the upstream come from
// the Worker's variables (`wrangler secret put TELNYX_API_KEY` in production).
import { createProxy } from 'telnyx-wasm/proxy';

let proxy;

export default {
  fetch(request, env) {
    proxy ??= createProxy({ apiKey: env.TELNYX_API_KEY, upstream: env.TELNYX_UPSTREAM, basePath: '/api/telnyx' });
    return proxy(request);
  },
};
