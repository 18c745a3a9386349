// Browsers and bundlers: the module is fetched next to this file
// (`new URL('telnyx_wasm_bg.wasm', import.meta.url)` in the glue, which
// bundlers such as Vite and webpack follow). Loading starts as the package is
// imported; a client made before it is done waits for it on its first call,
// and a load that fails rejects that call with what to do.
import init from './telnyx_wasm.js';
import { ensure, explain, setLoader } from './loader.js';

setLoader(
  () =>
    init().catch((cause) => {
      // The client prefixes "Could not load telnyx_wasm_bg.wasm: ".
      throw Object.assign(new Error(explain(cause, 'web')), { cause });
    }),
  false,
);
ensure()?.catch(() => {}); // a failure is reported by the first call, which tries again

export * from './client.js';
export { default } from './client.js';
