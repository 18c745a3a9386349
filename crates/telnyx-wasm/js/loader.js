// Loads the wasm module once, on first use. Each entry point (node.js and
// index.cjs, workerd.js, web.js) registers how its runtime gets the module.

let load = null;
let state = null; // null: not loaded; a promise: loading; true: ready

/** `sync` loaders can run inside a constructor (Node has the bytes, workerd has a Module). */
export function setLoader(loader, sync) {
  load = loader;
  load.sync = sync;
}

/** Whether the module can be made ready right now, without waiting. */
export function readyNow() {
  if (state !== true && load && load.sync && state === null) {
    load();
    state = true;
  }
  return state === true;
}

/** Makes the module ready: returns nothing when it already is, else a promise. */
export function ensure() {
  if (state === true || readyNow()) return undefined;
  return (state ??= Promise.resolve()
    .then(load)
    .then(
      () => {
        state = true;
      },
      (error) => {
        state = null;
        throw error;
      },
    ));
}

/** The module's bytes from the base64 text the Node entries embed. */
export function fromBase64(text) {
  if (typeof Buffer === 'function') return Buffer.from(text, 'base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const inPage = () => typeof window !== 'undefined' && typeof document !== 'undefined';

/**
 * Why the module could not be loaded, and what to do about it: the same
 * words in every runtime. `entry` names the package entry that ran.
 */
export function explain(cause, entry) {
  const reason = String(cause?.message ?? cause).replace(/\.$/, '');
  let advice;
  if (/disallowed|code generation/i.test(reason)) {
    advice =
      'This runtime does not compile WebAssembly from bytes (Cloudflare Workers and other edge runtimes): ' +
      "resolve the package with the 'workerd' condition (wrangler does this by itself), which imports " +
      'telnyx_wasm_bg.wasm as a module.';
  } else if (typeof EdgeRuntime === 'string') {
    advice =
      "Next.js's Edge runtime is not supported: use the Node.js runtime (the default: remove `export const runtime = 'edge'`).";
  } else if (entry === 'web' && !inPage() && typeof process !== 'undefined' && process.versions?.node) {
    advice =
      "This is the package's browser entry running on a server. In Node, Bun and Deno the 'node' condition " +
      "selects an entry with the module built in: bundle with esbuild's --platform=node or webpack's target 'node', " +
      'or leave the package out of the bundle (external).';
  } else if (entry === 'web') {
    advice =
      'The browser entry fetches telnyx_wasm_bg.wasm next to telnyx_wasm.js. Vite, webpack, Rollup, Parcel and ' +
      "Next.js copy it by themselves; with esbuild or a plain copy of the files, put 'telnyx-wasm/telnyx_wasm_bg.wasm' " +
      'next to the bundle and serve it as application/wasm.';
  } else {
    advice = 'Reinstall telnyx-wasm; if this persists, report it with the runtime and bundler in use.';
  }
  return `${reason}. ${advice}`;
}
