// Types of telnyx-mock: createMock() and the mock it returns.

/** createMock()'s options: the telnyx-mock program's flags, in camelCase. */
export interface MockOptions {
  /** Accept only `Bearer <apiKey>` (by default any non-empty bearer token). */
  apiKey?: string;
  /** Seed this many synthetic managed accounts instead of the default ones. */
  accounts?: number;
  /** Seed this many synthetic organization users instead of the default ones. */
  users?: number;
  /** A seed fixture (what `--seed FILE` holds); excludes accounts/users, state and scenario. */
  seed?: Record<string, unknown>;
  /** A snapshot to start from (what `mock.snapshot()` returns). */
  state?: Snapshot;
  /** A named scenario: default, empty-organization, cancelled-and-blocked, exhausted-channel-pool, rate-limited, many-accounts. */
  scenario?: string;
  /** Delay every API answer by this many milliseconds. */
  latencyMs?: number;
  /** Answer 413 to request bodies larger than this many bytes (default 1048576). */
  bodyLimit?: number;
  /** Requests per minute, beyond which the API answers 429. */
  rateLimit?: number;
  /** How many requests the log keeps (default 10000). */
  requestLog?: number;
  oauthClientId?: string;
  oauthClientSecret?: string;
  /** Seconds (default 3600). */
  oauthTokenLifetime?: number;
}

/** A fault rule, as POST /__admin/faults takes it. */
export interface FaultRule {
  method?: string;
  path?: string;
  times?: number;
  skip?: number;
  every?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  content_type?: string;
  delay_ms?: number;
  drop_connection?: boolean;
  after_commit?: boolean;
}

/** A rule as the mock keeps it: with its id and counts. */
export interface AddedFault extends FaultRule {
  id: number;
  matched?: number;
  hits?: number;
  remaining?: number;
  [field: string]: unknown;
}

export interface RecordedRequest {
  seq: number;
  request_id: string;
  method: string;
  path: string;
  query: string | null;
  headers: Record<string, string>;
  body: string | null;
  body_bytes: number;
  operation: string | null;
  status: number;
  fault: number | null;
  replayed: boolean;
}

export interface RequestFilter {
  method?: string;
  path?: string;
  operation?: string;
  since?: number;
}

/** The whole state, as GET /__admin/snapshot answers it. */
export type Snapshot = Record<string, unknown>;

/** The engine's raw answer to one request. */
export interface EngineAnswer {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  delayMs: number;
  drop: boolean;
  requestId: string;
  note: string;
}

export interface Mock {
  /** A WHATWG fetch answered in-process: `new Telnyx({ fetch: mock.fetch })`. A dropped-connection fault rejects with a TypeError. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** One request given as parts (headers alternate names and values); the host carries out delayMs and drop. */
  handle(method: string, target: string, headers: string[], body: Uint8Array): EngineAnswer;
  addFault(rule: FaultRule): AddedFault;
  addFault(rules: FaultRule[]): AddedFault[];
  faults(): AddedFault[];
  clearFaults(): void;
  removeFault(id: number): void;
  reset(): void;
  requests(filter?: RequestFilter): RecordedRequest[];
  clearRequests(): void;
  state(options?: { full?: boolean }): Record<string, any>;
  setAccountStatus(id: string, status: 'enabled' | 'disabled' | 'cancelled' | 'blocked'): Record<string, any>;
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): Record<string, number>;
  scenarios(): { name: string; description: string }[];
  loadScenario(name: string): Record<string, number>;
}

/** A mock with its own state; bad options throw an Error that says which. */
export declare function createMock(options?: MockOptions): Mock;
export default createMock;
