// Both SDKs against createMock() under Vitest's happy-dom environment
// (vitest.config.mjs is the README's): a page-like global scope in Node.
import { describe, expect, test } from 'vitest';
import assert from 'node:assert/strict';
import TelnyxWasm from 'telnyx-wasm';
import Telnyx from 'telnyx';
import createMock from 'telnyx-mock';
import { flows } from './flows.mjs';

const KEY = 'KEY_compat_runner';

test('the tests run with a DOM: window, document and navigator are there', () => {
  expect(typeof window.document.createElement).toBe('function');
  expect(document.body).toBeInstanceOf(window.HTMLElement);
  expect(typeof navigator.userAgent).toBe('string');
});

test('telnyx-wasm takes the DOM for a page and refuses a key there without dangerouslyAllowBrowser', () => {
  expect(() => new TelnyxWasm({ apiKey: KEY })).toThrow(/dangerouslyAllowBrowser: true/);
});

for (const [sdk, Client] of [['telnyx-wasm', TelnyxWasm], ['telnyx', Telnyx]]) {
  const setup = (options) => {
    const mock = createMock({ apiKey: KEY, ...options });
    const client = new Client({ apiKey: KEY, baseURL: 'http://telnyx-mock.test/v2', fetch: mock.fetch, dangerouslyAllowBrowser: true });
    return { mock, client };
  };
  describe(`${sdk} with createMock()`, () => {
    for (const [name, fn] of flows(Client, setup, assert)) test(name, fn);
  });
}
