// Renders the client section of RELIABILITY.md from what the suite measured:
// <dir>/matrix.json, promises.json and official.json (written by the tests) and
// <dir>/tap.txt (node --test's TAP report, for the counts of every test run,
// tests/npm's bad-input and pagination tests included).
//
//   node tests/reliability/render.mjs <dir> [RELIABILITY.md]
//
// Writes <dir>/client.md; given a file, also replaces (or appends) the block
// between the npm-client markers in it, leaving the rest of the file as it is.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { FAULTS, KINDS, KIND_LABELS, MODES, TIMEOUT_MS } from './faults.mjs';

const [dir, target] = process.argv.slice(2);
if (!dir) throw new Error('usage: node render.mjs <results dir> [RELIABILITY.md]');

const BEGIN = '<!-- BEGIN npm-client: written by `make reliability-report`; the rest of this file is not -->';
const END = '<!-- END npm-client -->';

const matrix = JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8'));
const promises = JSON.parse(readFileSync(join(dir, 'promises.json'), 'utf8'));
const official = JSON.parse(readFileSync(join(dir, 'official.json'), 'utf8'));
const tap = readFileSync(join(dir, 'tap.txt'), 'utf8');

// ------------------------------------------------------------ facts from the TAP report

const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? NaN);
const totals = { tests: count('tests'), pass: count('pass'), fail: count('fail') };
/** The `ok`/`not ok` line of a test whose name matches `pattern`. */
function tapTest(pattern) {
  const line = tap.split('\n').find((l) => /^\s*(not )?ok \d+ - /.test(l) && pattern.test(l));
  if (!line) throw new Error(`no test matching ${pattern} in the TAP report`);
  return { passed: !/^\s*not ok/.test(line), name: line.replace(/^\s*(not )?ok \d+ - /, '').trim() };
}
const badInputs = tapTest(/\d+ bad inputs each reject with ValidationError and send nothing/);
const badInputCount = Number(badInputs.name.match(/^(\d+)/)[1]);
const pagination = tapTest(/iterating 2,000 accounts while 10 % of requests fail transiently/);

// ------------------------------------------------------------ context

