// A bundled web app: esbuild bundles this file with telnyx-wasm for the browser.
import Telnyx from 'telnyx-wasm';

const mock = new URLSearchParams(location.search).get('mock');
const client = new Telnyx({ apiKey: 'KEY_bundled', baseURL: `${mock}/v2`, dangerouslyAllowBrowser: true });
const out = {};
try {
  const page = await client.managedAccounts.list({ 'page[size]': 3 });
  out.pageSize = page.data.length;
  out.next = page.hasNextPage();
  out.report = (await client.organizations.users.getGroupsReport({ Accept: 'text/csv' })).split('\n')[0];
} catch (error) {
  out.unexpected = `${error.name}: ${error.message}`;
}
window.__result = out;
