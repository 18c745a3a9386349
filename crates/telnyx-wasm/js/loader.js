// Loads the wasm module once, on first use. Each entry point (node.js,
// workerd.js, web.js) registers how its runtime gets the module.

let load = null;
let state = null; // null: not loaded; a promise: loading; true: ready

/** `sync` loaders can run inside a constructor (Node reads the file, workerd has a Module). */
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
