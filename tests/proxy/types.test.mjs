// telnyx-wasm/proxy's .d.ts, as installed: usage passes `tsc --strict`, mistakes fail it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { tsc as check } from '../lib/tsc.mjs';

const app = fileURLToPath(new URL('./', import.meta.url));
const tsc = (files) => check(files, { cwd: app, lib: 'es2022,dom,dom.iterable' });

test('a Worker, a node:http listener and a route handler using the proxy pass tsc --strict', () => {
  const result = tsc('types/usage.ts');
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('wrong options fail tsc, one error each', () => {
  const result = tsc('types/wrong.ts');
  assert.equal(result.errors.length, 5, result.stdout);
});
