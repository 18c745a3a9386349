// telnyx-wasm/proxy's .d.ts, as installed: usage passes `tsc --strict`, mistakes fail it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('./', import.meta.url));
const tsc = (file) =>
  spawnSync(
    process.execPath,
    [
      `${process.env.TELNYX_REPO}/node_modules/typescript/bin/tsc`,
      '--strict', '--noEmit',
      '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,dom,dom.iterable',
      file,
    ],
    { cwd: app, encoding: 'utf8' },
  );

test('a Worker, a node:http listener and a route handler using the proxy pass tsc --strict', () => {
  const result = tsc('types/usage.ts');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('wrong options fail tsc, one error each', () => {
  const result = tsc('types/wrong.ts');
  const errors = result.stdout.split('\n').filter((line) => line.includes('error TS'));
  assert.equal(errors.length, 5, result.stdout);
});
