// The package's .d.ts files, as installed: every export used correctly
// passes `tsc --strict --noEmit` (ES module and CommonJS); wrong uses fail it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { tsc as check } from '../../lib/tsc.mjs';

const app = fileURLToPath(new URL('../', import.meta.url));
const tsc = (files) => check(files, { cwd: app, lib: 'es2022,dom,dom.iterable' });

test('every export and method, from import and from require, passes tsc --strict', () => {
  const result = tsc(['types/usage.ts', 'types/usage.cts']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('an unknown option, wrong option types and a wrong status fail tsc', () => {
  const result = tsc('types/wrong.ts');
  assert.equal(result.errors.length, 4, result.stdout);
});
