// telnyx-wasm/proxy elsewhere (Deno without the node condition, other
// fetch-handler runtimes): the proxy's module is fetched next to this file.
import init from './telnyx_proxy.js';
import { explain } from './loader.js';
import { ensure, setLoader } from './proxy-loader.js';

setLoader(
  () =>
    init().catch((cause) => {
      throw Object.assign(new Error(`Could not load telnyx_proxy_bg.wasm: ${explain(cause, 'web')}`), { cause });
    }),
  false,
);
ensure()?.catch(() => {}); // a failure is reported by the first request, which tries again

export * from './proxy.js';
