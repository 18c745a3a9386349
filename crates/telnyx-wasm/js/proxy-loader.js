// The proxy's module (telnyx_proxy_bg.wasm: the client's checks and the
// proxy's), loaded on its own, so a client never carries the proxy's bytes.
// Each proxy entry registers how its runtime gets the module.
import { moduleLoader } from './loader.js';

export const { setLoader, readyNow, ensure } = moduleLoader();