const repo = process.env.TELNYX_REPO ?? process.cwd();
const git = (...args) => {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const require = createRequire(import.meta.url);
let version = 'unknown';
try {
  version = require('telnyx-wasm/package.json').version;
} catch {}

// ------------------------------------------------------------ tables

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
function cell(r) {
  if (!r) return 'not run';
  const tries = `${r.attempts} ${r.attempts === 1 ? 'request' : 'requests'}`;
  const created = r.created === undefined ? '' : `, ${r.created} created`;
  if (r.ok) return `ok, ${tries}${created}, ${seconds(r.elapsedMs)}`;
  const status = r.status === undefined ? '' : ` ${r.status}`;
  const unknown = r.outcomeUnknown ? ', outcome unknown' : '';
  return `**${r.className}${status}**, ${tries}${unknown}${created}, ${seconds(r.elapsedMs)}`;
}

function matrixTable(mode) {
  const rows = [`| fault | ${KINDS.map((k) => KIND_LABELS[k]).join(' | ')} |`, `|---|${KINDS.map(() => '---|').join('')}`];
  for (const fault of FAULTS) {
    const cells = KINDS.map((kind) => cell(matrix.find((r) => r.mode === mode && r.fault === fault.id && r.kind === kind)));
    rows.push(`| ${fault.label} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

const ms = (value) => (value === undefined ? 'not measured' : `${value} ms`);
const expectedCases = FAULTS.length * KINDS.length * Object.keys(MODES).length;
const passed = totals.fail === 0 && matrix.length === expectedCases;

const lines = [
  BEGIN,
  '## The npm client under faults (telnyx-wasm)',
  '',
  'Written by `make reliability-report` (tests/reliability/run.sh, then tests/reliability/render.mjs);',
  'do not edit by hand. `make test` runs the same suite (`make test-reliability`) and writes this',
  'section to `artifacts/reliability/client.md` without touching this file.',
  '',
  `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; commit ${git('rev-parse', '--short', 'HEAD')}; telnyx-wasm ${version} installed from its packed tarball; Node ${process.versions.node}`,
  '- Server: telnyx-mock (`--port 0`, default seed; a second one with `--api-key` for the secrets tests)',
  `- Result: ${totals.pass} of ${totals.tests} tests passed, ${totals.fail} failed${passed ? '' : ' (**the suite did not pass**)'}`,
  `- Faults tried: ${FAULTS.length} faults × ${KINDS.length} kinds of call × ${Object.keys(MODES).length} modes = ${matrix.length} cases (of ${expectedCases})`,
  `- Bad inputs tried: ${badInputCount}, each rejected with \`ValidationError\` and nothing sent (tests/npm/node/validation.test.mjs: ${badInputs.passed ? 'pass' : 'FAIL'})`,
  '',
  '### Fault matrix',
  '',
  'Each case resets the mock, adds one fault rule for the call, makes the call on a fresh client',
  `(timeout ${TIMEOUT_MS} ms per attempt unless the fault says otherwise), and checks the outcome written`,
  'in tests/reliability/faults.mjs: the result, or the error class, `status`, `requestID` (that of the',
  "last request in the mock's log), the parsed Telnyx error codes and the message; the number of requests",
  "in the mock's log; for creates, how many accounts with the call's name exist; and that each retry waited",
  'as the fault asked. Then the faults are removed and the same client makes the same call again, which',
  'must succeed. A list walks 33 accounts at 10 a page (4 requests when nothing fails); its fault hits',
  'page 2. Cells: outcome, requests the mock received for the call, time the call took.',
  '',
];
for (const [mode, { label, maxRetries, times }] of Object.entries(MODES)) {
  lines.push(`#### When ${label} (fault fires ${times === 1 ? 'once' : `up to ${times} times`}; client \`maxRetries: ${maxRetries}\`)`, '', matrixTable(mode), '');
}
lines.push(
  "\"Outcome unknown\": the error's message says the create may have been carried out and was not repeated",
  'because repeating it could create a duplicate, and suggests an `Idempotency-Key`. With a key the client',
  'retries, and the mock replays the first outcome.',
  '',
  '### Promises',
  '',
  '| promise | how it is tested | measured |',
  '|---|---|---|',
  '| No duplicate managed account | create committed, then its reply lost (503 or dropped connection, `after_commit`): without a key, not repeated and "outcome unknown"; with a key (option or header), retried, replayed by the mock (`replayed: true` in its log) | exactly 1 account afterwards in all 4 tests |',
  `| Abort is immediate | abort during a 30 s backoff wait, a request answered 10 s late, a stalled body, a \`for await\` walk waiting between pages | ${ms(promises.abortDuringBackoffMs)}, ${ms(promises.abortDuringSlowRequestMs)}, ${ms(promises.abortDuringStalledBodyMs)}, ${ms(promises.abortDuringListWalkMs)} from \`abort()\` to \`APIUserAbortError\` (limit 50 ms) |`,
  `| Timeouts cover the whole call, within the retry budget | a body that stalls after the headers (timeout 300 ms, maxRetries 2: budget 900 ms); a body trickling a byte every 50 ms (timeout 400 ms); answers always 5 s late (timeout 500 ms, maxRetries 2: budget 1500 ms); a persistent 503 with maxRetries 0, 1, 3, 5 | stalled: ${promises.stalledBodyAttempts} requests in ${ms(promises.stalledBodyElapsedMs)}; trickling: ${ms(promises.tricklingBodyElapsedMs)}; late: ${promises.lateAnswersAttempts} requests in ${ms(promises.lateAnswersElapsedMs)}; 503: exactly maxRetries + 1 requests |`,
  `| Server waits are capped | a 429 asking for an hour as \`retry-after: 3600\`, an HTTP date, \`retry-after-ms\`, \`x-ratelimit-reset\` (the cap is 60 s); a 429 asking for 10 s when the call's budget is 3 x 1 s | each fails after 1 request with \`RateLimitError\` whose \`retryAfterMs\` is the server's wait (3600000, or 10000), in ${Object.entries(
    promises,
  )
    .filter(([k]) => k.startsWith('cappedWait'))
    .map(([, v]) => `${v}`)
    .join(', ')} ms and ${ms(promises.waitPastBudgetMs)} |`,
  `| Pagination loses nothing | tests/npm: 2,000 accounts at 100 a page while every 10th page request fails | ${pagination.passed ? 'pass' : 'FAIL'} |`,
  `| Hostile input | tests/npm: ${badInputCount} bad inputs across the methods | ${badInputs.passed ? 'pass' : 'FAIL'}: each a \`ValidationError\`, the mock's log empty, the client working after |`,
  '| Secrets stay secret | a distinctive key against a mock that accepts only it; 10 kinds of error (API, decode, dropped, not found, refused, timeout, abort, validation, bad key, browser guard): message, stack, `JSON.stringify`, `util.inspect` with hidden properties, cause; the client and `withOptions` copies; a program that logs its client and errors and dies of an unhandled rejection | the key (or its tail) appears in none |',
  '',
  '### Side by side with the official SDK',
  '',
  'The same script, fault and mock, run once with each package in a child process',
  '(tests/reliability/official.test.mjs; the official `telnyx` is the workspace\'s pinned 7.24.0).',
  'A run still going at its deadline is stopped. "After N ms" counts from the start of the script, so it',
  'includes the first call\'s module load; abort latencies count from `abort()`. Bold: the flaw.',
  '',
  '| scenario | telnyx-wasm | official `telnyx` |',
  '|---|---|---|',
  ...official.map((r) => `| ${r.scenario} | ${r['telnyx-wasm']} | ${r['official telnyx']} |`),
  '',
  END,
);
const section = `${lines.join('\n')}\n`;
writeFileSync(join(dir, 'client.md'), section);
console.log(`wrote ${join(dir, 'client.md')}`);

if (target) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '# Reliability\n';
  const start = current.indexOf(BEGIN.slice(0, BEGIN.indexOf(':')));
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END.length + 1) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(target, next);
  console.log(`updated ${target}`);
}
if (!passed) process.exitCode = 1;
