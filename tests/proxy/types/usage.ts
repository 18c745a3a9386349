// telnyx-wasm/proxy's types as installed: a Worker, a node:http listener, a Next.js route.
import { createProxy, toNodeHandler, type NodeRequest, type NodeResponse, type OperationName, type ProxyHandler } from 'telnyx-wasm/proxy';

const readOnly: OperationName[] = ['managedAccounts.list', 'organizations.users.getGroupsReport'];
const proxy: ProxyHandler = createProxy({
  apiKey: 'KEY',
  upstream: 'http://127.0.0.1:4010/v2',
  basePath: '/api/telnyx',
  allowedHosts: ['app.example.com'],
  allowedOrigins: ['https://app.example.com'],
  operations: readOnly,
  maxBodyBytes: 4096,
  rateLimit: { requests: 60, windowMs: 60_000, key: (request) => request.headers.get('cf-connecting-ip') ?? '' },
  log: (line) => console.log(line),
});
export default { fetch: (request: Request): Promise<Response> => proxy(request) };
export const listener: (req: NodeRequest, res: NodeResponse) => Promise<void> = toNodeHandler(proxy);
export { proxy as GET, proxy as POST };
