// Types of telnyx-wasm: the account-management part of the official `telnyx`
// SDK's surface, with the same names, parameters and resolved values.

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Headers as a plain object, `[name, value]` pairs or a `Headers`. */
export type HeadersLike = Record<string, string | null | undefined> | ReadonlyArray<readonly [string, string]> | Headers;

export interface ClientOptions {
  /** Defaults to `process.env.TELNYX_API_KEY` where there is an environment (Node). */
  apiKey?: string | null | undefined;
  /** Defaults to `process.env.TELNYX_PUBLIC_KEY`. Kept for webhook verification; these endpoints do not use it. */
  publicKey?: string | null | undefined;
  /**
   * OAuth client credentials (default `process.env.TELNYX_CLIENT_ID` / `TELNYX_CLIENT_SECRET`):
   * the client asks `{baseURL}/oauth/token` for a token and sends it as the bearer until it expires.
   */
  clientID?: string | null | undefined;
  clientSecret?: string | null | undefined;
  /** Defaults to `process.env.TELNYX_BASE_URL`, then `https://api.telnyx.com/v2`. In a page, a relative URL resolves against it. */
  baseURL?: string | null | undefined;
  /** Per attempt, in ms, covering the response headers and the whole body. Default 60000. Waits between attempts are not counted. */
  timeout?: number | undefined;
  /** The whole call, attempts and waits included, in ms. No limit by default. (telnyx-wasm only.) */
  callTimeout?: number | undefined;
  /** Retries after the first attempt for 408, 409, 429, 5xx and connection failures. Default 2. */
  maxRetries?: number | undefined;
  /** Headers sent with every request; a `null` value removes one the client would send. */
  defaultHeaders?: HeadersLike | undefined;
  /** Query parameters sent with every request; an operation's own parameter of the same name wins. */
  defaultQuery?: Record<string, QueryValue> | undefined;
  /** A `fetch` to use instead of the global one. */
  fetch?: Fetch | undefined;
  /** Fields added to every `fetch` call's `RequestInit` (e.g. `cache`, undici's `dispatcher`). */
  fetchOptions?: RequestInit | Record<string, unknown> | undefined;
  /** Allows an `apiKey` in a browser page, where anyone who opens the page can read it. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Default `process.env.TELNYX_LOG`, then `'warn'`. `info` logs each attempt; `debug` also the request, secrets masked. */
  logLevel?: LogLevel | undefined;
  /** Where log lines go. Default `console`. */
  logger?: Logger | undefined;
}

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export interface Logger {
  error: (message: string, ...rest: unknown[]) => void;
  warn: (message: string, ...rest: unknown[]) => void;
  info: (message: string, ...rest: unknown[]) => void;
  debug: (message: string, ...rest: unknown[]) => void;
}
export type QueryValue = string | number | boolean | null | undefined | { [key: string]: QueryValue };

export interface RequestOptions {
  /** Overrides the client's timeout for this call (ms, per attempt, body included). */
  timeout?: number | undefined;
  /** Overrides the client's callTimeout for this call. */
  callTimeout?: number | undefined;
  /** Overrides the client's maxRetries for this call. */
  maxRetries?: number | undefined;
  /** Aborting rejects the call at once with `APIUserAbortError`, also during a wait between attempts. */
  signal?: AbortSignal | null | undefined;
  /** Extra headers for this call, e.g. `{ 'Idempotency-Key': '...' }`; `null` removes a header. */
  headers?: HeadersLike | undefined;
  /** Sent as `Idempotency-Key`; lets a create be retried safely after an ambiguous failure. */
  idempotencyKey?: string | undefined;
  /** The query parameters, in place of a method's params (checked the same way). */
  query?: Record<string, QueryValue> | undefined;
  /** The JSON body, in place of a method's params (checked the same way). */
  body?: unknown;
  /** Must name the operation's own method when given; other endpoints go through `client.get(path)` and kin. */
  method?: string | undefined;
  /** Must name the operation's own path when given. */
  path?: string | undefined;
  /** Fields added to this call's `RequestInit`, over the client's. */
  fetchOptions?: RequestInit | Record<string, unknown> | undefined;
  /** Lists only: fetch the next page while the current one is being consumed (one page ahead). */
  prefetch?: boolean | undefined;
}

