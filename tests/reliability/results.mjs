// Where the suite leaves its measurements: $TELNYX_ARTIFACTS/reliability/<name>.json,
// read by render.mjs to write the client section of RELIABILITY.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(process.env.TELNYX_ARTIFACTS ?? 'artifacts', 'reliability');

export function writeResults(name, data) {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
}
