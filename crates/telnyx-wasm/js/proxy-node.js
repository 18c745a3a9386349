// telnyx-wasm/proxy on Node 20+, Bun, Deno and server bundles (a Next.js
// route handler): node.js registers the embedded module, proxy.js is the handler.
import './node.js';

export * from './proxy.js';