// ------------------------------------------------------------------ models

export interface ManagedAccountBalance {
  available_credit?: string;
  balance?: string;
  credit_limit?: string;
  currency?: string;
  record_type?: 'balance';
}

export interface ManagedAccount {
  id: string;
  api_key: string;
  api_token: string;
  api_user: string;
  created_at: string;
  email: string;
  manager_account_id: string;
  record_type: 'managed_account';
  updated_at: string;
  balance?: ManagedAccountBalance;
  managed_account_allow_custom_pricing?: boolean;
  organization_name?: string;
  rollup_billing?: boolean;
}

export interface ManagedAccountListResponse {
  id: string;
  api_user: string;
  created_at: string;
  email: string;
  manager_account_id: string;
  record_type: 'managed_account';
  updated_at: string;
  managed_account_allow_custom_pricing?: boolean;
  organization_name?: string;
  rollup_billing?: boolean;
}

export interface ManagedAccountCreateResponse {
  data?: ManagedAccount;
}
export interface ManagedAccountRetrieveResponse {
  data?: ManagedAccount;
}
export interface ManagedAccountUpdateResponse {
  data?: ManagedAccount;
}
export interface ActionDisableResponse {
  data?: ManagedAccount;
}
export interface ActionEnableResponse {
  data?: ManagedAccount;
}

export interface ManagedAccountGetAllocatableGlobalOutboundChannelsResponse {
  data?: {
    allocatable_global_outbound_channels?: number;
    managed_account_allow_custom_pricing?: boolean;
    record_type?: string;
    total_global_channels_allocated?: number;
  };
}

export interface ManagedAccountUpdateGlobalChannelLimitResponse {
  data?: {
    id?: string;
    channel_limit?: number;
    email?: string;
    manager_account_id?: string;
    record_type?: string;
  };
}

export interface UserGroupReference {
  id: string;
  name: string;
}

export interface OrganizationUser {
  id?: string;
  created_at?: string;
  email?: string;
  groups?: Array<UserGroupReference>;
  last_sign_in_at?: string | null;
  organization_user_bypasses_sso?: boolean;
  record_type?: string;
  user_status?: 'enabled' | 'disabled' | 'blocked';
}

export interface UserRetrieveResponse {
  data?: OrganizationUser;
}
export interface ActionRemoveResponse {
  data?: OrganizationUser;
}

export interface UserGetGroupsReportResponse {
  data?: Array<{
    id: string;
    created_at: string;
    email: string;
    groups: Array<UserGroupReference>;
    record_type: string;
    user_status: 'enabled' | 'disabled' | 'blocked';
    last_sign_in_at?: string | null;
    organization_user_bypasses_sso?: boolean;
  }>;
}

// ------------------------------------------------------------------ params

export interface DefaultFlatPaginationParams {
  /** 1 or more. */
  'page[number]'?: number;
  /** 1 to 250. */
  'page[size]'?: number;
}

export interface ManagedAccountListParams extends DefaultFlatPaginationParams {
  filter?: {
    email?: { contains?: string; eq?: string };
    organization_name?: { contains?: string; eq?: string };
    status?: { eq?: 'all' | 'active' | 'enabled' | 'cancelled' | 'disabled' | 'blocked' };
  };
  include_cancelled_accounts?: boolean;
  /** Ascending; prefix with `-` for descending. */
  sort?: 'created_at' | 'email' | '-created_at' | '-email';
}

export interface ManagedAccountCreateParams {
  business_name: string;
  email?: string;
  managed_account_allow_custom_pricing?: boolean;
  password?: string;
  rollup_billing?: boolean;
}

export interface ManagedAccountUpdateParams {
  managed_account_allow_custom_pricing?: boolean;
}

export interface ManagedAccountUpdateGlobalChannelLimitParams {
  /** 0 or more. */
  channel_limit?: number;
}

export interface ActionEnableParams {
  reenable_all_connections?: boolean;
}

export interface UserListParams extends DefaultFlatPaginationParams {
  'filter[email]'?: string;
  'filter[user_status]'?: 'enabled' | 'disabled' | 'blocked';
  include_groups?: boolean;
}

