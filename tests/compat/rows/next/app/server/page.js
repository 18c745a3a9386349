// A server component.
import Telnyx from 'telnyx-wasm';
import { scenario } from '../../scenario.mjs';

export const dynamic = 'force-dynamic';

export default async function ServerPage() {
  const out = await scenario(Telnyx, { apiKey: process.env.TELNYX_API_KEY, baseURL: process.env.TELNYX_BASE_URL });
  return <pre id="result">{JSON.stringify(out)}</pre>;
}
