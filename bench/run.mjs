// `make bench`: every measurement of issue 6, side by side in one run, written
// to BENCHMARKS.md. Inputs come from the environment (mk/bench.mk sets them):
//
//   BENCH_MOCK     the telnyx-mock binary (built with --profile fast)
//   BENCH_BARE     the bare-hyper binary (bench/tools)
//   BENCH_PKG      the built npm package directory (crates/telnyx-wasm/pkg)
//   BENCH_FLOOR    bench/floor's built module (row 5′'s floor), optional
//   BENCH_PRISM    Prism's CLI (bench/prism/node_modules/.bin/prism), optional
//   BENCH_TWIGGY   twiggy, optional
//   BENCH_WASM_NAMES  a name-bearing build of the module for twiggy, optional
//   BENCH_OUT      where to write the report (BENCHMARKS.md)
//   BENCH_QUICK=1  fewer and shorter runs, to check the harness itself
//
// Times are medians over several runs; the variants of a row alternate inside each
// process, a fresh process per round (driverSeries). Ratios are
// taken between numbers measured in this same run.

import { mkdirSync, writeFileSync, readFileSync, readdirSync, copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { builtinModules } from 'node:module';
import { spawnSync } from 'node:child_process';
import { startServer, median, fmt, ratio, memoryMiB, runNode, sh } from './js/lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
// A directory per run: two runs at once (say, while someone checks a change) must not
// wipe each other's installed package. Removed at the end; results.json is kept one level up.
const workRoot = join(here, '.work');
const work = join(workRoot, `run-${process.pid}`);
const runDir = join(work, 'run');
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const R = quick
  ? { rounds: 1, iterRuns: 2, retrieveRuns: 1, retrieveCount: 300, coldRuns: 5, wrkRuns: 1, wrkSecs: 2 }
  : { rounds: 5, iterRuns: 2, retrieveRuns: 2, retrieveCount: 2000, coldRuns: 20, wrkRuns: 3, wrkSecs: 8 };
const MOCK = env.BENCH_MOCK;
const BARE = env.BENCH_BARE;
const PKG = env.BENCH_PKG ?? join(root, 'crates/telnyx-wasm/pkg');
const FLOOR = env.BENCH_FLOOR && existsSync(join(env.BENCH_FLOOR, 'floor_bg.wasm')) ? env.BENCH_FLOOR : null;
const OUT = env.BENCH_OUT ?? join(root, 'BENCHMARKS.md');
const ACCOUNTS = 10_000;
const LATENCY_MS = Number(env.BENCH_LATENCY_MS ?? 20);
const log = (...a) => console.error('bench:', ...a);
const notes = [];

function need(path, what) {
  if (!path || !existsSync(path)) throw new Error(`${what} not found at ${path ?? '(unset)'}`);
  return path;
}

// ------------------------------------------------------------ setup

function prepareRunDir() {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(join(runDir, 'cold'), { recursive: true });
  copyFileSync(join(here, 'js/driver.mjs'), join(runDir, 'driver.mjs'));
  for (const f of readdirSync(join(here, 'js/cold'))) copyFileSync(join(here, 'js/cold', f), join(runDir, 'cold', f));
}

/** Packs the built package and installs the tarball, as a user would (`npm install telnyx-wasm-x.tgz`). */
function installPackage() {
  need(join(PKG, 'package.json'), 'the built npm package (make npm)');
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work, PKG]))[0];
  const tgz = join(work, packed.filename);
  writeFileSync(
    join(runDir, 'package.json'),
    JSON.stringify({ name: 'telnyx-bench-run', private: true, type: 'module', dependencies: { 'telnyx-wasm': `file:${tgz}` } }),
  );
  sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], { cwd: runDir });
  const pkg = JSON.parse(readFileSync(join(runDir, 'node_modules/telnyx-wasm/package.json'), 'utf8'));
  return { version: pkg.version, tarball: basename(tgz), tarballBytes: statSync(tgz).size, unpacked: packed.unpackedSize };
}

// ------------------------------------------------------------ 1. Worker bundle size

const WORKER_SOURCE = (importLine) => `${importLine}

// Every account-management call, so that the bundle keeps all 12 methods.
export default {
  async fetch(request, env) {
    const client = new Telnyx({ apiKey: env.TELNYX_API_KEY, baseURL: env.TELNYX_BASE_URL });
    const id = new URL(request.url).searchParams.get('id') ?? '';
    const out = [];
    for await (const account of client.managedAccounts.list({ 'page[size]': 250 })) out.push(account.id);
    out.push(await client.managedAccounts.create({ business_name: 'Acme' }));
    out.push(await client.managedAccounts.retrieve(id));
    out.push(await client.managedAccounts.update(id, { managed_account_allow_custom_pricing: true }));
    out.push(await client.managedAccounts.getAllocatableGlobalOutboundChannels());
    out.push(await client.managedAccounts.updateGlobalChannelLimit(id, { channel_limit: 10 }));
    out.push(await client.managedAccounts.actions.disable(id));
    out.push(await client.managedAccounts.actions.enable(id, { reenable_all_connections: true }));
    for await (const user of client.organizations.users.list({ 'page[size]': 250 })) out.push(user.id);
    out.push(await client.organizations.users.retrieve(id, { include_groups: true }));
    out.push(await client.organizations.users.getGroupsReport());
    out.push(await client.organizations.users.actions.remove(id));
    return Response.json(out);
  },
};
`;

