// The package's .d.ts files, as installed: every export used correctly
// passes `tsc --strict --noEmit` (ES module and CommonJS); wrong uses fail it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('../', import.meta.url));
const tsc = (...files) =>
  spawnSync(
    process.execPath,
    [`${process.env.TELNYX_REPO}/node_modules/typescript/bin/tsc`, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--lib', 'es2022,dom,dom.iterable', ...files],
    { cwd: app, encoding: 'utf8' },
  );

test('every export and method, from import and from require, passes tsc --strict', () => {
  const result = tsc('types/usage.ts', 'types/usage.cts');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('an unknown option, wrong option types and a wrong status fail tsc', () => {
  const result = tsc('types/wrong.ts');
  const errors = result.stdout.split('\n').filter((line) => line.includes('error TS'));
  assert.equal(errors.length, 4, result.stdout);
});
