// Node (and Bun, Deno) as ES modules: the default export, the named exports.
import Telnyx, { Telnyx as Named, NotFoundError, RateLimitError, APIError } from 'telnyx-wasm';
import { scenario } from './scenario.mjs';

const out = await scenario(Telnyx, { apiKey: process.env.TELNYX_API_KEY, baseURL: process.env.TELNYX_BASE_URL });
out.exports = [Named === Telnyx, NotFoundError === Telnyx.NotFoundError, RateLimitError === Telnyx.RateLimitError, new NotFoundError() instanceof APIError];
console.log(`RESULT ${JSON.stringify(out)}`);
