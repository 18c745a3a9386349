// The CommonJS entry (require('telnyx-mock')): bundled into index.cjs by
// scripts/entries.mjs, with the module's bytes from telnyx_mock_wasm_bg.wasm.cjs.
import { initSync } from './telnyx_mock_wasm.js';
import { fromBase64, setInit } from './loader.js';
import { createMock } from './mock.js';
import wasm from './telnyx_mock_wasm_bg.wasm.cjs';

setInit(() => initSync({ module: fromBase64(wasm) }));

export default Object.assign(createMock, { createMock, default: createMock });
