// Cloudflare Workers: wrangler turns the .wasm import into a WebAssembly.Module
// (Workers may not compile wasm from bytes at run time). initSync on a Module
// does not fail, so this entry carries no load-error advice (loader.js's
// explain() would add ~0.5 KB gzip to every Worker bundle).
import module from './telnyx_wasm_bg.wasm';
import { initSync } from './telnyx_wasm.js';
import { setLoader } from './loader.js';

setLoader(() => initSync({ module }), true);

export * from './client.js';
export { default } from './client.js';
