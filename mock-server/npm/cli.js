#!/usr/bin/env node
// `npx telnyx-mock`: the engine on node:http, with the telnyx-mock program's
// flags, output and admin API. Prints `telnyx-mock listening on http://HOST:PORT`
// once the socket accepts connections, one line per request on stderr
// (unless --quiet), and exits 0 on SIGINT or SIGTERM.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMock } from './index.js';

const STRINGS = ['host', 'port', 'api-key', 'accounts', 'users', 'seed', 'state', 'scenario', 'latency-ms', 'body-limit',
  'rate-limit', 'request-log', 'oauth-client-id', 'oauth-client-secret', 'oauth-token-lifetime', 'engine'];
/** Flags whose value is a whole number, and the option each becomes. */
const NUMBERS = { accounts: 'accounts', users: 'users', 'latency-ms': 'latencyMs', 'body-limit': 'bodyLimit', 'rate-limit': 'rateLimit',
  'request-log': 'requestLog', 'oauth-token-lifetime': 'oauthTokenLifetime' };
const TEXTS = { 'api-key': 'apiKey', scenario: 'scenario', 'oauth-client-id': 'oauthClientId', 'oauth-client-secret': 'oauthClientSecret' };

function fail(message) {
  process.stderr.write(`telnyx-mock: ${message}\n`);
  process.exit(2);
}

function whole(flag, text) {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) fail(`invalid value '${text}' for --${flag}: a whole number is expected`);
  return Number(text);
}

function readJson(flag, path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read --${flag} ${path}: ${error.message}`);
  }
}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...Object.fromEntries(STRINGS.map((f) => [f, { type: 'string' }])), quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${error.message}\nRun telnyx-mock --help for the flags.`);
  }
  const options = {};
  for (const [flag, key] of Object.entries(NUMBERS)) if (parsed[flag] !== undefined) options[key] = whole(flag, parsed[flag]);
  for (const [flag, key] of Object.entries(TEXTS)) if (parsed[flag] !== undefined) options[key] = parsed[flag];
  if (parsed.seed !== undefined) options.seed = readJson('seed', parsed.seed);
  if (parsed.state !== undefined) options.state = readJson('state', parsed.state);
  if (parsed.engine !== undefined && parsed.engine !== 'standalone') fail(`--engine ${parsed.engine} needs the Rust program; this one serves the engine on node:http`);
  const port = parsed.port === undefined ? 4010 : whole('port', parsed.port);
  if (port > 65535) fail(`invalid value '${port}' for --port: at most 65535`);
  return { options, host: parsed.host ?? '127.0.0.1', port, quiet: Boolean(parsed.quiet), help: parsed.help, version: parsed.version };
}

const HELP = `A stateful mock of the Telnyx account-management API, with fault injection.

Serves the 12 operations under / and /v2, and the admin API under /__admin.

Usage: telnyx-mock [--host HOST] [--port PORT] [--api-key KEY] [--accounts N] [--users M]
                   [--seed FILE | --state FILE | --scenario NAME] [--latency-ms MS] [--body-limit BYTES]
                   [--rate-limit N] [--request-log N] [--oauth-client-id ID] [--oauth-client-secret SECRET]
                   [--oauth-token-lifetime SECS] [--quiet]

See https://github.com/telnyx-wasm/telnyx-wasm/tree/main/mock-server#readme for every flag.
`;

/** A long request target shortened for the log line (as the program does). */
const clip = (text) => ([...text].length <= 120 ? text : `${[...text].slice(0, 120).join('')}…`);

function serve({ options, host, port, quiet }) {
  let mock;
  try {
    mock = createMock(options);
  } catch (error) {
    fail(error.message.replace(/^telnyx-mock: /, ''));
  }
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const started = performance.now();
      const out = mock.handle(req.method, req.url, req.rawHeaders, Buffer.concat(chunks));
      if (!quiet) {
        const status = out.drop ? '---' : String(out.status);
        process.stderr.write(`${status} ${req.method} ${clip(req.url)} ${(performance.now() - started).toFixed(2)}ms id=${out.requestId}${out.note}\n`);
      }
      const reply = () => {
        if (out.drop) return req.socket.destroy();
        res.writeHead(out.status, out.headers.flat());
        res.end(Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength));
      };
      if (out.delayMs > 0) setTimeout(reply, out.delayMs);
      else reply();
    });
  });
  server.on('error', (error) => fail(`cannot listen on ${host}:${port}: ${error.message}`));
  server.listen(port, host, () => {
    const { address, port: bound } = server.address();
    const shown = address.includes(':') ? `[${address}]` : address;
    process.stdout.write(`telnyx-mock listening on http://${shown}:${bound}\n`);
  });
  const stop = () => {
    server.close(() => {
      process.stderr.write('telnyx-mock: stopped\n');
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const args = parse(process.argv.slice(2));
if (args.help) process.stdout.write(HELP);
else if (args.version) process.stdout.write(`telnyx-mock ${JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version}\n`);
else serve(args);
