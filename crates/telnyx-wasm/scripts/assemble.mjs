// Turns wasm-pack's output in pkg/ into the npm package: the JS layer, the
// types, package.json (version from Cargo.toml), README and licences, with
// the module made smaller (finishModule); then prints what it weighs, raw
// and gzip.
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
finishModule('telnyx_wasm_bg.wasm');
finishModule('telnyx_proxy_bg.wasm');
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
console.log(`  telnyx_proxy_bg.wasm      ${sizes(['telnyx_proxy_bg.wasm'])} (telnyx-wasm/proxy only)`);
console.log(`  JS (glue + layer + entry) ${sizes(jsFiles)}`);
console.log(`  files: ${readdirSync(pkg).filter((f) => statSync(join(pkg, f)).isFile()).join(' ')}`);

/**
 * One more Binaryen round on the module, after make npm's `wasm-opt -Oz`: a
 * relooped control flow, optimised again until it stops shrinking (~0.3 KB
 * gzip less than -Oz alone). The glue is left exactly as wasm-bindgen emitted it.
 */
function finishModule(file) {
  const wasmFile = join(pkg, file);
  // make npm strips the target_features section, so the features are named here.
  const features = ['reference-types', 'multivalue', 'bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals'];
  execFileSync(
    join(root, 'node_modules', '.bin', 'wasm-opt'),
    [...features.map((f) => `--enable-${f}`), '--flatten', '--rereloop', '--converge', '-Oz', wasmFile, '-o', wasmFile],
    { encoding: 'utf8' },
  );
}
