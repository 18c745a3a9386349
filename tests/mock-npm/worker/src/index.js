import shared, { TelnyxMock } from 'telnyx-mock/worker';
import createMock from 'telnyx-mock';
import TelnyxWasm from 'telnyx-wasm';
import Official from 'telnyx';
import { flow } from '../../shared/flow.js';

export { TelnyxMock };

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/__flows') {
      try {
        return Response.json({ official: await flow(Official, createMock), wasm: await flow(TelnyxWasm, createMock) });
      } catch (error) {
        return new Response(`${error.name}: ${error.message}\n${error.stack}`, { status: 500 });
      }
    }
    return shared.fetch(request, env);
  },
};