export interface UserRetrieveParams {
  include_groups?: boolean;
}

export interface UserGetGroupsReportParams {
  Accept?: 'application/json' | 'text/csv';
}

// ------------------------------------------------------------------ promises and pages

/** A promise of the parsed result that can also give the HTTP response. */
export declare class APIPromise<T> extends Promise<T> {
  protected constructor();
  /** The HTTP response (its body already read into the result; still readable here). */
  asResponse(): Promise<Response>;
  withResponse(): Promise<{ data: T; response: Response }>;
}

/** One page of a list. */
export declare class Page<Item> implements AsyncIterable<Item> {
  protected constructor();
  data: Array<Item>;
  meta: { page_number?: number; page_size?: number; total_pages?: number; total_results?: number };
  getPaginatedItems(): Item[];
  hasNextPage(): boolean;
  getNextPage(): Promise<Page<Item>>;
  iterPages(): AsyncGenerator<Page<Item>>;
  [Symbol.asyncIterator](): AsyncGenerator<Item>;
}

/** Await it for the first page, or `for await` it for every item across pages. */
export declare class PagePromise<Item> extends APIPromise<Page<Item>> implements AsyncIterable<Item> {
  [Symbol.asyncIterator](): AsyncGenerator<Item>;
}

export type ManagedAccountListResponsesDefaultFlatPagination = Page<ManagedAccountListResponse>;
export type OrganizationUsersDefaultFlatPagination = Page<OrganizationUser>;

// ------------------------------------------------------------------ resources

export interface ManagedAccountActions {
  disable(id: string, options?: RequestOptions): APIPromise<ActionDisableResponse>;
  enable(id: string, body?: ActionEnableParams | null, options?: RequestOptions): APIPromise<ActionEnableResponse>;
}

export interface ManagedAccounts {
  actions: ManagedAccountActions;
  list(query?: ManagedAccountListParams | null, options?: RequestOptions): PagePromise<ManagedAccountListResponse>;
  create(body: ManagedAccountCreateParams, options?: RequestOptions): APIPromise<ManagedAccountCreateResponse>;
  getAllocatableGlobalOutboundChannels(
    options?: RequestOptions,
  ): APIPromise<ManagedAccountGetAllocatableGlobalOutboundChannelsResponse>;
  retrieve(id: string, options?: RequestOptions): APIPromise<ManagedAccountRetrieveResponse>;
  update(
    id: string,
    body?: ManagedAccountUpdateParams | null,
    options?: RequestOptions,
  ): APIPromise<ManagedAccountUpdateResponse>;
  updateGlobalChannelLimit(
    id: string,
    body?: ManagedAccountUpdateGlobalChannelLimitParams | null,
    options?: RequestOptions,
  ): APIPromise<ManagedAccountUpdateGlobalChannelLimitResponse>;
}

export interface UserActions {
  remove(id: string, options?: RequestOptions): APIPromise<ActionRemoveResponse>;
}

export interface Users {
  actions: UserActions;
  list(query?: UserListParams | null, options?: RequestOptions): PagePromise<OrganizationUser>;
  getGroupsReport(params: { Accept: 'text/csv' }, options?: RequestOptions): APIPromise<string>;
  getGroupsReport(
    params?: { Accept?: 'application/json' } | null,
    options?: RequestOptions,
  ): APIPromise<UserGetGroupsReportResponse>;
  retrieve(id: string, query?: UserRetrieveParams | null, options?: RequestOptions): APIPromise<UserRetrieveResponse>;
}

export interface Organizations {
  users: Users;
}

// ------------------------------------------------------------------ errors

/** Telnyx's error object, as sent in `errors[]`. */
export interface TelnyxErrorObject {
  code?: string | number;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: { url?: string } & Record<string, unknown>;
}

/** Response headers, readable as `headers.get('x')` and as `headers['x']`. */
export type ErrorHeaders = Headers & { readonly [name: string]: unknown };

export declare class TelnyxError extends Error {}

/** Bad input, caught before anything was sent. */
export declare class ValidationError extends TelnyxError {}

