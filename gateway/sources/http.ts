/**
 * JSON over HTTP for the connectors, with retries where a retry can succeed: 429, 5xx, 408,
 * timeouts, dropped connections, and bodies that arrive cut off or are not JSON (a truncated page
 * is a transport failure, never data). Waits grow exponentially with jitter, so many tenants that
 * failed together do not retry together; a Retry-After header is honoured as the vendor's word.
 * Everything is bounded: a number of attempts, a longest single wait, a timeout per request.
 * Vendors add their own rules through `judge` (Marketo's errors inside a 200, HubSpot's daily
 * policy, Salesforce's expired session), and `authorize` renews credentials once when refused.
 */
import { redactUrl } from './secret.js';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** The first retry waits about this long; each further one about twice as long. */
  baseDelayMs: number;
  /** Backoff never waits longer than this. */
  maxDelayMs: number;
  /** One request, body included. */
  timeoutMs: number;
  /** A Retry-After longer than this fails the sync (the cursor keeps its place) instead of hanging. */
  longestWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
  longestWaitMs: 120_000,
};

export interface SourceResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when the body is empty or not JSON. */
  body: unknown;
}

export type Verdict =
  | { ok: true }
  | { retry: string; afterMs?: number }
  | { reauthenticate: string }
  | { fail: string };

export interface SourceRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (OAuth token requests). */
  form?: URLSearchParams;
  /** Set for requests that must not carry the authorization (the token request itself). */
  anonymous?: boolean;
}

export interface SourceHttpOptions {
  /** For messages: `hubspot`, `salesforce`... */
  vendor: string;
  policy?: Partial<RetryPolicy>;
  /** Headers that authenticate a request; `renew` after the vendor said the credentials expired. */
  authorize?: (renew: boolean) => Promise<Record<string, string>>;
  /** Vendor rules, asked before the defaults; null leaves the decision to them. */
  judge?: (response: SourceResponse) => Verdict | null;
  /** Awaited before every request (Salesforce slows down near its daily allocation). */
  pace?: () => Promise<void>;
  /** Sees every response (Salesforce reads its usage header here). */
  observe?: (response: SourceResponse) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A source request that failed for good; the message names the vendor, the request and why. */
export class SourceError extends Error {
  override name = 'SourceError';
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SourceHttp {
  readonly policy: RetryPolicy;
  /** Requests sent and retries waited, for reports and tests. */
  readonly stats = { requests: 0, retries: 0, renewals: 0 };

  constructor(readonly options: SourceHttpOptions) {
    this.policy = { ...defaultRetryPolicy, ...options.policy };
  }

  async json<T>(request: SourceRequest): Promise<T> {
    const where = describe(this.options.vendor, request);
    const { authorize, judge, pace, observe } = this.options;
    let renew = false;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      await pace?.();
      const outcome = await this.send(request, renew);
      renew = false;
      let verdict: Verdict;
      if (typeof outcome === 'string') verdict = { retry: outcome };
      else {
        observe?.(outcome);
        verdict = judge?.(outcome) ?? defaultVerdict(outcome, !!authorize && !request.anonymous);
      }
      if ('ok' in verdict) return (outcome as SourceResponse).body as T;
      if ('fail' in verdict) throw new SourceError(`${where}: ${verdict.fail}`);
      if ('reauthenticate' in verdict) {
        if (renewed || !authorize) {
          throw new SourceError(
            `${where}: ${verdict.reauthenticate}, and still refused after renewing the credentials`,
          );
        }
        renewed = true;
        renew = true;
        this.stats.renewals++;
        attempt--; // the vendor said why; retrying once with a fresh token is not a failure
        continue;
      }
      if (attempt >= this.policy.attempts) {
        throw new SourceError(`${where}: gave up after ${attempt} attempts; the last: ${verdict.retry}`);
      }
      const wait = verdict.afterMs === undefined ? this.backoff(attempt) : verdict.afterMs + this.jitter(250);
      if (wait > this.policy.longestWaitMs) {
        throw new SourceError(
          `${where}: asked to wait ${Math.ceil(wait / 1000)} s (${verdict.retry}); run the sync again later, it resumes where it stopped`,
        );
      }
      this.stats.retries++;
      await (this.options.sleep ?? sleep)(wait);
    }
  }

  /** Half of the exponential step, plus a random share of the other half ("equal jitter"). */
  backoff(attempt: number): number {
    const step = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return step / 2 + this.jitter(step / 2);
  }

  private jitter(upTo: number): number {
    return Math.floor((this.options.random ?? Math.random)() * upTo);
  }

  /** The response, or why there is none (a string: always worth a retry). */
  private async send(request: SourceRequest, renew: boolean): Promise<SourceResponse | string> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (this.options.authorize && !request.anonymous) {
      try {
        Object.assign(headers, await this.options.authorize(renew));
      } catch (error) {
        if (error instanceof SourceError) throw error;
        return `authentication failed: ${messageOf(error)}`;
      }
    }
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = request.form.toString();
    }
    this.stats.requests++;
    try {
      const response = await fetch(request.url, {
        method: request.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: parseJson(text) };
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return `no complete response within ${this.policy.timeoutMs} ms`;
      }
      return `connection failed: ${messageOf(error)}`;
    }
  }
}

function defaultVerdict(response: SourceResponse, canRenew: boolean): Verdict {
  const { status, text, body } = response;
  if (status >= 200 && status < 300) {
    if (text.trim() !== '' && body === undefined) {
      return {
        retry: `a ${text.length}-byte body that is not JSON (truncated or malformed): ${excerpt(text)}`,
      };
    }
    return { ok: true };
  }
  if (status === 401 && canRenew) return { reauthenticate: `HTTP 401 ${excerpt(text)}` };
  if (status === 408 || status === 429 || status >= 500) {
    return { retry: `HTTP ${status} ${excerpt(text)}`, afterMs: retryAfterMs(response.headers) };
  }
  return { fail: `HTTP ${status} ${excerpt(text)}` };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function excerpt(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

function describe(vendor: string, request: SourceRequest): string {
  const url = redactUrl(request.url);
  return `${vendor} ${request.method ?? (request.json || request.form ? 'POST' : 'GET')} ${url.length > 160 ? `${url.slice(0, 160)}…` : url}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
