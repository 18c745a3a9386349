// Instantiates the wasm module once, on the first createMock(). Each entry
// (index.js, index.cjs, workerd.js) registers how its runtime gets the module.

let init = null;
let done = false;

export function setInit(fn) {
  init = fn;
}

export function ready() {
  if (done) return;
  if (!init) throw new Error('telnyx-mock: no entry registered the wasm module (import "telnyx-mock", not its files)');
  init();
  done = true;
}

/** The module's bytes from the base64 text the entries embed. */
export function fromBase64(text) {
  if (typeof Buffer === 'function') return Buffer.from(text, 'base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