export declare class APIError<
  TStatus extends number | undefined = number | undefined,
  THeaders extends ErrorHeaders | undefined = ErrorHeaders | undefined,
  TError extends object | undefined = object | undefined,
> extends TelnyxError {
  constructor(status: TStatus, error: TError, message: string | undefined, headers: THeaders);
  /** HTTP status of the response that caused the error. */
  readonly status: TStatus;
  readonly headers: THeaders;
  /** The parsed JSON body of the response, when it was JSON. */
  readonly error: TError;
  /** Telnyx's `errors[]` from the body (empty when there was none). */
  readonly errors: TelnyxErrorObject[];
  /** The `x-request-id` response header, to quote to Telnyx support. */
  readonly requestID: string | undefined;
  /** On a rate limit the client did not wait out: the wait the server asked for, in ms. */
  readonly retryAfterMs?: number;
}

export declare class APIUserAbortError extends APIError<undefined, undefined, undefined> {
  constructor(options?: { message?: string });
}
export declare class APIConnectionError extends APIError<undefined, undefined, undefined> {
  constructor(options?: { message?: string | undefined; cause?: Error | undefined });
}
export declare class APIConnectionTimeoutError extends APIConnectionError {
  constructor(options?: { message?: string });
}
export declare class BadRequestError extends APIError<400, ErrorHeaders> {}
export declare class AuthenticationError extends APIError<401, ErrorHeaders> {}
export declare class PermissionDeniedError extends APIError<403, ErrorHeaders> {}
export declare class NotFoundError extends APIError<404, ErrorHeaders> {}
export declare class ConflictError extends APIError<409, ErrorHeaders> {}
export declare class UnprocessableEntityError extends APIError<422, ErrorHeaders> {}
export declare class RateLimitError extends APIError<429, ErrorHeaders> {}
export declare class InternalServerError extends APIError<number, ErrorHeaders> {}

// ------------------------------------------------------------------ client

export declare class Telnyx {
  constructor(options?: ClientOptions | null);
  /** The key in use; not enumerable, so it never shows in `JSON.stringify(client)`. */
  readonly apiKey: string | null;
  baseURL: string;
  maxRetries: number;
  timeout: number;
  readonly publicKey: string | null;
  readonly clientID: string | null;
  readonly clientSecret: string | null;
  readonly logLevel: LogLevel;
  readonly logger: Logger;
  readonly fetchOptions: ClientOptions['fetchOptions'];
  managedAccounts: ManagedAccounts;
  organizations: Organizations;
  /** A new client with these options changed. */
  withOptions(options: Partial<ClientOptions>): this;

  /**
   * Endpoints this client does not wrap, with the same retries, errors and logging.
   * The path stays under `baseURL`: no scheme, host, `..` or query (use `query`).
   * Resolves with the parsed JSON body, or its text.
   */
  get<R = unknown>(path: string, options?: RequestOptions): APIPromise<R>;
  post<R = unknown>(path: string, options?: RequestOptions): APIPromise<R>;
  patch<R = unknown>(path: string, options?: RequestOptions): APIPromise<R>;
  put<R = unknown>(path: string, options?: RequestOptions): APIPromise<R>;
  delete<R = unknown>(path: string, options?: RequestOptions): APIPromise<R>;
  request<R = unknown>(options: RequestOptions & { method: string; path: string }): APIPromise<R>;

  static DEFAULT_TIMEOUT: number;
  static TelnyxError: typeof TelnyxError;
  static ValidationError: typeof ValidationError;
  static APIError: typeof APIError;
  static APIConnectionError: typeof APIConnectionError;
  static APIConnectionTimeoutError: typeof APIConnectionTimeoutError;
  static APIUserAbortError: typeof APIUserAbortError;
  static NotFoundError: typeof NotFoundError;
  static ConflictError: typeof ConflictError;
  static RateLimitError: typeof RateLimitError;
  static BadRequestError: typeof BadRequestError;
  static AuthenticationError: typeof AuthenticationError;
  static InternalServerError: typeof InternalServerError;
  static PermissionDeniedError: typeof PermissionDeniedError;
  static UnprocessableEntityError: typeof UnprocessableEntityError;
}

export default Telnyx;
