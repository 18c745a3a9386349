// A tiny HTTP server on 127.0.0.1 for the faults telnyx-mock cannot make:
// a body that stalls after its first bytes, or one that trickles forever.

import { createServer } from 'node:http';

/**
 * Starts a server whose every answer is written by `handler(req, res)`.
 * Returns its base URL, the number of requests it received, and `close()`.
 */
export async function localServer(handler) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get requests() {
      return requests;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sends the headers and the start of a JSON body, then nothing more. */
export function stallAfterHeaders(req, res) {
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'stalled-body' });
  res.write('{"data": {');
}

/** Sends the headers, then one space of body every 50 ms, never ending. */
export function trickle(req, res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => res.write(' '), 50);
  res.on('close', () => clearInterval(timer));
}
