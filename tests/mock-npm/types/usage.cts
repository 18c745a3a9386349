// The CommonJS entry's types: require('telnyx-mock') is createMock.
import createMock = require('telnyx-mock');

const mock = createMock.createMock({ accounts: 1 });
const again = createMock.default({ accounts: 2 });
export const fetches: Array<(input: string) => Promise<Response>> = [mock.fetch, again.fetch];
