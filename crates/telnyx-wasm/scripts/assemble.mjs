// Turns wasm-pack's output in pkg/ into the npm package: the JS layer, the
// types, package.json (version from Cargo.toml), README and licences, with
// the module and its glue made smaller (finishModule); then prints what it
// weighs, raw and gzip.
//
//   node scripts/assemble.mjs <crate dir> <repository root>

import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [crate, root] = process.argv.slice(2);
const pkg = join(crate, 'pkg');
const js = join(crate, 'js');

// wasm-pack's own extras are not part of the package.
for (const extra of ['.gitignore', 'telnyx_wasm.d.ts', 'telnyx_wasm_bg.wasm.d.ts', 'package.json']) {
  rmSync(join(pkg, extra), { force: true });
}
finishModule();
for (const file of readdirSync(js)) {
  if (file !== 'package.json') copyFileSync(join(js, file), join(pkg, file));
}
copyFileSync(join(crate, 'README.md'), join(pkg, 'README.md'));
for (const licence of ['LICENSE-MIT', 'LICENSE-APACHE']) copyFileSync(join(root, licence), join(pkg, licence));

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
const manifest = JSON.parse(readFileSync(join(js, 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizes = (files) => {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(join(pkg, file));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return `${kb(raw)} raw, ${kb(gz)} gzip`;
};
const jsFiles = ['client.js', 'loader.js', 'telnyx_wasm.js', 'web.js'];
console.log(`telnyx-wasm ${version} in ${pkg}`);
console.log(`  telnyx_wasm_bg.wasm       ${sizes(['telnyx_wasm_bg.wasm'])}`);
console.log(`  JS (glue + layer + entry) ${sizes(jsFiles)}`);
console.log(`  files: ${readdirSync(pkg).filter((f) => statSync(join(pkg, f)).isFile()).join(' ')}`);

/**
 * Size work on wasm-pack's output, after make npm's `wasm-opt -Oz`:
 * - one more Binaryen round (relooped control flow, -Oz to convergence);
 * - short import/export names: wasm-bindgen's, like
 *   `__wbg___wbindgen_is_string_90b56bc79aad6f6c`, are spelt in both the .wasm
 *   and the glue and hashed, so gzip cannot fold them; Binaryen renames them
 *   to a letter or two and prints the mapping, and the glue is rewritten to match;
 * - glue paths this package never takes are dropped.
 * Each rewrite fails the build if its text is not found. Does nothing when the
 * glue was rewritten already.
 */
function finishModule() {
  const wasmFile = join(pkg, 'telnyx_wasm_bg.wasm');
  const glueFile = join(pkg, 'telnyx_wasm.js');
  let glue = readFileSync(glueFile, 'utf8');
  const moduleKey = '"./telnyx_wasm_bg.js": import0';
  if (!glue.includes(moduleKey)) return;
  // make npm strips the target_features section, so the features are named here.
  const features = ['reference-types', 'multivalue', 'bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals'];
  const wasmOpt = (...passes) =>
    execFileSync(
      join(root, 'node_modules', '.bin', 'wasm-opt'),
      [...features.map((f) => `--enable-${f}`), ...passes, wasmFile, '-o', wasmFile],
      { encoding: 'utf8' },
    );
  // A relooped control flow, optimised again until it stops shrinking: ~0.3 KB gzip less than -Oz alone.
  wasmOpt('--flatten', '--rereloop', '--converge', '-Oz');
  const out = wasmOpt('--minify-imports-and-exports-and-modules');
  const map = JSON.parse(out.slice(out.indexOf('{')));
  const [{ module: moduleName }] = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmFile)));
  const swap = (pattern, replacement, what) => {
    const next = glue.replace(pattern, replacement);
    if (next === glue) throw new Error(`assemble: ${what} not found in telnyx_wasm.js`);
    glue = next;
  };
  swap(moduleKey, `${JSON.stringify(moduleName)}: import0`, 'the import module');
  for (const [, from, to] of map.imports) swap(new RegExp(`^(\\s+)${from}:`, 'm'), `$1${to}:`, `import ${from}`);
  // Exports the glue never reads (wasm-bindgen's abort hooks) need no rewrite.
  for (const [from, to] of map.exports) glue = glue.replace(new RegExp(`\\bwasm\\.${from}\\b`, 'g'), `wasm.${to}`);
  // Paths of the glue this package never takes: the client keeps its Core
  // for life (the finalization registry frees it), its loaders always call
  // initSync with `{ module }`, and every string is passed with a realloc.
  swap(
    `    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        CoreFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.${map.exports.find(([from]) => from === '__wbg_core_free')?.[1]}(ptr, 0);
    }
`,
    '',
    'Core.free',
  );
  swap('if (Symbol.dispose) Core.prototype[Symbol.dispose] = Core.prototype.free;\n', '', 'Core[Symbol.dispose]');
  swap(
    `    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for \`initSync()\`; pass a single object instead')
        }
    }
`,
    '    ({ module } = module);\n',
    "initSync's argument handling",
  );
  swap(
    `    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
`,
    '',
    "passStringToWasm0's malloc-only path",
  );
  if (/\bwasm\.__w|\bwasm\.core_/.test(glue)) throw new Error('assemble: telnyx_wasm.js still uses an old export name');
  writeFileSync(glueFile, glue);
}
