// Writes the proxy's section of RELIABILITY.md from the matrix the hostile
// test wrote (proxy-matrix.md), between its BEGIN/END markers (added at the
// end of the file the first time).
//
//   node tests/proxy/render.mjs <proxy-matrix.md> [RELIABILITY.md]

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [matrix, target = 'RELIABILITY.md'] = process.argv.slice(2);
if (!matrix) throw new Error('usage: node render.mjs <proxy-matrix.md> [RELIABILITY.md]');
const BEGIN = '<!-- BEGIN proxy-matrix: written by `make proxy-report`; the rest of this file is not -->';
const END = '<!-- END proxy-matrix -->';
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const section = [
  BEGIN,
  '## The key-holding proxy under hostile requests (telnyx-wasm/proxy)',
  '',
  'Written by `make proxy-report` (tests/proxy/run.sh, then tests/proxy/render.mjs); do not edit by hand.',
  '`make test` runs the same matrix (`make test-proxy`, tests/proxy/hostile.test.mjs) and writes it to',
  '`artifacts/proxy-matrix.md`. Each case goes to `createProxy` on node:http, installed from the packed',
  'tarball, in front of telnyx-mock `--api-key` (it answers only the proxy\'s key); what reached the',
  'upstream is counted from the mock\'s `GET /__admin/requests` before and after each case.',
  '',
  `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; commit ${commit}; Node ${process.versions.node}`,
  `- ${readFileSync(matrix, 'utf8').trim()}`,
  END,
].join('\n');
const text = readFileSync(target, 'utf8');
const at = text.indexOf(BEGIN);
const out = at < 0 ? `${text.trimEnd()}\n\n${section}\n` : text.slice(0, at) + section + text.slice(text.indexOf(END, at) + END.length);
writeFileSync(target, out);
console.log(`wrote the proxy section of ${target}`);
