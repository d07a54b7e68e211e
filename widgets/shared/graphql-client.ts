/**
 * The widgets' own small GraphQL client: POST JSON to `${endpoint}/graphql`, retry transient
 * failures, and share identical in-flight requests between widgets on the page.
 */

export interface GraphQLRequest {
  /** Gateway origin (or base path); the request goes to `${endpoint}/graphql`. */
  endpoint: string;
  token?: string | null;
  /** Sent as `X-Tandem-Tenant`, the gateway's tenant selector (else the token's or the first tenant). */
  tenant?: string | null;
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  /** Aborting rejects this caller only; the shared request stops when every caller has aborted. */
  signal?: AbortSignal;
  /** Total attempts for network errors, 5xx and 429. @default 3 */
  tries?: number;
  /** First backoff delay; doubles per retry, with jitter. @default 250 */
  baseDelayMs?: number;
}

/** A failed request: HTTP status and GraphQL `extensions.code` when known. */
export class GraphQLRequestError extends Error {
  readonly status?: number;
  readonly code?: string;
  constructor(message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'GraphQLRequestError';
    this.status = options.status;
    this.code = options.code;
  }
}

interface SharedRequest {
  promise: Promise<unknown>;
  controller: AbortController;
  callers: number;
}

/** In-flight requests by key. Module state, not DOM access: safe at top level under SSR. */
const inFlight = new Map<string, SharedRequest>();

/** JSON with sorted keys, so `{a, b}` and `{b, a}` variables share one request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const abortError = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The request was aborted.', 'AbortError');

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', abort, { once: true });
  });
}

/** Exponential backoff with jitter, so widgets that failed together do not retry in lockstep. */
export const backoff = (attempt: number, base: number): number =>
  base * 2 ** (attempt - 1) * (0.5 + Math.random());

interface GraphQLResponse {
  data?: unknown;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

async function readErrors(response: Response): Promise<GraphQLResponse['errors']> {
  try {
    return ((await response.json()) as GraphQLResponse).errors;
  } catch {
    return undefined;
  }
}

/** POSTs the operation to `${endpoint}/graphql` with the token and tenant headers. */
function post(request: GraphQLRequest, accept: string, signal: AbortSignal): Promise<Response> {
  const { endpoint, token, tenant, query, operationName, variables } = request;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenant) headers['x-tandem-tenant'] = tenant;
  const body = JSON.stringify({ query, variables: variables ?? {}, operationName });
  return fetch(`${endpoint.replace(/\/+$/, '')}/graphql`, { method: 'POST', headers, body, signal });
}

/**
 * Opens a subscription as server-sent events (fetch, not EventSource: only fetch sends the
 * Authorization header). Resolves with the streaming response; a refusal → GraphQLRequestError.
 */
export async function openStream(request: GraphQLRequest & { signal: AbortSignal }): Promise<Response> {
  const response = await post(request, 'text/event-stream', request.signal);
  if (response.ok && response.body) return response;
  const first = (await readErrors(response))?.[0];
  throw new GraphQLRequestError(first?.message ?? `The gateway answered HTTP ${response.status}`, {
    status: response.status,
    code: first?.extensions?.code,
  });
}

async function send(request: GraphQLRequest, signal: AbortSignal): Promise<unknown> {
  const { tries = 3, baseDelayMs = 250 } = request;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await post(request, 'application/json', signal);
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      if (attempt >= tries)
        throw new GraphQLRequestError(`Network error: ${(error as Error).message}`, { cause: error });
      await sleep(backoff(attempt, baseDelayMs), signal);
      continue;
    }
    const { status } = response;
    if (status >= 500 || status === 429) {
      if (attempt >= tries) throw new GraphQLRequestError(`The gateway answered HTTP ${status}`, { status });
      await sleep(backoff(attempt, baseDelayMs), signal);
      continue;
    }
    if (!response.ok) {
      const first = (await readErrors(response))?.[0];
      const message = first?.message ?? `The gateway answered HTTP ${status}`;
      throw new GraphQLRequestError(message, { status, code: first?.extensions?.code });
    }
    const result = (await response.json()) as GraphQLResponse;
    const first = result.errors?.[0];
    if (first)
      throw new GraphQLRequestError(first.message ?? 'GraphQL error', { code: first.extensions?.code });
    return result.data;
  }
}

/** Resolves with the attached caller's view of a shared request; aborting detaches only this caller. */
function attach<T>(key: string, shared: SharedRequest, signal?: AbortSignal): Promise<T> {
  shared.callers++;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', detach);
      finish();
    };
    const detach = () =>
      settle(() => {
        reject(abortError(signal!));
        if (--shared.callers === 0) {
          shared.controller.abort();
          if (inFlight.get(key) === shared) inFlight.delete(key);
        }
      });
    if (signal?.aborted) return detach();
    signal?.addEventListener('abort', detach, { once: true });
    shared.promise.then(
      (value) => settle(() => resolve(value as T)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/** Sends a GraphQL request (or joins an identical one already in flight) and resolves with `data`. */
export function request<T>(req: GraphQLRequest): Promise<T> {
  const { endpoint, token, tenant, query, operationName, variables } = req;
  const key = stableJson([endpoint, token ?? '', tenant ?? '', query, operationName ?? '', variables ?? {}]);
  let shared = inFlight.get(key);
  if (!shared) {
    const controller = new AbortController();
    const entry: SharedRequest = { controller, callers: 0, promise: send(req, controller.signal) };
    entry.promise.finally(() => inFlight.get(key) === entry && inFlight.delete(key)).catch(() => undefined);
    inFlight.set(key, entry);
    shared = entry;
  }
  return attach<T>(key, shared, req.signal);
}
