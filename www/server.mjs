#!/usr/bin/env node
// A dependency-free static server for the demo console.
//
//   node www/server.mjs [--host 127.0.0.1] [--port 8080] [--pkg DIR]
//                       [--base-url URL] [--admin-url URL] [--proxy URL]
//
// It serves www/, maps /pkg/ to the built npm package (so the page can
// `import Telnyx from 'telnyx-wasm'` through an import map), tells the page
// where the API and the mock's admin API are (/config.json), and, with
// --proxy URL, serves /proxy/* with the package's own proxy (telnyx-wasm/proxy):
// only the 12 operations, checked as the client checks them, from this
// host and origin only, forwarded to URL with the key from the
// TELNYX_API_KEY environment variable, so the key never reaches the browser.
// Port 0 picks a free port; the chosen URL is printed on stdout.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const WWW = path.dirname(fileURLToPath(import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function parseArgs(argv) {
  const options = {
    host: '127.0.0.1',
    port: 8080,
    pkg: path.resolve(WWW, '../crates/telnyx-wasm/pkg'),
    baseUrl: 'http://127.0.0.1:4010',
    adminUrl: undefined,
    proxy: undefined,
  };
  const names = { '--host': 'host', '--port': 'port', '--pkg': 'pkg', '--base-url': 'baseUrl', '--admin-url': 'adminUrl', '--proxy': 'proxy' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete option ${argv[i]} (options: ${Object.keys(names).join(' ')})`);
    }
    options[key] = argv[i + 1];
  }
  options.port = Number(options.port);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535, got ${argv[argv.indexOf('--port') + 1]}`);
  }
  options.pkg = path.resolve(options.pkg);
  if (options.adminUrl === undefined && !options.proxy) options.adminUrl = new URL(options.baseUrl).origin;
  return options;
}

/** The module a browser should load for a package: its `exports` default, `browser`, `module` or `main`. */
async function packageEntry(pkgDir) {
  const manifest = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (target && typeof target === 'object') {
      for (const condition of ['browser', 'import', 'default']) {
        const found = pick(target[condition]);
        if (found) return found;
      }
    }
    return undefined;
  };
  const exported = manifest.exports && (typeof manifest.exports === 'string' ? manifest.exports : pick(manifest.exports['.'] ?? manifest.exports));
  const entry = exported ?? (typeof manifest.browser === 'string' ? manifest.browser : undefined) ?? manifest.module ?? manifest.main;
  if (!entry) throw new Error(`${pkgDir}/package.json names no entry module`);
  return entry.replace(/^\.\//, '');
}

/** Resolves a URL path inside `root`, refusing anything that escapes it. */
function inside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed percent-encoding
  }
  const resolved = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : undefined;
}

async function sendFile(res, file, method) {
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
  } catch {
    return sendText(res, 404, 'not found');
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-store',
  });
  res.end(method === 'HEAD' ? undefined : body);
}

function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/**
 * The package's proxy for /proxy/*, loaded from the served package; throws
 * when the key is missing or the upstream is not a URL. Each request's
 * outcome is logged on stdout, without the key.
 */
async function packageProxy(options) {
  const { createProxy, toNodeHandler } = await import(pathToFileURL(path.join(options.pkg, 'proxy-node.js')).href);
  const apiKey = process.env.TELNYX_API_KEY;
  if (!apiKey) throw new Error('--proxy needs TELNYX_API_KEY in the environment');
  const proxy = createProxy({
    apiKey,
    upstream: options.proxy,
    basePath: '/proxy',
    allowedHosts: [options.host, 'localhost', '127.0.0.1', '[::1]'],
    log: (line) => console.log(`proxy: ${line}`),
  });
  return toNodeHandler(proxy);
}

export async function startServer(options) {
  const proxy = options.proxy ? await packageProxy(options) : undefined;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      const pathname = url.pathname;
      if (pathname === '/config.json') {
        const config = options.proxy
          ? { baseURL: `http://${req.headers.host}/proxy`, adminURL: null, target: 'proxy', upstream: options.proxy }
          : { baseURL: options.baseUrl, adminURL: options.adminUrl, target: 'mock' };
        res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
        return res.end(JSON.stringify(config));
      }
      if (options.proxy && (pathname === '/proxy' || pathname.startsWith('/proxy/'))) {
        return await proxy(req, res);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      if (pathname === '/pkg' || pathname === '/pkg/') {
        // The import map points `telnyx-wasm` here; a redirect keeps the entry's relative imports working.
        try {
          return sendText(res, 302, '', { location: `/pkg/${await packageEntry(options.pkg)}` });
        } catch (error) {
          return sendText(res, 503, `the npm package is not built (run \`make npm\`): ${error.message}`);
        }
      }
      const file = pathname.startsWith('/pkg/') ? inside(options.pkg, pathname.slice('/pkg'.length)) : inside(WWW, pathname);
      if (!file) return sendText(res, 403, 'forbidden');
      return await sendFile(res, file, req.method);
    } catch (error) {
      if (!res.headersSent) sendText(res, 500, String(error?.message ?? error));
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  let server;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`server.mjs: ${error.message}`);
    process.exit(2);
  }
  try {
    server = await startServer(options);
  } catch (error) {
    // 1: the port is taken or refused; 2: a setting is wrong (the proxy's key or upstream).
    const listening = error.syscall === 'listen';
    console.error(`server.mjs: ${listening ? `cannot listen on ${options.host}:${options.port}: ` : ''}${error.message}`);
    process.exit(listening ? 1 : 2);
  }
  const { port } = server.address();
  console.log(`demo console listening on http://${options.host}:${port}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
}
