// telnyx-wasm/proxy elsewhere (Deno without the node condition, other
// fetch-handler runtimes): web.js fetches the module next to this file.
import './web.js';

export * from './proxy.js';
