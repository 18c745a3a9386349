// A shared mock on Cloudflare Workers. Isolates share no memory, so each
// mock's one state lives in a Durable Object: `/<name>/v2/...` is served by
// the object called <name>, whatever isolate takes the request.
//
//   export { default, TelnyxMock } from 'telnyx-mock/worker';
//
// wrangler.toml binds the class as TELNYX_MOCK; TELNYX_MOCK_OPTIONS (a JSON
// text var) holds createMock()'s options for every object.
import { createMock } from './workerd.js';

export class TelnyxMock {
  constructor(state, env) {
    this.mock = createMock(env?.TELNYX_MOCK_OPTIONS ? JSON.parse(env.TELNYX_MOCK_OPTIONS) : {});
  }

  async fetch(request) {
    try {
      return await this.mock.fetch(request);
    } catch (error) {
      // A Worker cannot drop the client's connection: say so, as a 502 with no Telnyx body.
      if (error instanceof TypeError && error.message === 'fetch failed') {
        return new Response('telnyx-mock: dropped connection (a drop_connection fault)', { status: 502, headers: { 'x-telnyx-mock-dropped': 'true' } });
      }
      throw error;
    }
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, name, ...rest] = url.pathname.split('/');
    if (!name) {
      return Response.json({ errors: [{ title: 'telnyx-mock', detail: 'name a mock first: /<name>/v2/managed_accounts' }] }, { status: 404 });
    }
    const inner = new URL(`/${rest.join('/')}${url.search}`, url);
    const stub = env.TELNYX_MOCK.get(env.TELNYX_MOCK.idFromName(decodeURIComponent(name)));
    return stub.fetch(new Request(inner, request));
  },
};
