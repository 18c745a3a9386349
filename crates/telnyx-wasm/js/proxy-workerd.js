// telnyx-wasm/proxy on Cloudflare Workers: workerd.js registers the module
// wrangler imports, proxy.js is the handler (`export default { fetch: createProxy(...) }`).
import './workerd.js';

export * from './proxy.js';
