// Cloudflare Workers: wrangler turns the .wasm import into a WebAssembly.Module
// (Workers may not compile wasm from bytes at run time).
import module from './telnyx_mock_wasm_bg.wasm';
import { initSync } from './telnyx_mock_wasm.js';
import { setInit } from './loader.js';

setInit(() => initSync({ module }));

export * from './mock.js';
export { default } from './mock.js';
