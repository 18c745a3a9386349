// Node 20+: the module is read from disk and compiled on first use.
import { readFileSync } from 'node:fs';
import { initSync } from './telnyx_wasm.js';
import { setLoader } from './loader.js';

setLoader(() => initSync({ module: readFileSync(new URL('./telnyx_wasm_bg.wasm', import.meta.url)) }), true);

export * from './client.js';
export { default } from './client.js';