async function bundleSize(name, importLine) {
  const { build } = await import(join(root, 'node_modules/esbuild/lib/main.js'));
  const dir = join(work, 'worker', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = join(runDir, `worker-${name}.mjs`);
  writeFileSync(entry, WORKER_SOURCE(importLine));
  // What wrangler does for a Worker: ESM, browser-ish conditions, .wasm kept as a module file.
  await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    loader: { '.wasm': 'copy' },
    // Node built-ins come from the runtime (nodejs_compat), as wrangler leaves them.
    external: [...builtinModules, 'node:*'],
    outdir: dir,
    logLevel: 'error',
  });
  const files = readdirSync(dir).map((f) => {
    const bytes = readFileSync(join(dir, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (k, pred = () => true) => files.filter(pred).reduce((a, f) => a + f[k], 0);
  const isWasm = (f) => f.file.endsWith('.wasm');
  return {
    files,
    jsRaw: sum('raw', (f) => !isWasm(f)),
    jsGzip: sum('gzip', (f) => !isWasm(f)),
    wasmRaw: sum('raw', isWasm),
    wasmGzip: sum('gzip', isWasm),
    raw: sum('raw'),
    gzip: sum('gzip'),
  };
}

// ------------------------------------------------------------ 2, 3, 5. drivers, variants alternating in fresh processes

/**
 * Every variant of `task`, alternating inside each of `rounds` fresh processes (the
 * order reversed every other round): `{ variant: { median, runs, all, items } }`.
 */
function driverSeries(task, impls, args, rounds = R.rounds, denv = {}) {
  const ms = Object.fromEntries(impls.map((i) => [i, []]));
  const items = {};
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...impls].reverse() : impls;
    const r = runNode(join(runDir, 'driver.mjs'), [task, order.join(','), ...args], { cwd: runDir, env: denv });
    for (const i of impls) {
      ms[i].push(...r.ms[i]);
      items[i] = r.items[i];
    }
  }
  return Object.fromEntries(impls.map((i) => [i, { median: median(ms[i]), runs: ms[i].length, all: ms[i], items: items[i] }]));
}

// ------------------------------------------------------------ 4. cold start

async function coldStart(url, id, haveWasm) {
  const { build } = await import(join(root, 'node_modules/esbuild/lib/main.js'));
  await build({
    entryPoints: [join(runDir, 'cold/official.mjs')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    outfile: join(runDir, 'cold/official-bundle.mjs'),
    logLevel: 'error',
  });
  const variants = [
    ['bare fetch (floor)', 'cold/bare.mjs'],
    ['official, node_modules', 'cold/official.mjs'],
    ['official, bundled (esbuild)', 'cold/official-bundle.mjs'],
  ];
  if (haveWasm) variants.push(['telnyx-wasm, installed tarball', 'cold/wasm.mjs']);
  const benv = { ...env, BENCH_BASE_URL: url, BENCH_ID: id, BENCH_REPORT: '1' };
  // Interleaved: every round runs each variant once, so a change in the machine's load
  // hits all variants alike. Wall time is spawn -> exit as the parent sees it.
  const samples = Object.fromEntries(variants.map(([name]) => [name, { wall: [], import: [], answered: [] }]));
  for (let round = -3; round < R.coldRuns; round++) {
    for (const [name, file] of round % 2 ? [...variants].reverse() : variants) {
      const t = performance.now();
      const res = spawnSync(process.execPath, [join(runDir, file)], { cwd: runDir, env: benv, encoding: 'utf8' });
      const wall = performance.now() - t;
      if (res.status !== 0) throw new Error(`cold start ${name} failed: ${res.stderr}`);
      if (round < 0) continue; // warm-up rounds: page cache, the server's connections
      const split = JSON.parse(res.stdout.trim().split('\n').pop());
      samples[name].wall.push(wall);
      samples[name].import.push(split.import);
      samples[name].answered.push(split.answered);
    }
  }
  const out = {};
  for (const [name] of variants) {
    const x = samples[name];
    out[name] = { wall: median(x.wall), wallRuns: x.wall.length, import: median(x.import), answered: median(x.answered) };
  }
  return out;
}

// ------------------------------------------------------------ 6. the mock under wrk

function parseWrk(text) {
  const unit = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[u] ?? NaN);
  const rps = Number((text.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const p99m = text.match(/\s99%\s+([\d.]+)(us|ms|s)\b/);
  const non2xx = Number((text.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [0, 0])[1]);
  const sock = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return { rps, p99: p99m ? unit(p99m[1], p99m[2]) : NaN, errors: non2xx + socketErrors };
}

function wrk(url) {
  const text = sh('wrk', ['-t2', '-c64', `-d${R.wrkSecs}s`, '--latency', '-H', 'Authorization: Bearer bench-key', url]);
  return parseWrk(text);
}

async function mockThroughput(servers, paths) {
  const res = {};
  for (const s of servers) res[s.name] = {};
  for (const [what] of paths) for (const s of servers) res[s.name][what] = [];
  for (let r = 0; r < R.wrkRuns; r++) {
    for (const [what, pathFor] of paths) {
      for (const s of servers) {
        res[s.name][what].push(wrk(s.url + pathFor(s)));
      }
    }
  }
  const out = {};
  for (const s of servers) {
    out[s.name] = {};
    for (const [what] of paths) {
      const runs = res[s.name][what];
      out[s.name][what] = {
        rps: median(runs.map((x) => x.rps)),
        p99: median(runs.map((x) => x.p99)),
        errors: runs.reduce((a, x) => a + x.errors, 0),
        runs: runs.length,
      };
    }
  }
  return out;
}

// ------------------------------------------------------------ .wasm size

function wasmSize(haveWasm) {
  if (!haveWasm) return null;
  const dir = join(runDir, 'node_modules/telnyx-wasm');
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const files = walk(dir).filter((f) => f.endsWith('.wasm'));
  const size = (f) => {
    const b = readFileSync(f);
    return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  };
  const sizes = files.map((f) => ({ file: f.slice(dir.length + 1), ...size(f) }));
  const floor = FLOOR ? size(join(FLOOR, 'floor_bg.wasm')) : null;
  let twiggy = null;
  const tw = env.BENCH_TWIGGY;
  if (tw && existsSync(tw) && files.length) {
    const named = namedWasm();
    const target = named?.file ?? files[0];
    try {
      twiggy = {
        of: named
          ? `the shipped build re-made with its names kept (wasm-bindgen, then \`wasm-opt -Oz -g\`): ${kb(named.raw)} raw, ${kb(named.gzip)} gzip with the name section`
          : `${sizes[0].file} as shipped (names stripped)`,
        top: sh(tw, ['top', '-n', '25', target]).trimEnd(),
      };
    } catch (e) {
      twiggy = { of: basename(target), top: `twiggy failed: ${e.message}` };
    }
  } else {
    notes.push('twiggy is not installed: no breakdown of the module.');
  }
  return { sizes, twiggy, floor };
}

/**
 * The shipped module has no names, so twiggy could only say `code[123]`. Re-run the
 * last two build steps on cargo's output with names kept: same code, readable breakdown.
 */
function namedWasm() {
  const src = env.BENCH_WASM_CARGO;
  if (!src || !existsSync(src)) return null;
  try {
    const dir = join(work, 'named');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    sh('wasm-bindgen', ['--target', 'web', '--out-dir', dir, '--out-name', 'named', src]);
    const file = join(dir, 'named_opt.wasm');
    sh(join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', '-g', join(dir, 'named_bg.wasm'), '-o', file]);
    const b = readFileSync(file);
    return { file, raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  } catch (e) {
    notes.push(`could not re-make a named module for twiggy: ${e.message.split('\n')[0]}`);
    return null;
  }
}

// ------------------------------------------------------------ report

// Decimal kilobytes, as the anchors in the issue are quoted.
const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
const ms = (x) => `${fmt(x, x < 10 ? 2 : 1)} ms`;
/** Row 2′: what a walk of `walkMs` costs over the bare walk from memory, per page. */
const perPageOverBare = (r, walkMs) => fmt((walkMs - r.itMem.bare.median) / r.iterPages, 3);
const times = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

function versionOf(cmd, args) {
  try {
    return sh(cmd, args).trim().split('\n')[0];
  } catch {
    return 'not available';
  }
}

function machine() {
  const cpu = os.cpus();
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

function report(r) {
  const L = [];
  const p = (s = '') => L.push(s);
  const { it, pf, rt, cold, bundle, mock } = r;
  p('# Benchmarks');
  p();
  p('Produced by `make bench` (bench/run.mjs); do not edit by hand. Every number below was measured in');
  p('the same run, on the same machine, against the same telnyx-mock binary; times are medians of');
  p('several runs. The variants of a row alternate run after run inside each Node process (one JIT, one');
  p('heap, the same moment of the machine), a fresh process per round, the order reversed every other');
  p('round. Compare ratios, not absolute times: the machine');
  p('has few cores and the load generator shares them with the server and the client.');
  p();
  p(`- Date: ${r.date}${quick ? ' (BENCH_QUICK: shortened runs, for checking the harness only)' : ''}`);
  p(`- Machine: ${r.machine.cpu}, ${r.machine.memory}, ${r.machine.os}; load average at start ${r.machine.load}, at end ${r.loadEnd}`);
  p(`- Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join('; ')}`);
  p(`- Server: \`${r.mockCmd}\` (${r.mockKind})`);
  p();
  p('## Summary');
  p();
  p('| # | measure | telnyx-wasm | official `telnyx` | floor / baseline | target | met |');
  p('|---|---|---|---|---|---|---|');
  const met = (b) => (b === undefined ? '—' : b ? 'yes' : '**no**');
  if (bundle) {
    const w = bundle.wasm;
    const o = bundle.official;
    p(
      `| 1 | Worker bundle, 12 methods, gzip (JS + wasm) | ${w ? `${kb(w.gzip)} (${kb(w.jsGzip)} JS + ${kb(w.wasmGzip)} wasm)` : 'n/a'} | ${kb(o.gzip)} (${kb(o.raw)} minified) | — | ≤ 1.3× official, aim ≤ 1.0× | ${met(w ? w.gzip <= 1.3 * o.gzip : undefined)} ${w ? `(${times(ratio(w.gzip, o.gzip))} official)` : ''} |`,
    );
  }
  if (it) {
    const w = it.wasm?.median;
    p(
      `| 2 | iterate ${r.iterItems} accounts, 250/page, \`for await\` | ${ms(w)} (${times(ratio(w, it.bare.median))} bare) | ${ms(it.official.median)} (${times(ratio(it.official.median, it.bare.median))} bare) | bare fetch loop ${ms(it.bare.median)} | ≤ 1.10× bare and < official | ${met(w === undefined ? undefined : ratio(w, it.bare.median) <= 1.1 && w < it.official.median)} |`,
    );
  }
  if (r.itMem) {
    const m = r.itMem;
    const w = m.wasm?.median;
    const perPage = (x) => `${perPageOverBare(r, x)} ms a page`;
    p(
      `| 2′ | the same, answered from memory (no socket: the SDK's own work) | ${ms(w)} (${times(ratio(w, m.bare.median))} bare; ${w === undefined ? '' : perPage(w)}) | ${ms(m.official.median)} (${times(ratio(m.official.median, m.bare.median))} bare; ${perPage(m.official.median)}) | bare ${ms(m.bare.median)}; with an attempt's platform work in JS ${ms(m['bare-guarded'].median)} (${times(ratio(m['bare-guarded'].median, m.bare.median))}); its items through \`for await\` ${ms(m['bare-for-await'].median)} (${times(ratio(m['bare-for-await'].median, m.bare.median))}) | ≤ 1.10× bare | ${met(w === undefined ? undefined : ratio(w, m.bare.median) <= 1.1)} |`,
    );
  }
  if (pf) {
    const w = pf.wasm?.median;
    p(
      `| 3 | the same with prefetch of the next page | ${w === undefined ? (r.prefetchNote ?? 'n/a') : `${ms(w)} (${times(ratio(w, it.bare.median))} bare sequential)`} | no such option | bare sequential ${ms(it.bare.median)}; bare with prefetch ${ms(pf.bare.median)} | < bare sequential | ${met(w === undefined ? undefined : w < it.bare.median)} |`,
    );
    if (r.itSlow && r.pfSlow) {
      const ws = r.pfSlow.wasm?.median;
      const b = r.itSlow.bare.median;
      p(
        `| 3′ | 2 and 3 with ${LATENCY_MS} ms server latency and ${LATENCY_MS} ms of caller work per page | ${r.itSlow.wasm ? `${ms(r.itSlow.wasm.median)} (${times(ratio(r.itSlow.wasm.median, b))}); prefetch ${ws === undefined ? 'n/a' : `${ms(ws)} (${times(ratio(ws, b))})`}` : 'n/a'} | ${ms(r.itSlow.official.median)} (${times(ratio(r.itSlow.official.median, b))}) | bare sequential ${ms(b)}; bare with prefetch ${ms(r.pfSlow.bare.median)} | prefetch < bare sequential | ${met(ws === undefined ? undefined : ws < b)} |`,
      );
    }
  }
  if (cold) {
    const w = cold['telnyx-wasm, installed tarball'];
    const ob = cold['official, bundled (esbuild)'];
    const on = cold['official, node_modules'];
    const fl = cold['bare fetch (floor)'];
    p(
      `| 4 | cold start in Node, start → first answer (wall) | ${w ? ms(w.wall) : 'n/a'} | ${ms(on.wall)} node_modules; ${ms(ob.wall)} bundled | bare fetch ${ms(fl.wall)} | < official bundled | ${met(w ? w.wall < ob.wall : undefined)} |`,
    );
  }
  if (rt) {
    const per = (i) => rt[i].median / r.retrieveCount;
    const over = (i) => per(i) - per('bare');
    const w = rt.wasm ? over('wasm') : undefined;
    p(
      `| 5 | per-request overhead, retrieve × ${r.retrieveCount} | ${w === undefined ? 'n/a' : `${fmt(w, 3)} ms over bare`} | ${fmt(over('official'), 3)} ms over bare | bare ${fmt(per('bare'), 3)} ms/request | ≤ 0.05 ms over bare | ${met(w === undefined ? undefined : w <= 0.05)} |`,
    );
  }
  if (r.rtMem) {
    const m = r.rtMem;
    const per = (i) => m[i].median / (r.retrieveCount * 5);
    const over = (i) => per(i) - per('bare');
    const w = m.wasm ? over('wasm') : undefined;
    p(
      `| 5′ | the same, answered from memory (no socket: the SDK's own work) | ${w === undefined ? 'n/a' : `${fmt(w, 3)} ms over bare`} | ${fmt(over('official'), 3)} ms over bare | bare ${fmt(per('bare'), 3)} ms/request${m.floor ? `; floor of the named packages ${fmt(over('floor'), 3)} ms over bare, ${fmt(over('floor-guarded'), 3)} ms with an attempt's platform work (${fmt(over('bare-guarded'), 3)} ms when JS does it)` : ''} | ≤ 0.05 ms over bare | ${met(w === undefined ? undefined : w <= 0.05)} |`,
    );
  }
  if (mock) {
    const m = mock.rates;
    const mk = m['telnyx-mock'];
    const bare = m['bare hyper'];
    const prism = m.Prism;
    const half = mk.retrieve.rps >= bare.retrieve.rps / 2 && mk.page.rps >= bare.page.rps / 2;
    const hundred = prism ? mk.retrieve.rps >= 100 * prism.retrieve.rps : undefined;
    p(
      `| 6 | mock at 64 connections: retrieve / 250-item page | ${Math.round(mk.retrieve.rps)} / ${Math.round(mk.page.rps)} req/s | — | bare hyper ${Math.round(bare.retrieve.rps)} / ${Math.round(bare.page.rps)}${prism ? `; Prism ${Math.round(prism.retrieve.rps)} / ${Math.round(prism.page.rps)}` : ''} req/s | ≥ ½ bare; ≥ 100× Prism | ${met(half)}${hundred === undefined ? '' : `; ${met(hundred)}`} |`,
    );
  }
  p();
  if (notes.length) {
    p('Notes:');
    p();
    for (const n of notes) p(`- ${n}`);
    p();
  }

  if (bundle) {
    p('## 1. Worker bundle size');
    p();
    p('A Worker that calls all 12 methods, bundled with esbuild (`--bundle --minify --format=esm`, conditions');
    p('`workerd,worker,browser`, `.wasm` files copied next to the bundle as a Worker ships them); gzip level 9');
    p('of each output file, summed.');
    p();
    p('| package | JS minified | JS gzip | wasm raw | wasm gzip | total gzip | vs official |');
    p('|---|---|---|---|---|---|---|');
    for (const [name, b] of Object.entries({ 'official telnyx': bundle.official, 'telnyx-wasm': bundle.wasm })) {
      if (!b) continue;
      p(`| ${name} | ${kb(b.jsRaw)} | ${kb(b.jsGzip)} | ${b.wasmRaw ? kb(b.wasmRaw) : '—'} | ${b.wasmGzip ? kb(b.wasmGzip) : '—'} | **${kb(b.gzip)}** | ${times(ratio(b.gzip, bundle.official.gzip))} |`);
    }
    p();
  }
  if (r.wasmSize) {
    p('## The .wasm module');
    p();
    p('| file | raw | gzip |');
    p('|---|---|---|');
    for (const s of r.wasmSize.sizes) p(`| ${s.file} | ${kb(s.raw)} (${s.raw} B) | ${kb(s.gzip)} (${s.gzip} B) |`);
    if (r.wasmSize.floor) {
      const f = r.wasmSize.floor;
      p(`| bench/floor's module (an exported async fn awaiting \`fetch\` and \`text()\`; not shipped) | ${kb(f.raw)} (${f.raw} B) | ${kb(f.gzip)} (${f.gzip} B) |`);
    }
    p();
    if (r.pkgInfo) p(`npm tarball ${r.pkgInfo.tarball}: ${kb(r.pkgInfo.tarballBytes)} packed, ${kb(r.pkgInfo.unpacked)} unpacked.`);
    p();
    p('What the named packages cost (module gzip, measured by building the module with and without each on');
    p('2026-12-01, nightly build-std; see crates/telnyx-wasm/README.md): serde-wasm-bindgen\'s serializer 2.5 kB');
    p('(42.8 kB with it, 40.3 kB with the two result objects built by hand); gloo-net\'s `Response` reading ~0 kB;');
    p('gloo-net\'s `RequestBuilder` 1.8 kB (not used); nightly build-std saves 2.9 kB against stable (47.0 kB).');
    p('wasm-bindgen and wasm-bindgen-futures carry the exports and the async call itself.');
    p();
    if (r.wasmSize.twiggy) {
      p(`What takes the bytes (\`twiggy top -n 25\`, on ${r.wasmSize.twiggy.of}):`);
      p();
      p('```text');
      p(r.wasmSize.twiggy.top);
      p('```');
      p();
    }
  }
  if (it) {
    p(`## 2. Iterating ${r.iterItems} managed accounts, 250 a page`);
    p();
    p(`\`for await (const account of client.managedAccounts.list({ 'page[size]': 250 }))\`, against`);
    p(`\`telnyx-mock --accounts ${ACCOUNTS}\`; the floor is a \`fetch\` + \`res.json()\` loop over the same pages.`);
    p(`${R.rounds} fresh processes, each with one warm-up walk of every variant then ${R.iterRuns} timed walks of each, alternating.`);
    p();
    p('| variant | median | × bare | runs |');
    p('|---|---|---|---|');
    const rows = [['bare fetch loop', it.bare], ['official telnyx', it.official], ['telnyx-wasm', it.wasm]];
    if (pf) rows.push(['bare fetch loop, prefetching the next page', pf.bare], ['telnyx-wasm, `{ prefetch: true }`', pf.wasm]);
    for (const [name, x] of rows) if (x) p(`| ${name} | ${ms(x.median)} | ${times(ratio(x.median, it.bare.median))} | ${x.runs} |`);
    p();
    if (r.prefetchNote) p(r.prefetchNote), p();
    if (r.itMem) {
      const m = r.itMem;
      p(`The same walk with \`fetch\` answering from memory (each of the ${r.iterPages} pages read from the mock once, a new`);
      p('`Response` per request), so that no socket or server time is in it: the time over bare is what each SDK');
      p('does itself, per page and per item. The guarded bare loop also makes the AbortController, timer and');
      p('`Headers` that every attempt of both SDKs makes; the `for await` bare loop walks each page\'s items');
      p('through the least async iterator (one resolved promise per item), which any `for await` over a list pays.');
      p();
      p('| variant | median | × bare | per page over bare | runs |');
      p('|---|---|---|---|---|');
      const memRows = [
        ['bare fetch loop', m.bare],
        ['bare, with an attempt\'s platform work in JS', m['bare-guarded']],
        ['bare, its items walked with `for await` (one promise turn each)', m['bare-for-await']],
        ['official telnyx', m.official],
        ['telnyx-wasm', m.wasm],
      ];
      for (const [name, x] of memRows) {
        if (x) p(`| ${name} | ${ms(x.median)} | ${times(ratio(x.median, m.bare.median))} | ${x === m.bare ? '—' : `${perPageOverBare(r, x.median)} ms`} | ${x.runs} |`);
      }
      p();
    }
    if (r.itSlow) {
      p(`With \`--latency-ms ${LATENCY_MS}\` (every answer delayed by ${LATENCY_MS} ms, as a real API's round trip would be) and a caller`);
      p(`that spends ${LATENCY_MS} ms of async work on each page of 250 (the same in every variant, bare loops included),`);
      p(`${Math.min(2, R.rounds)} processes per variant, ${Math.max(1, R.iterRuns - 1)} timed walks each. Prefetching overlaps the next request with that work:`);
      p();
      p('| variant | median | × bare |');
      p('|---|---|---|');
      const b = r.itSlow.bare.median;
      const slowRows = [['bare fetch loop', r.itSlow.bare], ['official telnyx', r.itSlow.official], ['telnyx-wasm', r.itSlow.wasm], ['bare fetch loop, prefetching the next page', r.pfSlow.bare], ['telnyx-wasm, `{ prefetch: true }`', r.pfSlow.wasm]];
      for (const [name, x] of slowRows) if (x) p(`| ${name} | ${ms(x.median)} | ${times(ratio(x.median, b))} |`);
      p();
    }
  }
  if (cold) {
    p('## 4. Cold start in Node');
    p();
    p('Process start → import → client → first `retrieve` answered, then exit. Wall time from spawn to');
    p(`exit as the parent sees it, ${R.coldRuns} rounds after 3 warm-up rounds, each round running every variant once`);
    p('(interleaved, so that the machine\'s load weighs on all alike), median; the split is reported by');
    p('the process itself (`performance.now()` counts from the process time origin).');
    p();
    p('| variant | wall, start → exit | import | start → first answer | vs official bundled |');
    p('|---|---|---|---|---|');
    const ob = cold['official, bundled (esbuild)'];
    for (const [name, c] of Object.entries(cold)) p(`| ${name} | ${ms(c.wall)} | ${name.startsWith('bare') ? '—' : ms(c.import)} | ${ms(c.answered)} | ${times(ratio(c.wall, ob.wall))} |`);
    p();
    p('The bundled official variant parses its whole bundle before the first line runs, so its import');
    p('time shows in "start → first answer", not in "import".');
    p();
  }
  if (rt) {
    p(`## 5. Per-request overhead`);
    p();
    p(`\`retrieve(id)\` ${r.retrieveCount} times in a row, sequentially; overhead = time per request minus the bare`);
    p('`fetch` + `res.json()` loop measured in the same run.');
    p();
    const table = (series, count) => {
      p('| variant | per request | over bare | runs |');
      p('|---|---|---|---|');
      for (const [name, key] of [
        ['bare fetch', 'bare'],
        ['bare fetch with an attempt\'s platform work (AbortController, timer, Headers) in JS', 'bare-guarded'],
        ['floor: `fetch` and `text()` awaited from Rust (bench/floor `retrieve`)', 'floor'],
        ['floor with the same platform work from Rust (bench/floor `retrieveGuarded`)', 'floor-guarded'],
        ['official telnyx', 'official'],
        ['telnyx-wasm', 'wasm'],
      ]) {
        if (!series[key]) continue;
        const per = series[key].median / count;
        p(`| ${name} | ${fmt(per, 3)} ms | ${key === 'bare' ? '—' : `${fmt(per - series.bare.median / count, 3)} ms`} | ${series[key].runs} |`);
      }
      p();
    };
    table(rt, r.retrieveCount);
    if (r.rtMem) {
      p(`The same loop, ${r.retrieveCount * 5} times, with \`fetch\` answering from memory (the mock's retrieve answer`);
      p('read once, a new `Response` per request): no socket and no server, so the time over bare is what the');
      p('SDK itself does per request.');
      if (r.rtMem.floor) {
        p();
        p('The floor rows are bench/floor, a module built like the package\'s (the same wasm-bindgen and');
        p('wasm-bindgen-futures, the same toolchain and wasm-opt) that does no SDK work: an exported `async fn`');
        p('awaits `fetch` and `text()` and calls `JSON.parse`; its guarded form also makes the AbortController,');
        p('timer and four-header `Headers` that every attempt of telnyx-wasm and of the official SDK makes. What');
        p('telnyx-wasm costs above the guarded floor is its own work (options, params, engine, logging, result).');
      }
      p();
      table(r.rtMem, r.retrieveCount * 5);
    }
  }
  if (mock) {
    p('## 6. The mock under load');
    p();
    p(`\`wrk -t2 -c64 -d${R.wrkSecs}s --latency\`, ${R.wrkRuns} runs per cell, medians. The bare hyper handler`);
    p('(bench/tools, `bare-hyper`) serves the very bytes telnyx-mock answered for the same two requests,');
    p('captured at the start of the run; Prism serves the spec file (its example bodies, not the same bytes).');
    p('wrk, the server and Node share the same cores.');
    p();
    p('| server | retrieve req/s | retrieve p99 | 250-item page req/s | page p99 | errors | retrieve vs bare | page vs bare |');
    p('|---|---|---|---|---|---|---|---|');
    const bare = mock.rates['bare hyper'];
    for (const [name, x] of Object.entries(mock.rates)) {
      p(
        `| ${name} | ${Math.round(x.retrieve.rps)} | ${ms(x.retrieve.p99)} | ${Math.round(x.page.rps)} | ${ms(x.page.p99)} | ${x.retrieve.errors + x.page.errors} | ${times(ratio(x.retrieve.rps, bare.retrieve.rps))} | ${times(ratio(x.page.rps, bare.page.rps))} |`,
      );
    }
    p();
    if (mock.rates.Prism) {
      const mk = mock.rates['telnyx-mock'];
      p(`telnyx-mock vs Prism: ${times(ratio(mk.retrieve.rps, mock.rates.Prism.retrieve.rps))} on a retrieve, ${times(ratio(mk.page.rps, mock.rates.Prism.page.rps))} on a list page.`);
      p();
    }
    p(`Bytes served: retrieve ${mock.bytes.retrieve} B, 250-item page ${mock.bytes.page} B.`);
    p();
    p('Memory (RSS) of the servers:');
    p();
    p('| server | after its first answer | after the wrk runs | peak over the whole run |');
    p('|---|---|---|---|');
    for (const [name, m] of Object.entries(mock.memory)) p(`| ${name} | ${fmt(m.start, 1)} MiB | ${fmt(m.end, 1)} MiB | ${fmt(m.peak, 1)} MiB |`);
    p();
  }
  p('## Reproduce');
  p();
  p('```sh');
  p('make bench          # builds telnyx-mock (--profile fast), the npm package and bench/tools, then runs bench/run.mjs');
  p('BENCH_QUICK=1 make bench   # shortened runs, to check the harness');
  p('```');
  return L.join('\n') + '\n';
}

// ------------------------------------------------------------ main

async function main() {
  const started = Date.now();
  mkdirSync(work, { recursive: true });
  prepareRunDir();
  const r = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), machine: machine(), retrieveCount: R.retrieveCount };
  need(BARE, 'bare-hyper (bench/tools)');

  let pkgInfo = null;
  try {
    pkgInfo = installPackage();
  } catch (e) {
    notes.push(`telnyx-wasm was not measured: ${e.message.split('\n')[0]}`);
    log(`telnyx-wasm unavailable: ${e.message}`);
  }
  const haveWasm = pkgInfo !== null;
  r.pkgInfo = pkgInfo;
  r.versions = {
    node: process.version,
    'telnyx (official)': JSON.parse(readFileSync(join(root, 'node_modules/telnyx/package.json'), 'utf8')).version,
    'telnyx-wasm': pkgInfo?.version ?? 'not built',
    esbuild: JSON.parse(readFileSync(join(root, 'node_modules/esbuild/package.json'), 'utf8')).version,
    rustc: versionOf('rustc', ['--version']).replace(/^rustc /, ''),
    wrk: versionOf('sh', ['-c', 'wrk -v 2>&1 || true']).replace(/^wrk /, '').split(' ')[0],
    Prism: env.BENCH_PRISM && existsSync(env.BENCH_PRISM) ? versionOf(env.BENCH_PRISM, ['--version']) : 'not installed',
    commit: versionOf('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
  };

  log('1. Worker bundle size');
  r.bundle = {
    official: await bundleSize('official', "import Telnyx from 'telnyx';"),
    wasm: haveWasm ? await bundleSize('wasm', "import Telnyx from 'telnyx-wasm';") : null,
  };
  r.wasmSize = wasmSize(haveWasm);

  // The server everything else runs against.
  let mockKind = 'telnyx-mock';
  let mockBin = MOCK;
  if (!MOCK || !existsSync(MOCK)) {
    if (env.BENCH_ALLOW_STANDIN !== '1') need(MOCK, 'telnyx-mock (cargo build --profile fast -p telnyx-mock)');
    mockKind = 'STAND-IN: bare-hyper, telnyx-mock not built';
    mockBin = BARE;
    notes.push('telnyx-mock was not available: the bare hyper handler stood in for it, so section 6 compares it with itself.');
  }
  // --quiet: no line per request, as anyone putting the mock under load would run it.
  const mockArgs = ['--host', '127.0.0.1', '--port', '0', '--accounts', String(ACCOUNTS)];
  if (mockKind === 'telnyx-mock') mockArgs.push('--quiet');
  r.mockCmd = `${mockKind === 'telnyx-mock' ? 'telnyx-mock' : 'bare-hyper'} ${mockArgs.join(' ')}`;
  r.mockKind = mockKind === 'telnyx-mock' ? `built from ${basename(dirname(mockBin))} profile` : mockKind;
  log(`starting ${r.mockCmd}`);
  const mock = await startServer(mockBin, mockArgs, { name: 'telnyx-mock' });
  try {
    const H = { Authorization: 'Bearer bench-key' };
    const first = await (await fetch(`${mock.url}/managed_accounts?page%5Bsize%5D=250`, { headers: H })).json();
    // After the first answer: the mock announces its port before it seeds, and answers after.
    const memStart = memoryMiB(mock.pid);
    const id = first.data[0].id;
    r.iterItems = first.meta.total_results;
    r.iterPages = first.meta.total_pages;

    log('2. iterate');
    const impls = haveWasm ? ['bare', 'official', 'wasm'] : ['bare', 'official'];
    r.it = driverSeries('iterate', impls, [mock.url, String(R.iterRuns)]);
    for (const [k, v] of Object.entries(r.it)) {
      if (v.items !== r.iterItems) throw new Error(`${k} iterated ${v.items} accounts, the server has ${r.iterItems}`);
    }

    log("2'. iterate, answered from memory");
    r.itMem = driverSeries('iterate-inproc', [...impls, 'bare-guarded', 'bare-for-await'], [mock.url, String(R.iterRuns * 2)]);
    for (const [k, v] of Object.entries(r.itMem)) {
      if (v.items !== r.iterItems) throw new Error(`${k} iterated ${v.items} accounts from memory, the server has ${r.iterItems}`);
    }

    log('3. iterate with prefetch');
    const pfImpls = ['bare'];
    if (haveWasm) {
      try {
        runNode(join(runDir, 'driver.mjs'), ['iterate-prefetch', 'wasm', mock.url, '0'], { cwd: runDir });
        pfImpls.push('wasm');
      } catch (e) {
        r.prefetchNote = 'telnyx-wasm has no working `prefetch` option: not measured.';
      }
    }
    r.pf = driverSeries('iterate-prefetch', pfImpls, [mock.url, String(R.iterRuns)]);

    // On loopback with a caller that does nothing per page there is nothing to overlap. A real
    // API answers in tens of milliseconds and a real caller works on each page: repeat 2 and 3
    // with both, which is where prefetching pays.
    if (mockKind === 'telnyx-mock') {
      log(`2-3 again with ${LATENCY_MS} ms server latency`);
      const slow = await startServer(mockBin, [...mockArgs, '--latency-ms', String(LATENCY_MS)], { name: 'telnyx-mock (latency)' });
      try {
        const runs = String(Math.max(1, R.iterRuns - 1));
        const consume = { BENCH_CONSUME_MS: String(LATENCY_MS) };
        r.itSlow = driverSeries('iterate', impls, [slow.url, runs], Math.min(2, R.rounds), consume);
        r.pfSlow = driverSeries('iterate-prefetch', pfImpls, [slow.url, runs], Math.min(2, R.rounds), consume);
      } finally {
        await slow.stop();
      }
    }

    log('4. cold start');
    r.cold = await coldStart(mock.url, id, haveWasm);

    log('5. per-request overhead');
    r.rt = driverSeries('retrieve-loop', impls, [mock.url, String(R.retrieveRuns), String(R.retrieveCount), id]);
    // With bench/floor built: the floor of the named packages, and the platform work in JS and from Rust.
    const floors = FLOOR ? ['bare-guarded', 'floor', 'floor-guarded'] : [];
    if (!FLOOR) notes.push('bench/floor is not built (make bench-floor): row 5′ has no floor.');
    r.rtMem = driverSeries('retrieve-inproc', [...impls, ...floors], [mock.url, String(R.retrieveRuns * 3), String(R.retrieveCount * 5), id], R.rounds, FLOOR ? { BENCH_FLOOR: FLOOR } : {});

    log('6. the mock under wrk');
    const retrievePath = `/managed_accounts/${id}`;
    const pagePath = '/managed_accounts?page%5Bsize%5D=250';
    const retrieveBody = Buffer.from(await (await fetch(mock.url + retrievePath, { headers: H })).arrayBuffer());
    const pageBody = Buffer.from(await (await fetch(mock.url + pagePath, { headers: H })).arrayBuffer());
    writeFileSync(join(work, 'retrieve.json'), retrieveBody);
    writeFileSync(join(work, 'page.json'), pageBody);
    const bare = await startServer(BARE, ['--port', '0', '--retrieve-body', join(work, 'retrieve.json'), '--page-body', join(work, 'page.json')], { name: 'bare-hyper' });
    const servers = [
      { name: 'telnyx-mock', url: mock.url, pid: mock.pid, retrieve: retrievePath },
      { name: 'bare hyper', url: bare.url, pid: bare.pid, retrieve: retrievePath },
    ];
    let prism = null;
    if (env.BENCH_PRISM && existsSync(env.BENCH_PRISM)) {
      try {
        prism = await startServer(env.BENCH_PRISM, ['mock', '-h', '127.0.0.1', '-p', String(await freePort()), join(root, 'spec/telnyx-account-management.openapi.json')], {
          name: 'Prism',
          env: { SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1' },
        });
        // Prism prints its listening line before it answers: wait for a real answer.
        for (let i = 0; i < 50; i++) {
          try {
            if ((await fetch(prism.url + retrievePath, { headers: H })).ok) break;
          } catch {}
          await new Promise((res) => setTimeout(res, 100));
        }
        servers.push({ name: 'Prism', url: prism.url, pid: prism.pid, retrieve: retrievePath });
      } catch (e) {
        notes.push(`Prism did not start: ${e.message.split('\n')[0]}`);
      }
    } else {
      notes.push('Prism is not installed (bench/prism): no Prism column.');
    }
    // Each server's memory once it has answered (the same two requests for all).
    for (const s of servers) await fetch(s.url + s.retrieve, { headers: H });
    const memBare = memoryMiB(bare.pid);
    const memPrism = prism ? memoryMiB(prism.pid) : null;
    const rates = await mockThroughput(servers, [
      ['retrieve', (s) => s.retrieve],
      ['page', () => pagePath],
    ]);
    const mem = (start, pid) => {
      const now = memoryMiB(pid);
      return { start: start.rss, end: now.rss, peak: now.peak };
    };
    const memory = {
      [`telnyx-mock, ${r.iterItems} accounts`]: mem(memStart, mock.pid),
      'bare hyper (pre-rendered bytes)': mem(memBare, bare.pid),
    };
    if (prism) memory['Prism (Node)'] = mem(memPrism, prism.pid);
    r.mock = { rates, memory, bytes: { retrieve: retrieveBody.length, page: pageBody.length } };
    await bare.stop();
    if (prism) await prism.stop();
  } finally {
    await mock.stop();
  }
  r.loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  notes.push(`The whole run took ${Math.round((Date.now() - started) / 1000)} s.`);
  writeFileSync(join(workRoot, 'results.json'), JSON.stringify(r, null, 2));
  writeFileSync(OUT, report(r));
  log(`wrote ${OUT}`);
}

function freePort() {
  return new Promise((res, rej) => {
    import('node:net').then(({ createServer }) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => res(port));
      });
      s.on('error', rej);
    });
  });
}

main()
  .then(() => rmSync(work, { recursive: true, force: true }))
  .catch((e) => {
    console.error(`bench: ${e?.stack ?? e}\n(the run's files are kept in ${work})`);
    process.exit(1);
  });
