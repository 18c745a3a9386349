// Browsers and bundlers: the module is fetched next to this file
// (`new URL('telnyx_wasm_bg.wasm', import.meta.url)` in the glue, which
// bundlers such as Vite and webpack follow) on the first call.
import init from './telnyx_wasm.js';
import { explain, setLoader } from './loader.js';

setLoader(
  () =>
    init().catch((cause) => {
      // The client prefixes "Could not load telnyx_wasm_bg.wasm: ".
      throw Object.assign(new Error(explain(cause, 'web')), { cause });
    }),
  false,
);

export * from './client.js';
export { default } from './client.js';
