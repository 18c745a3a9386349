import Telnyx from 'telnyx-wasm';
import { scenario } from '../scenario.mjs';

export default {
  async fetch(request, env) {
    try {
      return Response.json(await scenario(Telnyx, { apiKey: env.TELNYX_API_KEY, baseURL: `${env.MOCK_URL}/v2` }));
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
