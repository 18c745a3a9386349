// The package's .d.ts, as installed: a file using every method, the error
// classes and `for await` passes `tsc --strict --noEmit`; wrong calls fail it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { tsc as check } from '../../lib/tsc.mjs';

const app = fileURLToPath(new URL('../', import.meta.url));
const tsc = (files) => check(files, { cwd: app });

test('a file using every method, the error classes and for await passes tsc --strict', () => {
  const result = tsc('types/usage.ts');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('wrong argument types and unknown options fail tsc', () => {
  const result = tsc('types/wrong.ts');
  assert.notEqual(result.status, 0);
  assert.equal(result.errors.length, 8, result.stdout);
});
