// telnyx-wasm/proxy on Cloudflare Workers: wrangler turns the .wasm import
// into a WebAssembly.Module; proxy.js is the handler
// (`export default { fetch: createProxy(...) }`).
import module from './telnyx_proxy_bg.wasm';
import { initSync } from './telnyx_proxy.js';
import { setLoader } from './proxy-loader.js';

setLoader(() => initSync({ module }), true);

export * from './proxy.js';
