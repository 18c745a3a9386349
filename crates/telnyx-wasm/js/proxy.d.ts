// Types of telnyx-wasm/proxy: a key-holding proxy for pages that use telnyx-wasm without a key.

/** The JavaScript SDK's name of one of the 12 operations. */
export type OperationName =
  | 'managedAccounts.list'
  | 'managedAccounts.create'
  | 'managedAccounts.getAllocatableGlobalOutboundChannels'
  | 'managedAccounts.retrieve'
  | 'managedAccounts.update'
  | 'managedAccounts.actions.disable'
  | 'managedAccounts.actions.enable'
  | 'managedAccounts.updateGlobalChannelLimit'
  | 'organizations.users.list'
  | 'organizations.users.getGroupsReport'
  | 'organizations.users.retrieve'
  | 'organizations.users.actions.remove';

export interface ProxyOptions {
  /** The Telnyx key this server holds; added to every forwarded request, never shown. */
  apiKey: string;
  /** The API root forwarded to. Default `https://api.telnyx.com/v2`. */
  upstream?: string;
  /** Foreign origins whose pages may call (CORS), e.g. `['https://app.example.com']`. Default: same origin only. */
  allowedOrigins?: string[];
  /** Host names the proxy answers to (DNS rebinding guard). Default `['localhost', '127.0.0.1', '[::1]']`. */
  allowedHosts?: string[];
  /** The operations forwarded. Default: all 12. */
  operations?: OperationName[];
  /** The path the proxy is mounted at: the page's `baseURL`, e.g. `/api/telnyx`. Default `/`. */
  basePath?: string;
  /** Largest request body accepted, in bytes. Default 16384. */
  maxBodyBytes?: number;
  /** At most `requests` per `windowMs` per client (by `key`, else the socket address or `cf-connecting-ip`). */
  rateLimit?: { requests: number; windowMs: number; key?: (request: Request) => string };
  /** Receives one line per request: method, path, status and the reason of a refusal. */
  log?: (line: string) => void;
  /** The `fetch` used to reach the upstream. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** A WHATWG fetch handler: a Worker's `fetch`, a Next.js route handler, or `toNodeHandler`'s argument. */
export type ProxyHandler = (request: Request) => Promise<Response>;

/** Makes the proxy. Throws a TypeError for bad options (the key is never quoted). */
export function createProxy(options: ProxyOptions): ProxyHandler;

/** What the adapter reads of node:http's `IncomingMessage` (typed here, so @types/node is not needed). */
export interface NodeRequest extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  socket: { remoteAddress?: string };
}

/** What the adapter uses of node:http's `ServerResponse`. */
export interface NodeResponse {
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): unknown;
  end(chunk?: string): unknown;
}

/** The handler as a `node:http` request listener: `http.createServer(toNodeHandler(proxy))`. */
export function toNodeHandler(handler: ProxyHandler): (req: NodeRequest, res: NodeResponse) => Promise<void>;
