// telnyx-wasm/proxy on Node 20+, Bun, Deno and server bundles (a Next.js
// route handler): the proxy's module is built into telnyx_proxy_bg.wasm.js, so
// no file is read; proxy.js is the handler.
import { initSync } from './telnyx_proxy.js';
import { explain, fromBase64 } from './loader.js';
import { setLoader } from './proxy-loader.js';
import wasm from './telnyx_proxy_bg.wasm.js';

setLoader(() => {
  try {
    initSync({ module: fromBase64(wasm) });
  } catch (cause) {
    throw Object.assign(new Error(`Could not load telnyx_proxy_bg.wasm: ${explain(cause, 'node')}`), { cause });
  }
}, true);

export * from './proxy.js';
