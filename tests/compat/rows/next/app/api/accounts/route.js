// A route handler.
import Telnyx from 'telnyx-wasm';
import { scenario } from '../../../scenario.mjs';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json(await scenario(Telnyx, { apiKey: process.env.TELNYX_API_KEY, baseURL: process.env.TELNYX_BASE_URL }));
}
