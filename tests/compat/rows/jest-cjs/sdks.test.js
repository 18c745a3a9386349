// Both SDKs against createMock() under Jest, CommonJS (`jest`, no configuration).
const assert = require('node:assert/strict');
const TelnyxWasm = require('telnyx-wasm');
const Telnyx = require('telnyx');
const createMock = require('telnyx-mock');
const { flows } = require('./flows.cjs');

const KEY = 'KEY_compat_runner';

for (const [sdk, Client] of [['telnyx-wasm', TelnyxWasm], ['telnyx', Telnyx]]) {
  const setup = (options) => {
    const mock = createMock({ apiKey: KEY, ...options });
    return { mock, client: new Client({ apiKey: KEY, baseURL: 'http://telnyx-mock.test/v2', fetch: mock.fetch }) };
  };
  describe(`${sdk} with createMock()`, () => {
    for (const [name, fn] of flows(Client, setup, assert)) test(name, fn);
  });
}
