// PUT /<name> with a body: the object <name>'s stored state (the rows
// telnyx-mock/worker writes) becomes that body. Answers the rows replaced.
export class TelnyxMock {
  constructor(ctx) {
    this.sql = ctx.storage.sql;
  }

  async fetch(request) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    const before = this.sql.exec("SELECT count(*) AS n FROM telnyx_mock_snapshot WHERE slot = 'state'").one().n;
    this.sql.exec("DELETE FROM telnyx_mock_snapshot WHERE slot = 'state'");
    this.sql.exec("INSERT INTO telnyx_mock_snapshot (slot, part, bytes) VALUES ('state', 0, ?)", bytes);
    return Response.json({ replaced: before });
  }
}

export default {
  fetch(request, env) {
    const name = new URL(request.url).pathname.slice(1);
    return env.TELNYX_MOCK.get(env.TELNYX_MOCK.idFromName(name)).fetch(request);
  },
};
