// Loads the wasm module once, on first use. Each entry point (node.js and
// index.cjs, workerd.js, web.js) registers how its runtime gets the module.

/**
 * One module's loading: the client's (below) and the proxy's
 * (proxy-loader.js) each have their own, so each loads only its own module.
 */
export function moduleLoader() {
  let load = null;
  let state = null; // null: not loaded; a promise: loading; true: ready

  /** `sync` loaders can run inside a constructor (Node has the bytes, workerd has a Module). */
  function setLoader(loader, sync) {
    load = loader;
    load.sync = sync;
  }

  /** Whether the module can be made ready right now, without waiting. */
  function readyNow() {
    if (state !== true && load && load.sync && state === null) {
      load();
      state = true;
    }
    return state === true;
  }

  /** Makes the module ready: returns nothing when it already is, else a promise. */
  function ensure() {
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

  return { setLoader, readyNow, ensure };
}

export const { setLoader, readyNow, ensure } = moduleLoader();

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
 * words in every runtime. `entry` names the package entry that ran. Kept
 * short: it is part of every browser bundle.
 */
export function explain(cause, entry) {
  const reason = String(cause?.message ?? cause).replace(/\.$/, '');
  let advice;
  if (/disallowed|code generation/i.test(reason)) {
    advice = "This runtime does not compile wasm from bytes: resolve telnyx-wasm with the 'workerd' condition (wrangler does).";
  } else if (typeof EdgeRuntime === 'string') {
    advice = "On Next.js's Edge runtime, use the Node.js runtime (the default) instead.";
  } else if (entry === 'web' && !inPage() && globalThis.process?.versions?.node) {
    advice =
      "This is the browser entry on a server: resolve telnyx-wasm with the 'node' condition " +
      "(esbuild --platform=node, webpack target 'node') or keep it external.";
  } else if (entry === 'web') {
    advice =
      "Serve telnyx-wasm/telnyx_wasm_bg.wasm next to the bundle as application/wasm (Vite, webpack and Next.js copy it; esbuild does not).";
  } else {
    advice = 'Reinstall telnyx-wasm.';
  }
  return `${reason}. ${advice}`;
}
