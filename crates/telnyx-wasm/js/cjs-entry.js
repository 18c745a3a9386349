// The CommonJS entry (`require('telnyx-wasm')` in Node, Bun and server
// bundles): scripts/entries.mjs bundles this file, the client and the glue
// into index.cjs, and makes its default export the module's `module.exports`.
// The module's bytes come from telnyx_wasm_bg.wasm.cjs, as in node.js.
import Client, * as named from './client.js';
import { initSync } from './telnyx_wasm.js';
import { explain, fromBase64, setLoader } from './loader.js';
import wasm from './telnyx_wasm_bg.wasm.cjs';

setLoader(() => {
  try {
    initSync({ module: fromBase64(wasm) });
  } catch (cause) {
    throw Object.assign(new named.TelnyxError(`Could not load telnyx_wasm_bg.wasm: ${explain(cause, 'node')}`), { cause });
  }
}, true);

/**
 * What `require('telnyx-wasm')` returns, as with the official package: a
 * function that makes a client, with or without `new`, carrying every named
 * export (`.default`, `.Telnyx`, `.NotFoundError`, ...) and the client's
 * statics. Clients it makes are `instanceof` it, and subclasses work.
 */
function Telnyx(...args) {
  return Reflect.construct(Client, args, new.target ?? Client);
}
Telnyx.prototype = Client.prototype;
Object.assign(Telnyx, Client, named);
Object.defineProperty(Telnyx, '__esModule', { value: true });

export default Telnyx;
