// Browsers and bundlers: the module is fetched next to this file
// (`new URL('telnyx_wasm_bg.wasm', import.meta.url)` in the glue, which
// bundlers such as Vite and webpack follow) as the package is imported, so
// that `new Telnyx()` is ready at once and reads its options in Rust.
import init from './telnyx_wasm.js';
import { ensure, explain, setLoader } from './loader.js';
import { TelnyxError } from './client.js';

setLoader(() => init(), false);
try {
  await ensure();
} catch (cause) {
  throw Object.assign(new TelnyxError(`Could not load telnyx_wasm_bg.wasm: ${explain(cause, 'web')}`), { cause });
}

export * from './client.js';
export { default } from './client.js';
