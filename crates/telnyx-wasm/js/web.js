// Browsers and bundlers: the module is fetched next to this file
// (`new URL('telnyx_wasm_bg.wasm', import.meta.url)` in the glue, which
// bundlers such as Vite and webpack follow) as the package is imported, so
// that `new Telnyx()` is ready at once.
import init from './telnyx_wasm.js';
import { ensure, setLoader } from './loader.js';

setLoader(() => init(), false);
try {
  await ensure();
} catch (cause) {
  throw new Error(`telnyx-wasm could not load telnyx_wasm_bg.wasm: ${cause?.message ?? cause}`, { cause });
}

export * from './client.js';
export { default } from './client.js';
