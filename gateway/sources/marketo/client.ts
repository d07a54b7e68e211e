/**
 * Marketo's REST API as the connector uses it. Errors arrive as HTTP 200 with `success: false`:
 * 606 (rate limit, 100 calls / 20 s) and 615 (concurrency) clear by themselves, so they are
 * retried with backoff and jitter; 601/602 mean the access token is invalid or expired, so it is
 * renewed and the call retried once; 607 is the daily quota, which no retry clears today. Tokens
 * are also renewed a minute before they expire, rather than on the error.
 */
import { SourceError, SourceHttp, type SourceResponse, type Verdict } from '../http.js';
import type { MarketoConfig } from './config.js';

export interface MarketoResponse<T> {
  success: boolean;
  result?: T[];
  nextPageToken?: string;
  moreResult?: boolean;
  errors?: { code: string | number; message?: string }[];
  warnings?: string[];
}

const transient = new Set(['604', '606', '608', '611', '615', '713']);

export class MarketoClient {
  readonly http: SourceHttp;
  private readonly tokenHttp: SourceHttp;
  private token?: { value: string; renewAt: number };

  constructor(
    readonly config: MarketoConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.tokenHttp = new SourceHttp({ vendor: 'marketo', policy: config.retry });
    this.http = new SourceHttp({
      vendor: 'marketo',
      policy: config.retry,
      authorize: async (renew) => {
        if (renew || !this.token || this.now() >= this.token.renewAt) await this.renewToken();
        return { authorization: `Bearer ${this.token!.value}` };
      },
      judge: judgeMarketo,
    });
  }

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<MarketoResponse<T>> {
    const url = new URL(path, this.config.baseUrl);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return this.http.json<MarketoResponse<T>>({ url: url.toString() });
  }

  stats() {
    const { requests, retries, renewals } = this.http.stats;
    return {
      requests: requests + this.tokenHttp.stats.requests,
      retries: retries + this.tokenHttp.stats.retries,
      renewals,
    };
  }

  private async renewToken(): Promise<void> {
    const url = new URL('/identity/oauth/token', this.config.baseUrl);
    url.searchParams.set('grant_type', 'client_credentials');
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('client_secret', this.config.clientSecret.reveal());
    const token = await this.tokenHttp.json<{ access_token?: string; expires_in?: number }>({
      url: url.toString(),
      anonymous: true,
    });
    if (!token?.access_token)
      throw new SourceError('marketo token request: the response has no access_token');
    const lifetimeMs = (token.expires_in ?? 3600) * 1000;
    this.token = { value: token.access_token, renewAt: this.now() + Math.max(0, lifetimeMs - 60_000) };
  }
}

function judgeMarketo(response: SourceResponse): Verdict | null {
  const body = response.body as MarketoResponse<unknown> | undefined;
  if (response.status !== 200 || !body || body.success !== false) return null;
  const error = body.errors?.[0];
  const code = String(error?.code ?? '');
  const described = `Marketo error ${code || '?'}: ${error?.message ?? 'no message'}`;
  if (code === '601' || code === '602') return { reauthenticate: described };
  if (transient.has(code)) return { retry: described };
  if (code === '607')
    return {
      fail: `${described} (the daily API quota is used up); run the sync again tomorrow, it resumes from its cursors`,
    };
  return { fail: described };
}
