// One measurement in a fresh Node process, printed as one JSON line.
//
//   node driver.mjs iterate          <variants> <baseURL> <runs>
//   node driver.mjs iterate-inproc   <variants> <baseURL> <runs>
//   node driver.mjs iterate-prefetch <variants> <baseURL> <runs>
//   node driver.mjs retrieve-loop    <variants> <baseURL> <runs> <count> <id>
//   node driver.mjs retrieve-inproc  <variants> <baseURL> <runs> <count> <id>
//
// <variants> is a comma-separated list (bare, official, wasm; also
// bare-guarded, for the walks bare-for-await, and for the retrieve tasks
// floor, floor-guarded). They alternate in the one
// process, run after run, so that they share the same JIT, heap and moment of
// the machine; it prints `{ task, ms: { variant: [ms per run] }, items }`.
//
// retrieve-inproc answers from memory: the mock's retrieve answer is read once,
// then `fetch` returns a new Response with it, so that no socket or server time
// is in the measure and what is left over bare is the SDK's own work. The floor
// variants are bench/floor (at BENCH_FLOOR): `floor` awaits fetch and text()
// from Rust through wasm-bindgen-futures with no SDK work, `floor-guarded` adds
// the AbortController, timer and Headers every attempt asks of the platform;
// `bare-guarded` is bare with that same platform work done in JavaScript.
// iterate-inproc answers every page of the walk from memory the same way;
// `bare-for-await` walks each page's items with `for await` over the least
// async iterator (one resolved promise per item), as a `for await` over a
// list does.
//
// Every variant walks or retrieves the same data from the same server; one
// warm-up pass of each precedes the timed runs (JIT, connection pool).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [task, impl, baseURL, runsArg, countArg, id] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const apiKey = 'bench-key';
const headers = { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' };
const PAGE = 250;
// The caller's own work: with BENCH_CONSUME_MS, every 250th account awaits that long
// (say, writing the page somewhere), the same in every variant. This is what prefetching overlaps.
const consumeMs = Number(process.env.BENCH_CONSUME_MS ?? 0);
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
const consume = async (account, seen) => {
  if (!account.id) return seen;
  seen++;
  if (consumeMs > 0 && seen % PAGE === 0) await sleep(consumeMs);
  return seen;
};

async function loadClient(impl) {
  if (impl === 'official') {
    const { default: Telnyx } = await import('telnyx');
    return new Telnyx({ apiKey, baseURL });
  }
  if (impl === 'wasm') {
    const mod = await import('telnyx-wasm');
    const Telnyx = mod.default ?? mod.Telnyx;
    return new Telnyx({ apiKey, baseURL });
  }
  return null;
}

const pageURL = (n) => `${baseURL}/managed_accounts?page%5Bsize%5D=${PAGE}&page%5Bnumber%5D=${n}`;

async function bareIterate({ guarded = false, forAwait = false } = {}) {
  let seen = 0;
  for (let n = 1; ; n++) {
    const res = await (guarded ? guardedFetch : fetch)(pageURL(n), { headers });
    if (!res.ok) throw new Error(`page ${n}: HTTP ${res.status}`);
    const body = await res.json();
    if (forAwait) for await (const account of oneTurnEach(body.data)) seen = await consume(account, seen);
    else for (const account of body.data) seen = await consume(account, seen);
    if (body.data.length === 0 || n >= body.meta.total_pages) return seen;
  }
}

/** The least an async iterator can cost: `next()` is one resolved promise per item. */
function oneTurnEach(items) {
  let i = 0;
  return {
    next: () => Promise.resolve(i < items.length ? { value: items[i++], done: false } : { value: undefined, done: true }),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

// The floor for prefetching: ask for page n+1 before consuming page n.
async function barePrefetch() {
  const get = async (n) => {
    const res = await fetch(pageURL(n), { headers });
    if (!res.ok) throw new Error(`page ${n}: HTTP ${res.status}`);
    return res.json();
  };
  let seen = 0;
  let next = get(1);
  for (let n = 1; ; n++) {
    const body = await next;
    const more = body.data.length > 0 && n < body.meta.total_pages;
    if (more) next = get(n + 1);
    for (const account of body.data) seen = await consume(account, seen);
    if (!more) return seen;
  }
}

async function sdkIterate(client, options) {
  let seen = 0;
  const pages = options
    ? client.managedAccounts.list({ 'page[size]': PAGE }, options)
    : client.managedAccounts.list({ 'page[size]': PAGE });
  for await (const account of pages) seen = await consume(account, seen);
  return seen;
}

async function bareRetrieve(count, guarded = false) {
  for (let i = 0; i < count; i++) {
    const res = await (guarded ? guardedFetch : fetch)(`${baseURL}/managed_accounts/${id}`, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = await res.json();
    if (body.data.id !== id) throw new Error('wrong account');
  }
}

/** `fetch` with an attempt's platform work, as bench/floor's retrieveGuarded does it from Rust. */
async function guardedFetch(url, init) {
  const controller = new AbortController();
  const timer = setTimeout(controller.abort.bind(controller), 60_000);
  const h = new Headers();
  h.append('accept', 'application/json');
  h.append('authorization', init.headers.Authorization);
  h.append('user-agent', 'telnyx-bench-floor');
  h.append('x-stainless-retry-count', '0');
  try {
    return await fetch(url, { method: 'GET', headers: h, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function sdkRetrieve(client, count) {
  for (let i = 0; i < count; i++) {
    const res = await client.managedAccounts.retrieve(id);
    if (res.data.id !== id) throw new Error('wrong account');
  }
}

/** The floor's loop: bench/floor's module, loaded once per process. */
async function floorRetrieve(variant, count) {
  const dir = process.env.BENCH_FLOOR;
  const floor = await import(pathToFileURL(join(dir, 'floor.js')).href);
  floor.initSync({ module: readFileSync(join(dir, 'floor_bg.wasm')) });
  const url = `${baseURL}/managed_accounts/${id}`;
  const once = variant === 'floor' ? () => floor.retrieve(url) : () => floor.retrieveGuarded(url, headers.Authorization, 60_000);
  return async () => {
    for (let i = 0; i < count; i++) {
      const body = await once();
      if (body.data.id !== id) throw new Error('wrong account');
    }
  };
}

/** The mock's answer to `url`, kept to be answered again from memory by `replay`. */
async function record(url) {
  const res = await fetch(url, { headers });
  return { text: await res.text(), status: res.status, headers: [...res.headers] };
}
const replay = (answer) => new Response(answer.text, { status: answer.status, headers: answer.headers });

/** Replaces `fetch` with one that answers every request with the mock's retrieve answer, from memory. */
async function answerFromMemory() {
  const answer = await record(`${baseURL}/managed_accounts/${id}`);
  globalThis.fetch = async () => replay(answer);
}

/** Replaces `fetch` with one that answers each page of the walk (by `page[number]`) from memory. */
async function answerPagesFromMemory() {
  const pages = [];
  for (let n = 1; ; n++) {
    pages.push(await record(pageURL(n)));
    if (n >= JSON.parse(pages[n - 1].text).meta.total_pages) break;
  }
  globalThis.fetch = async (input) => replay(pages[Number(new URL(String(input)).searchParams.get('page[number]') ?? 1) - 1]);
}

/** The timed loop of `variant` for `task`: one call walks, or retrieves `count` times. */
async function loopOf(variant, count) {
  if (variant.startsWith('floor')) return floorRetrieve(variant, count);
  const retrieve = task === 'retrieve-loop' || task === 'retrieve-inproc';
  const iterate = task === 'iterate' || task === 'iterate-inproc';
  if (variant === 'bare-guarded' && retrieve) return () => bareRetrieve(count, true);
  if (variant === 'bare-guarded' && iterate) return () => bareIterate({ guarded: true });
  if (variant === 'bare-for-await' && iterate) return () => bareIterate({ forAwait: true });
  const client = await loadClient(variant);
  const bare = variant === 'bare';
  if (iterate) return bare ? () => bareIterate() : () => sdkIterate(client);
  // telnyx-wasm: prefetching is a per-call request option.
  if (task === 'iterate-prefetch') return bare ? barePrefetch : () => sdkIterate(client, { prefetch: true });
  if (retrieve) return bare ? () => bareRetrieve(count) : () => sdkRetrieve(client, count);
  throw new Error(`unknown task ${task}`);
}

async function main() {
  const variants = impl.split(',');
  if (task === 'retrieve-inproc') await answerFromMemory();
  if (task === 'iterate-inproc') await answerPagesFromMemory();
  const loops = {};
  for (const variant of variants) loops[variant] = await loopOf(variant, Number(countArg));
  const items = {};
  for (const variant of variants) items[variant] = (await loops[variant]()) ?? null; // warm-up
  const ms = Object.fromEntries(variants.map((v) => [v, []]));
  for (let r = 0; r < runs; r++) {
    for (const variant of r % 2 ? [...variants].reverse() : variants) {
      const t = performance.now();
      await loops[variant]();
      ms[variant].push(performance.now() - t);
    }
  }
  console.log(JSON.stringify({ task, ms, items }));
}

main().catch((e) => {
  console.error(`driver ${task} ${impl}: ${e?.stack ?? e}`);
  process.exit(1);
});
