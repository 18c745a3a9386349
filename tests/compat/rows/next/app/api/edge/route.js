// A route on Next.js's (deprecated) Edge runtime, which takes the browser
// entry: it works in webpack's build; in Turbopack's the .wasm cannot be
// fetched and the call must fail saying what to do.
import Telnyx from 'telnyx-wasm';
import { scenario } from '../../../scenario.mjs';

export const runtime = 'edge';

export async function GET() {
  try {
    return Response.json(await scenario(Telnyx, { apiKey: process.env.TELNYX_API_KEY, baseURL: process.env.TELNYX_BASE_URL }));
  } catch (error) {
    return Response.json({ name: error?.name, message: String(error?.message ?? error) }, { status: 500 });
  }
}
