// `make bench-mock-npm`: the telnyx-mock npm package's section of
// ../BENCHMARKS.md. Pages through 10,000 accounts (250 a page) with
// mock.fetch in-process and with the Rust program over loopback, both with a
// bare fetch loop and with telnyx-wasm's `for await`; and the package's size.
// Rewrites only the text between its two markers (appended when absent).
//
//   BENCH_MOCK=target/fast/telnyx-mock BENCH_MOCK_PKG=mock-server/npm/pkg BENCH_PKG=crates/telnyx-wasm/pkg \
//   BENCH_OUT=BENCHMARKS.md node bench/mock-npm.mjs

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const { BENCH_MOCK, BENCH_MOCK_PKG, BENCH_PKG, BENCH_OUT } = process.env;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ACCOUNTS = 10_000;
const BEGIN = '<!-- telnyx-mock npm: written by bench/mock-npm.mjs -->';
const END = '<!-- /telnyx-mock npm -->';

const { createMock } = await import(pathToFileURL(join(BENCH_MOCK_PKG, 'index.js')).href);
const Telnyx = (await import(pathToFileURL(join(BENCH_PKG, 'node.js')).href)).default;

/** The Rust program on a free loopback port, in its own process group. */
async function startProgram() {
  const child = spawn(BENCH_MOCK, ['--host', '127.0.0.1', '--port', '0', '--accounts', String(ACCOUNTS), '--quiet'], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (found) resolve(found[0]);
    });
    child.on('exit', (code) => reject(new Error(`telnyx-mock exited with ${code}`)));
  });
  return { url, stop: () => process.kill(-child.pid, 'SIGTERM') };
}

/** Every page with a bare fetch loop; returns how many accounts it saw. */
async function bareLoop(fetch, base) {
  let seen = 0;
  for (let page = 1; ; page++) {
    const body = await (await fetch(`${base}/managed_accounts?page[number]=${page}&page[size]=250`, { headers: { authorization: 'Bearer k' } })).json();
    seen += body.data.length;
    if (page >= body.meta.total_pages) return seen;
  }
}

async function clientLoop(fetch, base) {
  const client = new Telnyx({ apiKey: 'k', baseURL: base, fetch });
  let seen = 0;
  for await (const account of client.managedAccounts.list({ 'page[size]': 250 })) if (account.id) seen++;
  return seen;
}

/** Median wall time of RUNS runs after one warm-up, in ms. */
async function median(run) {
  if ((await run()) !== ACCOUNTS) throw new Error('the loop did not see every account');
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const started = performance.now();
const mock = createMock({ accounts: ACCOUNTS });
const createMs = performance.now() - started;
const program = await startProgram();
let rows;
try {
  const loop = { inBare: await median(() => bareLoop(mock.fetch, 'http://telnyx-mock.test/v2')) };
  loop.httpBare = await median(() => bareLoop(fetch, `${program.url}/v2`));
  loop.inClient = await median(() => clientLoop(mock.fetch, 'http://telnyx-mock.test/v2'));
  loop.httpClient = await median(() => clientLoop(fetch, `${program.url}/v2`));
  rows = loop;
} finally {
  program.stop();
}

// The package as npm ships it: the packed tarball, and what each runtime loads.
const dir = mkdtempSync(join(tmpdir(), 'telnyx-mock-pack-'));
const tarball = join(dir, execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: BENCH_MOCK_PKG, encoding: 'utf8' }).trim());
const tgz = readFileSync(tarball).length;
rmSync(dir, { recursive: true, force: true });
const gz = (...files) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(BENCH_MOCK_PKG, f)), { level: 9 }).length, 0);
const raw = (...files) => files.reduce((sum, f) => sum + readFileSync(join(BENCH_MOCK_PKG, f)).length, 0);
const js = ['mock.js', 'loader.js', 'telnyx_mock_wasm.js'];
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const ms = (n) => `${n.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

const section = `${BEGIN}
## The telnyx-mock npm package

Measured by \`make bench-mock-npm\` (bench/mock-npm.mjs) on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, node ${process.version}:
${ACCOUNTS} accounts, 250 a page (40 pages), median of ${RUNS} runs after a warm-up, one Node process. In-process is
\`createMock({ accounts: ${ACCOUNTS} }).fetch\`; loopback is the Rust program (\`telnyx-mock --accounts ${ACCOUNTS}\`, fast
profile) over 127.0.0.1 with Node's fetch. \`createMock\` itself (${ACCOUNTS} accounts seeded, module compiled) took ${ms(createMs)}.

| loop | in-process \`mock.fetch\` | the program over loopback | in-process / loopback |
|---|---|---|---|
| bare \`fetch\` of each page, \`.json()\` | ${ms(rows.inBare)} | ${ms(rows.httpBare)} | ${ratio(rows.inBare, rows.httpBare)} |
| telnyx-wasm \`for await\` over \`managedAccounts.list\` | ${ms(rows.inClient)} | ${ms(rows.httpClient)} | ${ratio(rows.inClient, rows.httpClient)} |

| package file(s) | raw | gzip (level 9) |
|---|---|---|
| the tarball \`npm pack\` makes | — | ${kb(tgz)} |
| \`telnyx_mock_wasm_bg.wasm\` (the engine; Workers load this) | ${kb(raw('telnyx_mock_wasm_bg.wasm'))} | ${kb(gz('telnyx_mock_wasm_bg.wasm'))} |
| \`telnyx_mock_wasm_bg.wasm.js\` (the same, base64, for Node and pages) | ${kb(raw('telnyx_mock_wasm_bg.wasm.js'))} | ${kb(gz('telnyx_mock_wasm_bg.wasm.js'))} |
| JS: ${js.map((f) => `\`${f}\``).join(', ')} | ${kb(raw(...js))} | ${kb(gz(...js))} |
${END}`;

const current = existsSync(BENCH_OUT) ? readFileSync(BENCH_OUT, 'utf8') : '';
const at = current.indexOf(BEGIN);
const next = at >= 0 ? current.slice(0, at) + section + current.slice(current.indexOf(END) + END.length) : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(BENCH_OUT, next);
console.log(section);
