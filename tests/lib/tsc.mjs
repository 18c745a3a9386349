// The TypeScript check the suites run on their usage and mistake files:
// `tsc --strict --noEmit` for Node's module resolution, from the repository's typescript.

import { spawnSync } from 'node:child_process';

/** Runs tsc on `files` from `cwd`; the result has `status`, `stdout`, `stderr` and the `errors` lines. */
export function tsc(files, { cwd, lib = 'es2022,dom,dom.iterable,esnext.asynciterable' }) {
  const result = spawnSync(
    process.execPath,
    [
      `${process.env.TELNYX_REPO}/node_modules/typescript/bin/tsc`,
      '--strict', '--noEmit',
      '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', lib,
      ...[files].flat(),
    ],
    { cwd, encoding: 'utf8' },
  );
  return { ...result, errors: result.stdout.split('\n').filter((line) => line.includes('error TS')) };
}
