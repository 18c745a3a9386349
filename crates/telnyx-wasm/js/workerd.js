// Cloudflare Workers: wrangler turns the .wasm import into a WebAssembly.Module
// (Workers may not compile wasm from bytes at run time).
import module from './telnyx_wasm_bg.wasm';
import { initSync } from './telnyx_wasm.js';
import { explain, setLoader } from './loader.js';
import { TelnyxError } from './client.js';

setLoader(() => {
  try {
    initSync({ module });
  } catch (cause) {
    throw Object.assign(new TelnyxError(`Could not load telnyx_wasm_bg.wasm: ${explain(cause, 'workerd')}`), { cause });
  }
}, true);

export * from './client.js';
export { default } from './client.js';
