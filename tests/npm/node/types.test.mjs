// The package's .d.ts, as installed: a file using every method, the error
// classes and `for await` passes `tsc --strict --noEmit`; wrong calls fail it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('../', import.meta.url));
const tsc = (file) =>
  spawnSync(
    process.execPath,
    [
      `${process.env.TELNYX_REPO}/node_modules/typescript/bin/tsc`,
      '--strict', '--noEmit',
      '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,dom,dom.iterable,esnext.asynciterable',
      file,
    ],
    { cwd: app, encoding: 'utf8' },
  );

test('a file using every method, the error classes and for await passes tsc --strict', () => {
  const result = tsc('types/usage.ts');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('wrong argument types and unknown options fail tsc', () => {
  const result = tsc('types/wrong.ts');
  assert.notEqual(result.status, 0);
  const errors = result.stdout.split('\n').filter((line) => line.includes('error TS'));
  assert.equal(errors.length, 8, result.stdout);
});
