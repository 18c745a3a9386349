// The compatibility suite: one row per runtime, module format or bundler,
// each a small project that uses the installed tarball as its users would
// and makes real calls against telnyx-mock (rows/shared/scenario.mjs).
// run.sh starts the mock and installs the tools and the tarball; COMPAT_ROWS
// (comma-separated, or "all") picks the rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_KEY,
  BASE_URL,
  BIN,
  MOCK,
  WORK,
  expected,
  freePort,
  pageResult,
  prepare,
  readmeFiles,
  result,
  run,
  serve,
  staticServer,
  tally,
} from './lib.mjs';

const tools = createRequire(join(WORK, 'package.json'));
const env = { TELNYX_API_KEY: API_KEY, TELNYX_BASE_URL: BASE_URL };
const want = await expected();

// What the shared scripts report besides the scenario.
const ESM_EXPORTS = [true, true, true, true];
const CJS_EXPORTS = ['function', true, true, true, true, true, 1];
const PAGE = { ...want, refused: true };

const rows = {};
const row = (name, fn) => (rows[name] = fn);

row('node-esm', async () => {
  const dir = prepare('node-esm');
  assert.deepEqual(await result('node', ['main.mjs'], { cwd: dir, env }), { ...want, exports: ESM_EXPORTS });
});

row('node-cjs', async () => {
  const dir = prepare('node-cjs');
  assert.deepEqual(await result('node', ['main.cjs'], { cwd: dir, env }), { ...want, exports: CJS_EXPORTS });
});

// node10: the classic `module: commonjs` project, which reads `main` and `types` only.
for (const kind of ['esm', 'cjs']) {
  for (const resolution of kind === 'esm' ? ['bundler', 'node16', 'nodenext'] : ['bundler', 'node16', 'nodenext', 'node10']) {
    row(`tsc-${kind}-${resolution}`, async () => {
      const dir = prepare(`tsc-${kind}-${resolution}`, 'tsc');
      await run('node', [join(BIN, 'tsc'), '-p', `tsconfig.${kind}-${resolution}.json`], { cwd: dir });
      if (resolution === 'bundler') return; // type-checked only: a bundler would build it
      const file = kind === 'esm' ? 'out/usage.mjs' : 'out/usage.cjs';
      const exports = kind === 'esm' ? [true] : [true, true];
      assert.deepEqual(await result('node', [file], { cwd: dir, env }), { ...want, exports });
    });
  }
}

row('bun-esm', async () => {
  const dir = prepare('bun-esm');
  assert.deepEqual(await result(join(BIN, 'bun'), ['main.mjs'], { cwd: dir, env }), { ...want, exports: ESM_EXPORTS });
});

row('bun-cjs', async () => {
  const dir = prepare('bun-cjs');
  assert.deepEqual(await result(join(BIN, 'bun'), ['main.cjs'], { cwd: dir, env }), { ...want, exports: CJS_EXPORTS });
});

row('deno', async () => {
  const dir = prepare('deno');
  const out = await result(join(BIN, 'deno'), ['run', '--quiet', '--allow-env', '--allow-net', '--allow-read', 'main.mjs'], {
    cwd: dir,
    env: { ...env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(WORK, '.deno') },
  });
  assert.deepEqual(out, { ...want, exports: ESM_EXPORTS });
});

