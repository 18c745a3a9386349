// Node, Deno, Bun, pages and bundlers: the module's bytes are embedded
// (telnyx_mock_wasm_bg.wasm.js), so nothing is fetched and createMock() is synchronous.
import { initSync } from './telnyx_mock_wasm.js';
import { fromBase64, setInit } from './loader.js';
import wasm from './telnyx_mock_wasm_bg.wasm.js';

setInit(() => initSync({ module: fromBase64(wasm) }));

export * from './mock.js';
export { default } from './mock.js';
