// The rows' page: the scenario in a browser, with the key allowed on purpose
// (a test page; real pages keep the key on a server). The result goes to
// window.__result for the suite to read.
import Telnyx from 'telnyx-wasm';
import { scenario } from './scenario.mjs';

const mock = new URLSearchParams(location.search).get('mock');
let refused;
try {
  new Telnyx({ apiKey: 'KEY_in_a_page' });
} catch (error) {
  refused = error instanceof Telnyx.TelnyxError && /browser/.test(error.message);
}
scenario(Telnyx, { apiKey: 'KEY0123456789_compat_secret', baseURL: `${mock}/v2`, dangerouslyAllowBrowser: true })
  .then(
    (out) => ({ ...out, refused }),
    (error) => ({ error: String(error?.message ?? error), name: error?.name }),
  )
  .then((out) => {
    document.getElementById('out').textContent = JSON.stringify(out, null, 2);
    window.__result = out;
  });
