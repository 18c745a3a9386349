// Types of telnyx-mock/worker: a Worker serving mocks kept in Durable Objects.

/** The Durable Object holding one mock's state (bind it as TELNYX_MOCK). */
export declare class TelnyxMock {
  constructor(state: unknown, env: { TELNYX_MOCK_OPTIONS?: string });
  fetch(request: Request): Promise<Response>;
}

/** Routes `/<name>/...` to the Durable Object called <name>. */
declare const worker: {
  fetch(request: Request, env: { TELNYX_MOCK: any; TELNYX_MOCK_OPTIONS?: string }): Promise<Response>;
};
export default worker;
