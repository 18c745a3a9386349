// Bundles size/worker.js with esbuild (--bundle --minify --format=esm, the
// Workers conditions) against telnyx-wasm and against the official telnyx
// package, and reports gzip sizes: JS + wasm for ours, JS for theirs.
//
//   node size/measure.mjs [repo root]   (run from a project that has telnyx-wasm installed)

import { builtinModules, createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const repo = process.argv[2] ?? process.env.TELNYX_REPO;
const esbuild = createRequire(`${repo}/package.json`)('esbuild');
const source = readFileSync(new URL('./worker.js', import.meta.url), 'utf8');

export async function bundle(pkg) {
  const dir = mkdtempSync(join(tmpdir(), 'telnyx-size-'));
  try {
    writeFileSync(join(dir, 'entry.js'), source.replace('PACKAGE', pkg));
    await esbuild.build({
      entryPoints: [join(dir, 'entry.js')],
      outdir: join(dir, 'out'),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      loader: { '.wasm': 'file' },
      nodePaths: [join(process.cwd(), 'node_modules'), `${repo}/node_modules`],
      // Node built-ins the official SDK imports lazily (webhooks) stay out, as in wrangler.
      external: ['node:*', ...builtinModules],
      logLevel: 'error',
    });
    const files = {};
    for (const name of readdirSync(join(dir, 'out'))) {
      const bytes = readFileSync(join(dir, 'out', name));
      files[name.endsWith('.wasm') ? 'wasm' : 'js'] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    }
    const zero = { raw: 0, gzip: 0 };
    const js = files.js ?? zero;
    const wasm = files.wasm ?? zero;
    return { js, wasm, total: { raw: js.raw + wasm.raw, gzip: js.gzip + wasm.gzip } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const ours = await bundle('telnyx-wasm');
  const theirs = await bundle('telnyx');
  console.log('Worker bundle calling all 12 methods (esbuild --bundle --minify --format=esm):');
  console.log(`  telnyx-wasm: JS ${kb(ours.js.raw)} raw / ${kb(ours.js.gzip)} gzip + wasm ${kb(ours.wasm.raw)} raw / ${kb(ours.wasm.gzip)} gzip = ${kb(ours.total.gzip)} gzip`);
  console.log(`  telnyx     : JS ${kb(theirs.js.raw)} raw / ${kb(theirs.js.gzip)} gzip`);
  console.log(`  ratio      : ${(ours.total.gzip / theirs.total.gzip).toFixed(2)}`);
}
