// Helpers of the compatibility suite: a row's programs (in their own process
// groups, through tests/lib), a static file server, a page in headless
// Chromium, and what every row must report, read from the mock's state.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withPage } from '../lib/chromium.mjs';
import { run as runToEnd, start } from '../lib/process.mjs';

export const MOCK = process.env.TELNYX_MOCK_URL;
export const WORK = process.env.COMPAT_WORK;
if (!MOCK || !WORK) throw new Error('run the suite with tests/compat/run.sh (TELNYX_MOCK_URL and COMPAT_WORK)');
export const BASE_URL = `${MOCK}/v2`;
export const API_KEY = 'KEY0123456789_compat_secret';
export const BIN = join(WORK, 'node_modules', '.bin');
const ROWS = fileURLToPath(new URL('./rows/', import.meta.url));

// What every program of a row runs with: the pinned tools first on PATH, no telemetry, no colour.
const ROW_ENV = {
  PATH: `${BIN}:${process.env.PATH}`,
  NEXT_TELEMETRY_DISABLED: '1',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  DO_NOT_TRACK: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  BROWSER: 'none',
};

/** Runs a command to its end in its own process group (killed after `timeout` ms); rejects on a non-zero exit. */
export async function run(cmd, args, { cwd, env, timeout = 300_000, allowFail = false } = {}) {
  const { code, printed } = await runToEnd(cmd, args, { cwd, env: { ...ROW_ENV, ...env }, timeoutMs: timeout, allowFail });
  return { code, out: printed };
}

/** Runs a row's script and returns the JSON it printed on its last `RESULT ` line. */
export async function result(cmd, args, options) {
  const { out } = await run(cmd, args, options);
  const line = out.split('\n').reverse().find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no RESULT line from ${cmd} ${args.join(' ')}:\n${out.slice(-6000)}`);
  return JSON.parse(line.slice('RESULT '.length));
}

export { freePort } from '../lib/process.mjs';

/** A long-running server (dev server, wrangler, next start), ready once `url` answers; `log()` is its output. */
export async function serve(cmd, args, url, { cwd, env, timeout = 120_000 } = {}) {
  const server = await start(cmd, args, { cwd, env: { ...ROW_ENV, ...env }, readyUrl: url, timeoutMs: timeout });
  return { stop: server.stop, log: server.printed };
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Serves `root` on 127.0.0.1 (a directory's index.html for its path); resolves to its origin and a stop function. */
export function staticServer(root) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) return res.writeHead(403).end();
    try {
      if (statSync(path).isDirectory()) path = join(path, 'index.html');
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() }),
    ),
  );
}

/**
 * Opens `url` (the mock's URL added as `?mock=`) in a fresh headless
 * Chromium and returns the page's `window.__result` with its console lines.
 */
export async function pageResult(url, { screenshot } = {}) {
  return withPage(async (page, lines) => {
    const target = new URL(url);
    target.searchParams.set('mock', MOCK);
    await page.goto(target.href);
    await page.waitForFunction(() => window.__result, null, { timeout: 60_000 }).catch(() => {});
    const out = await page.evaluate(() => window.__result);
    if (screenshot && process.env.TELNYX_ARTIFACTS) {
      mkdirSync(process.env.TELNYX_ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(process.env.TELNYX_ARTIFACTS, `compat-${screenshot}.png`) }).catch(() => {});
    }
    return { out, console: lines.join('\n') };
  });
}

/** What every row's scenario (rows/shared/scenario.mjs) must report. */
export async function expected() {
  const res = await fetch(`${MOCK}/__admin/state?full=true`);
  const { data } = await res.json();
  return {
    listed: data.accounts.filter((a) => a.status !== 'cancelled').length,
    retrieved: true,
    notFound: [true, 404],
  };
}

/**
 * A fresh directory for a row in the work directory, whose node_modules (the
 * pinned tools and the installed tarball) it resolves from: rows/shared (the
 * scenario, the Node scripts, the page), then rows/<from> if there is one,
 * and scenario.cjs and flows.cjs made from their .mjs.
 */
export function prepare(name, from = name) {
  const dir = join(WORK, 'rows', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROWS, 'shared'), dir, { recursive: true });
  if (existsSync(join(ROWS, from))) cpSync(join(ROWS, from), dir, { recursive: true });
  for (const [fn, declaration] of [['scenario', 'async function'], ['flows', 'function']]) {
    const source = readFileSync(join(dir, `${fn}.mjs`), 'utf8');
    writeFileSync(
      join(dir, `${fn}.cjs`),
      source.replace(`export ${declaration} ${fn}`, `${declaration} ${fn}`) + `module.exports = { ${fn} };\n`,
    );
  }
  return dir;
}

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const RUNNERS_SECTION = '## Testing with telnyx-mock in your test runner\n';

/**
 * Writes into `dir` the files of the top README's "### <heading>" under its
 * test-runner section: each ```js block whose first line names a file
 * (`// accounts.test.mjs: ...`). Returns the names written.
 */
export function readmeFiles(heading, dir) {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(RUNNERS_SECTION);
  if (start < 0) throw new Error(`README.md has no section ${RUNNERS_SECTION.trim()}`);
  const section = readme.slice(start + RUNNERS_SECTION.length).split(/^## /m)[0];
  const part = section.split(/^### /m).find((p) => p.startsWith(`${heading}\n`));
  if (!part) throw new Error(`README.md's test-runner section has no "### ${heading}"`);
  const names = [];
  for (const [, code] of part.matchAll(/^```js\n([\s\S]*?)^```$/gm)) {
    const name = /^\/\/ ([\w.-]+\.[cm]?js)\b/.exec(code)?.[1];
    if (!name) continue;
    writeFileSync(join(dir, name), code);
    names.push(name);
  }
  if (!names.length) throw new Error(`README.md's "### ${heading}" has no file`);
  return names;
}

/**
 * The tests a runner's report counts: a TAP file (node --test) by its
 * summary, or Jest's JSON (Jest, and Vitest's json reporter) by each test's
 * status, with the full names of those that passed and failed.
 */
export function tally(file) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.tap')) {
    const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { passed: count('pass'), failed: count('fail'), other: count('skipped') + count('todo') + count('cancelled') };
  }
  const report = JSON.parse(text);
  const by = (status) => report.testResults.flatMap((f) => f.assertionResults.filter((t) => t.status === status).map((t) => t.fullName));
  const all = report.testResults.flatMap((f) => f.assertionResults).length;
  const passed = by('passed');
  const failed = by('failed');
  // A test file that could not load has no tests: Jest and Vitest mark the file failed.
  const broken = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'));
  return { passed: passed.length, failed: failed.length + broken.length, other: all - passed.length - failed.length, names: { passed, failed } };
}
