// Node (and Bun) as CommonJS, written as for the official package:
// `const Telnyx = require(...)` is callable with `new`, and carries
// `.default`, `.Telnyx`, the error classes and every named export.
const Telnyx = require('telnyx-wasm');
const { NotFoundError, RateLimitError, APIError } = require('telnyx-wasm');
const { scenario } = require('./scenario.cjs');

scenario(Telnyx, { apiKey: process.env.TELNYX_API_KEY, baseURL: process.env.TELNYX_BASE_URL }).then(async (out) => {
  const viaDefault = new (require('telnyx-wasm').default)({ apiKey: 'k', baseURL: process.env.TELNYX_BASE_URL });
  const page = await viaDefault.managedAccounts.list({ 'page[size]': 1 });
  out.exports = [
    typeof Telnyx,
    new Telnyx({ apiKey: 'k' }) instanceof Telnyx,
    Telnyx.default === Telnyx.Telnyx,
    NotFoundError === Telnyx.NotFoundError,
    RateLimitError === Telnyx.RateLimitError,
    new RateLimitError() instanceof APIError,
    page.data.length,
  ];
  console.log(`RESULT ${JSON.stringify(out)}`);
});
