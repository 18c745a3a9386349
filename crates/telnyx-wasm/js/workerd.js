// Cloudflare Workers: wrangler turns the .wasm import into a WebAssembly.Module
// (Workers may not compile wasm from bytes at run time).
import module from './telnyx_wasm_bg.wasm';
import { initSync } from './telnyx_wasm.js';
import { setLoader } from './loader.js';

setLoader(() => initSync({ module }), true);

export * from './client.js';
export { default } from './client.js';
