// A size budget (a regression guard, not a timing): the packed module and a
// Worker bundle using all 12 methods must not grow past what was measured
// (+ about 10 %). Raise a limit only on purpose, with the new measurement.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { bundle } from '../size/measure.mjs';

const KB = 1024;
// Measured 53.3 KB (wasm, gzip) and 60.1 KB (Worker bundle JS + wasm, gzip; the
// official telnyx bundle: 34.3 KB, so 1.75x) with the engine in Rust and the
// official SDK's whole option surface (OAuth, logging, defaultQuery,
// fetchOptions, client.get/post/...), built with nightly's build-std as make
// npm does (make tools installs its rust-src); it was 42.8 KB / 48.9 KB (1.39x)
// before those options. telnyx-wasm/proxy's checks live in a module of their
// own (telnyx_proxy_bg.wasm), which a client never loads. The project's aim is
// at most 1.3x the official bundle; this guards against growing further while
// that is open (BENCHMARKS.md, "Size").
const WASM_GZIP_LIMIT = 56 * KB;
const WORKER_BUNDLE_GZIP_LIMIT = 63.5 * KB;
const MAX_RATIO_TO_OFFICIAL = 1.85;

test('the installed .wasm stays within its gzip budget', () => {
  const wasm = readFileSync(fileURLToPath(new URL('../node_modules/telnyx-wasm/telnyx_wasm_bg.wasm', import.meta.url)));
  const gzip = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gzip <= WASM_GZIP_LIMIT, `telnyx_wasm_bg.wasm is ${gzip} bytes gzip, over the ${WASM_GZIP_LIMIT} budget`);
});

test('a Worker bundle calling all 12 methods stays within its gzip budget, wasm included', async () => {
  const ours = await bundle('telnyx-wasm');
  const official = await bundle('telnyx');
  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  console.log(
    `Worker bundle, all 12 methods, gzip: telnyx-wasm ${kb(ours.total.gzip)} (JS ${kb(ours.js.gzip)} + wasm ${kb(ours.wasm.gzip)}); ` +
      `official telnyx ${kb(official.total.gzip)}`,
  );
  assert.ok(ours.wasm.raw > 0, 'the bundle references the .wasm file');
  assert.ok(
    ours.total.gzip <= WORKER_BUNDLE_GZIP_LIMIT,
    `Worker bundle is ${ours.total.gzip} bytes gzip (JS ${ours.js.gzip} + wasm ${ours.wasm.gzip}), over ${WORKER_BUNDLE_GZIP_LIMIT}`,
  );
  const ratio = ours.total.gzip / official.total.gzip;
  assert.ok(ratio <= MAX_RATIO_TO_OFFICIAL, `Worker bundle is ${ratio.toFixed(2)}x the official one, over ${MAX_RATIO_TO_OFFICIAL}x`);
});