// Node bundles run from a directory with no node_modules: nothing may be read from the package at run time.
for (const format of ['esm', 'cjs']) {
  row(`esbuild-node-${format}`, async () => {
    const dir = prepare(`esbuild-node-${format}`);
    const out = mkdtempSync(join(tmpdir(), 'telnyx-compat-bundle-'));
    try {
      const file = format === 'esm' ? 'main.mjs' : 'main.cjs';
      await tools('esbuild').build({
        entryPoints: [join(dir, file)],
        outfile: join(out, file),
        bundle: true,
        platform: 'node',
        format,
        logLevel: 'error',
      });
      const exports = format === 'esm' ? ESM_EXPORTS : CJS_EXPORTS;
      assert.deepEqual(await result('node', [file], { cwd: out, env }), { ...want, exports });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

// The browser entry bundled for a page but run on a server: the error says what to do.
row('load-error', async () => {
  const dir = prepare('load-error');
  await tools('esbuild').build({
    entryPoints: [join(dir, 'wrong-entry.mjs')],
    outfile: join(dir, 'dist', 'wrong-entry.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'error',
  });
  const out = await result('node', ['dist/wrong-entry.mjs'], { cwd: dir, env });
  assert.equal(out.name, 'TelnyxError', out.message);
  assert.match(out.message, /^Could not load telnyx_wasm_bg\.wasm: .*browser entry on a server: resolve telnyx-wasm with the 'node' condition/, out.message);
});

row('esbuild-browser', async () => {
  const dir = prepare('esbuild-browser');
  const dist = join(dir, 'dist');
  await tools('esbuild').build({
    entryPoints: [join(dir, 'page.mjs')],
    outfile: join(dist, 'page.mjs'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'error',
  });
  copyFileSync(join(dir, 'index.html'), join(dist, 'index.html'));
  // Without the .wasm next to the bundle the call fails, saying what to do.
  const server = await staticServer(dist);
  try {
    const missing = await pageResult(`${server.origin}/`);
    assert.equal(missing.out?.name, 'TelnyxError', missing.console);
    assert.match(missing.out.error, /^Could not load telnyx_wasm_bg\.wasm: .*Serve telnyx-wasm\/telnyx_wasm_bg\.wasm next to the bundle/, missing.console);
    // esbuild leaves `new URL('telnyx_wasm_bg.wasm', import.meta.url)` as it is: the file goes next to the bundle.
    copyFileSync(join(WORK, 'node_modules/telnyx-wasm/telnyx_wasm_bg.wasm'), join(dist, 'telnyx_wasm_bg.wasm'));
    const { out, console } = await pageResult(`${server.origin}/`, { screenshot: 'esbuild-browser' });
    assert.deepEqual(out, PAGE, console);
  } finally {
    server.stop();
  }
});

row('webpack', async () => {
  const dir = prepare('webpack');
  const dist = join(dir, 'dist');
  const webpack = tools('webpack');
  const stats = await new Promise((resolve, reject) =>
    webpack(
      { mode: 'production', context: dir, entry: './page.mjs', output: { path: dist, filename: 'main.js' }, infrastructureLogging: { level: 'error' } },
      (error, stats) => (error ? reject(error) : resolve(stats)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  writeFileSync(join(dist, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('type="module" src="./page.mjs"', 'src="./main.js"'));
  const server = await staticServer(dist);
  try {
    const { out, console } = await pageResult(`${server.origin}/`, { screenshot: 'webpack' });
    assert.deepEqual(out, PAGE, console);
  } finally {
    server.stop();
  }
});

row('vite-build', async () => {
  const dir = prepare('vite-build');
  await run('node', [join(BIN, 'vite'), 'build', '--logLevel', 'warn'], { cwd: dir });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const preview = await serve('node', [join(BIN, 'vite'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], `${origin}/`, { cwd: dir });
  try {
    const { out, console } = await pageResult(`${origin}/`, { screenshot: 'vite-build' });
    assert.deepEqual(out, PAGE, console);
  } finally {
    preview.stop();
  }
});

row('vite-dev', async () => {
  const dir = prepare('vite-dev');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dev = await serve('node', [join(BIN, 'vite'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], `${origin}/`, { cwd: dir });
  try {
    const { out, console } = await pageResult(`${origin}/`, { screenshot: 'vite-dev' });
    assert.deepEqual(out, PAGE, `${console}\n${dev.log()}`);
  } finally {
    dev.stop();
  }
});

row('importmap', async () => {
  prepare('importmap');
  const server = await staticServer(WORK);
  try {
    const { out, console } = await pageResult(`${server.origin}/rows/importmap/index.html`, { screenshot: 'importmap' });
    assert.deepEqual(out, PAGE, console);
  } finally {
    server.stop();
  }
});

row('wrangler', async () => {
  const dir = prepare('wrangler');
  // What a user keeps out of wrangler.toml: `wrangler dev` reads it from .dev.vars.
  writeFileSync(join(dir, '.dev.vars'), `TELNYX_API_KEY=${API_KEY}\nMOCK_URL=${MOCK}\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const dev = await serve('node', [join(BIN, 'wrangler'), 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort())], url, {
    cwd: dir,
    env: { CI: '1', WRANGLER_LOG_PATH: join(dir, '.wrangler-logs') },
  });
  try {
    const res = await fetch(url);
    const text = await res.text();
    assert.equal(res.status, 200, `${text}\n${dev.log()}`);
    assert.deepEqual(JSON.parse(text), want);
  } finally {
    dev.stop();
  }
});

/** A Next.js server's pages: a route handler, a server component, a client page in Chromium, an Edge route. */
async function nextPages(origin, server, shot) {
  const res = await fetch(`${origin}/api/accounts`);
  const text = await res.text();
  assert.equal(res.status, 200, `route handler: ${text}\n${server.log()}`);
  assert.deepEqual(JSON.parse(text), want, 'route handler');

  const html = await (await fetch(`${origin}/server`)).text();
  const rendered = /<pre id="result">([^<]*)<\/pre>/.exec(html);
  assert.ok(rendered, `server component: ${html.slice(0, 2000)}\n${server.log()}`);
  assert.deepEqual(JSON.parse(rendered[1].replaceAll('&quot;', '"')), want, 'server component');

  const { out, console } = await pageResult(`${origin}/client`, { screenshot: shot });
  assert.deepEqual(out, want, `client page: ${console}`);

  // telnyx-wasm/proxy as a route handler (the package README's snippet): it adds
  // the key upstream, and refuses what is not one of the 12 operations.
  // A server-side caller names the page's origin, as Next.js sees it (localhost).
  const viaProxy = (path) => fetch(`${origin}/api/telnyx${path}`, { headers: { origin: origin.replace('127.0.0.1', 'localhost') } });
  const listed = await viaProxy('/managed_accounts?page%5Bsize%5D=2');
  const listedText = await listed.text();
  assert.equal(listed.status, 200, `proxy route: ${listedText}\n${server.log()}`);
  assert.equal(JSON.parse(listedText).data.length, 2, 'proxy route');
  assert.ok(!listedText.includes(API_KEY), 'the key came back through the proxy');
  assert.equal((await viaProxy('/__admin/state')).status, 404, 'proxy route: the mock\'s admin API');

  // The (deprecated) Edge runtime takes the browser entry. webpack's build
  // serves it the .wasm; Turbopack's does not, and the error says what to do.
  const edge = await (await fetch(`${origin}/api/edge`)).json();
  if (shot === 'next-webpack') {
    assert.deepEqual(edge, want, 'edge route');
  } else {
    assert.equal(edge.name, 'TelnyxError', JSON.stringify(edge));
    assert.match(edge.message, /^Could not load telnyx_wasm_bg\.wasm: .*On Next\.js's Edge runtime, use the Node\.js runtime/, edge.message);
  }
}

for (const bundler of ['turbopack', 'webpack']) {
  row(`next-${bundler}`, async () => {
    const dir = prepare(`next-${bundler}`, 'next');
    await run('node', [join(BIN, 'next'), 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])], { cwd: dir, timeout: 600_000 });
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const server = await serve('node', [join(BIN, 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)], `${origin}/api/accounts`, {
      cwd: dir,
      env,
    });
    try {
      await nextPages(origin, server, `next-${bundler}`);
    } finally {
      server.stop();
    }
  });
}

// `next dev` (Turbopack), as most people first meet the package.
row('next-dev', async () => {
  const dir = prepare('next-dev', 'next');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = await serve('node', [join(BIN, 'next'), 'dev', '-H', '127.0.0.1', '-p', String(port)], `${origin}/api/accounts`, {
    cwd: dir,
    env,
    timeout: 300_000,
  });
  try {
    await nextPages(origin, server, 'next-dev');
  } finally {
    server.stop();
  }
});

// The test runners JS developers use, each running its own CLI in a project
// of its own: both SDKs against createMock() (rows/shared/flows.mjs, plus what
// the row adds) and the README's snippet for that runner, as written. The
// runner's report must count exactly the tests the row has, all passed; then a
// test file with one wrong expectation, run alone, must fail the run and be
// counted as failed, so a runner that passes nothing cannot pass the row.
const CANARY_TEST = `test('a wrong expectation fails the run', () => {
  assert.equal(createMock({ accounts: 2 }).state({ full: true }).accounts.length, 3);
});
`;
const CANARY_ESM = (runner) =>
  `${runner}import assert from 'node:assert/strict';\nimport createMock from 'telnyx-mock';\n\n${CANARY_TEST}`;
const CANARY_CJS = `const assert = require('node:assert/strict');\nconst createMock = require('telnyx-mock');\n\n${CANARY_TEST}`;

const vitest = (filter) => [
  'node',
  [join(BIN, 'vitest'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=report.json', ...(filter ? [filter] : [])],
];
const jest = (filter) => ['node', [join(BIN, 'jest'), '--ci', '--watchman=false', '--json', '--outputFile=report.json', ...(filter ? [filter] : [])]];
const RUNNERS = {
  // `node --test` inside this suite's own test process: NODE_TEST_CONTEXT would
  // make the child report to this process instead of running its files.
  'node-test': {
    readme: 'node:test',
    own: 8,
    report: 'report.tap',
    canary: ['canary.test.mjs', CANARY_ESM("import { test } from 'node:test';\n")],
    command: (dir, only) => [
      'env',
      ['-u', 'NODE_TEST_CONTEXT', 'node', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
        '--test-reporter=tap', '--test-reporter-destination=report.tap',
        ...(only ? [only] : readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort())],
    ],
  },
  'vitest-node': {
    readme: 'Vitest',
    own: 8,
    report: 'report.json',
    canary: ['canary.test.mjs', CANARY_ESM("import { test } from 'vitest';\n")],
    command: (dir, only) => vitest(only),
  },
  'vitest-happy-dom': {
    readme: 'Vitest with happy-dom',
    own: 10,
    report: 'report.json',
    canary: ['canary.test.mjs', CANARY_ESM("import { test } from 'vitest';\n")],
    command: (dir, only) => vitest(only),
  },
  'jest-cjs': {
    readme: 'Jest (CommonJS)',
    own: 8,
    report: 'report.json',
    canary: ['canary.test.js', CANARY_CJS],
    command: (dir, only) => jest(only),
  },
  'jest-esm': {
    readme: 'Jest (ES modules)',
    own: 8,
    report: 'report.json',
    canary: ['canary.test.mjs', CANARY_ESM('')],
    env: { NODE_OPTIONS: '--experimental-vm-modules' },
    command: (dir, only) => jest(only),
  },
  msw: {
    readme: 'MSW',
    own: 8,
    report: 'report.json',
    canary: ['canary.test.mjs', CANARY_ESM("import { test } from 'vitest';\n")],
    command: (dir, only) => vitest(only),
  },
};

/** Runs the row's runner in `dir` (all its test files, or only the file `only`); its exit code, output and report's tally. */
async function runTests(dir, runner, only) {
  rmSync(join(dir, runner.report), { force: true });
  const [cmd, args] = runner.command(dir, only);
  const { code, out } = await run(cmd, args, { cwd: dir, env: runner.env, allowFail: true });
  const counted = tally(join(dir, runner.report));
  assert.ok(counted, `${cmd} ${args.join(' ')} wrote no ${runner.report}:\n${out.slice(-6000)}`);
  return { code, out, counted };
}

for (const [name, runner] of Object.entries(RUNNERS)) {
  row(name, async () => {
    const dir = prepare(name);
    const snippets = readmeFiles(runner.readme, dir);
    const snippetTests = snippets.reduce((n, f) => n + (readFileSync(join(dir, f), 'utf8').match(/^test\(/gm)?.length ?? 0), 0);
    assert.ok(snippetTests > 0, `the README's ${runner.readme} snippet has no test`);

    const all = await runTests(dir, runner);
    const { names, ...counts } = all.counted;
    assert.deepEqual(counts, { passed: runner.own + snippetTests, failed: 0, other: 0 }, all.out.slice(-8000));
    assert.equal(all.code, 0, all.out.slice(-8000));
    renameSync(join(dir, runner.report), join(dir, `all-${runner.report}`));

    const [file, source] = runner.canary;
    writeFileSync(join(dir, file), source);
    const canary = await runTests(dir, runner, file);
    const { names: canaryNames, ...canaryCounts } = canary.counted;
    assert.deepEqual(canaryCounts, { passed: 0, failed: 1, other: 0 }, canary.out.slice(-8000));
    assert.notEqual(canary.code, 0, canary.out.slice(-8000));
    if (canaryNames) assert.deepEqual(canaryNames.failed, ['a wrong expectation fails the run']);
  });
}

const chosen = process.env.COMPAT_ROWS && process.env.COMPAT_ROWS !== 'all' ? process.env.COMPAT_ROWS.split(',') : Object.keys(rows);
for (const name of chosen) {
  if (!rows[name]) throw new Error(`COMPAT_ROWS: no row named ${name} (rows: ${Object.keys(rows).join(', ')})`);
  test(name, { timeout: 900_000 }, rows[name]);
}
