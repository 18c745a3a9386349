// Node 20+, Bun, Deno and server bundles (Next.js, esbuild --platform=node),
// as ES modules: the module's bytes are built into telnyx_wasm_bg.wasm.js, so
// no file is read and a bundler has nothing to copy. Compiled on first use.
import { initSync } from './telnyx_wasm.js';
import { explain, fromBase64, setLoader } from './loader.js';
import { TelnyxError } from './client.js';
import wasm from './telnyx_wasm_bg.wasm.js';

setLoader(() => {
  try {
    initSync({ module: fromBase64(wasm) });
  } catch (cause) {
    throw Object.assign(new TelnyxError(`Could not load telnyx_wasm_bg.wasm: ${explain(cause, 'node')}`), { cause });
  }
}, true);

export * from './client.js';
export { default } from './client.js';
