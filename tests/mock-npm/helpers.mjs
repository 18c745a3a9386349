// Shared by the Node tests: the official SDK (from the repository's
// node_modules), and tests/lib's free ports and programs started in their own
// process group.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const REPO = process.env.TELNYX_REPO;
if (!REPO) throw new Error('TELNYX_REPO is not set: run the tests with tests/mock-npm/run.sh');

export const Official = (await import(pathToFileURL(createRequire(`${REPO}/package.json`).resolve('telnyx')).href)).default;

export { freePort, start, wranglerDev } from '../lib/process.mjs';
