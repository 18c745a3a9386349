// The tests every test-runner row runs with each SDK, under the row's runner:
// `setup(mockOptions)` makes a createMock() and a client of `Telnyx` (the SDK's
// class) that reaches it the row's way (the `fetch` option, or MSW in front of
// the global fetch); `assert` is node:assert/strict. Each entry is
// [test name, function, { retries }]: `retries` marks the test that needs a
// retried response. prepare() makes flows.cjs from this file for CommonJS rows.
export function flows(Telnyx, setup, assert) {
  return [
    [
      'lists every account the mock holds, across pages of two',
      async () => {
        const { mock, client } = setup({ accounts: 5 });
        const ids = [];
        for await (const account of client.managedAccounts.list({ 'page[size]': 2 })) ids.push(account.id);
        const held = mock.state({ full: true }).accounts.map((a) => a.id);
        assert.deepEqual([...ids].sort(), [...held].sort());
        assert.equal(mock.requests({ operation: 'managedAccounts.list' }).length, 3);
      },
      {},
    ],
    [
      'creates and disables an account, which the mock then holds as disabled',
      async () => {
        const { mock, client } = setup({ accounts: 1 });
        const { data: account } = await client.managedAccounts.create({ business_name: "Larry's Cat Food Inc" });
        await client.managedAccounts.actions.disable(account.id);
        const held = mock.state({ full: true }).accounts.find((a) => a.id === account.id);
        assert.equal(held?.organization_name, "Larry's Cat Food Inc");
        assert.equal(held?.status, 'disabled');
      },
      {},
    ],
    [
      'retries a list after the 503 the mock injects',
      async () => {
        const { mock, client } = setup({ accounts: 3 });
        mock.addFault({ method: 'GET', path: '/managed_accounts', status: 503, headers: { 'retry-after-ms': '10' } });
        const page = await client.managedAccounts.list();
        assert.equal(page.data.length, 3);
        assert.deepEqual(
          mock.requests({ operation: 'managedAccounts.list' }).map((r) => r.status),
          [503, 200],
        );
      },
      { retries: true },
    ],
    [
      'rejects a missing account with NotFoundError and status 404',
      async () => {
        const { mock, client } = setup({});
        const missing = '00000000-0000-4000-8000-000000000000';
        const error = await client.managedAccounts.retrieve(missing).then(
          () => null,
          (e) => e,
        );
        assert.ok(error instanceof Telnyx.NotFoundError, String(error));
        assert.equal(error.status, 404);
        assert.equal(mock.requests({ operation: 'managedAccounts.retrieve' })[0]?.path, `/v2/managed_accounts/${missing}`);
      },
      {},
    ],
  ];
}
