// Types of telnyx-mock/worker: a Worker serving mocks kept in Durable Objects.

/** What the Worker and its objects read from wrangler.toml's vars and the secrets. */
export interface TelnyxMockEnv {
  /** createMock()'s options for every object, as JSON text. */
  TELNYX_MOCK_OPTIONS?: string;
  /** A secret: the admin API needs `Authorization: Bearer <token>`. */
  TELNYX_MOCK_ADMIN_TOKEN?: string;
  /** A secret: the one key the API accepts (createMock()'s apiKey). */
  TELNYX_MOCK_API_KEY?: string;
  /** `true` serves hosts other than localhost without the two secrets. */
  TELNYX_MOCK_OPEN?: string | boolean;
}

/** Largest request body the Worker passes on, in bytes; a larger one is answered 413. */
export declare const BODY_LIMIT: number;

/** The Durable Object holding one mock's state in its SQLite storage (bind it as TELNYX_MOCK). */
export declare class TelnyxMock {
  constructor(ctx: unknown, env: TelnyxMockEnv);
  fetch(request: Request): Promise<Response>;
}

/** Routes `/<name>/...` to the Durable Object called <name>, after the access checks. */
declare const worker: {
  fetch(request: Request, env: TelnyxMockEnv & { TELNYX_MOCK: any }): Promise<Response>;
};
export default worker;
