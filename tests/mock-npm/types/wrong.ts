// Wrong uses that must fail tsc: exactly 4 errors.
import createMock from 'telnyx-mock';

createMock({ acounts: 3 });
createMock({ accounts: '3' });
const mock = createMock();
mock.setAccountStatus('id', 'paused');
mock.addFault({ status: '503' });
