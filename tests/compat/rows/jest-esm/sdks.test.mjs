// Both SDKs against createMock() under Jest's ES module support
// (NODE_OPTIONS=--experimental-vm-modules jest): Jest's globals, no configuration.
import assert from 'node:assert/strict';
import TelnyxWasm from 'telnyx-wasm';
import Telnyx from 'telnyx';
import createMock from 'telnyx-mock';
import { flows } from './flows.mjs';

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
