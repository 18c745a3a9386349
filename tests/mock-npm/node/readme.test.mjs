// The README's Node example (as the package ships it) runs and passes, with
// the official SDK it names and with telnyx-wasm.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(`${app}node_modules/telnyx-mock/README.md`, 'utf8');
const example = /### In-process, in a Node test\n[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)[1];

for (const [sdk, source] of [['the official SDK', example], ['telnyx-wasm', example.replace(/from 'telnyx';.*$/m, "from 'telnyx-wasm';")]]) {
  test(`the README's Node test passes with ${sdk}`, () => {
    const file = `${app}readme-example-${sdk.length}.test.mjs`;
    writeFileSync(file, source);
    try {
      // A test run of its own, not reported into this one.
      const { NODE_TEST_CONTEXT, ...env } = process.env;
      const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: app, encoding: 'utf8', env });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^# pass 1$/m);
    } finally {
      rmSync(file, { force: true });
    }
  });
}
