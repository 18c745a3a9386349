// The calls every row makes, with the Telnyx class the row imported its own
// way: a list iterated with `for await` across pages, a retrieve, and a
// missing id that must reject with Telnyx.NotFoundError. The row reports the
// result; the suite compares it with the mock's state.
export async function scenario(Telnyx, options) {
  const client = new Telnyx({ maxRetries: 0, ...options });
  const ids = [];
  for await (const account of client.managedAccounts.list({ 'page[size]': 2 })) ids.push(account.id);
  const retrieved = await client.managedAccounts.retrieve(ids[0]);
  let missing;
  try {
    await client.managedAccounts.retrieve('00000000-0000-4000-8000-000000000000');
  } catch (error) {
    missing = error;
  }
  return {
    listed: ids.length,
    retrieved: retrieved.data?.id === ids[0],
    notFound: [missing instanceof Telnyx.NotFoundError, missing?.status ?? String(missing)],
  };
}
