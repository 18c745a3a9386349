// No setting for telnyx-wasm (no serverExternalPackages): the package must
// load as it is. The roots point at the suite's work directory, whose
// node_modules holds next and the installed tarball.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export default { turbopack: { root }, outputFileTracingRoot: root };
