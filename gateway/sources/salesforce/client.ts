/**
 * Salesforce's REST API as the connector uses it. OAuth: the access token is renewed with the
 * refresh token when missing or when a call answers INVALID_SESSION_ID (then that call is retried
 * once). Limits: every response reports the org's 24-hour usage in Sforce-Limit-Info; past
 * `slowDownAt` of the allocation requests are spaced out, past `stopAt` the sync stops (cursors
 * keep their place), because the allocation is shared with everyone else using the org.
 */
import { SourceError, SourceHttp, type SourceResponse, sleep, type Verdict } from '../http.js';
import type { SalesforceConfig } from './config.js';

export interface QueryPage<T> {
  totalSize: number;
  done: boolean;
  records: T[];
  nextRecordsUrl?: string;
}

interface TokenResponse {
  access_token: string;
  instance_url?: string;
}

export class SalesforceClient {
  readonly http: SourceHttp;
  private readonly tokenHttp: SourceHttp;
  private accessToken?: string;
  private instanceUrl?: string;
  /** Latest Sforce-Limit-Info reading. */
  usage?: { used: number; limit: number };

  constructor(
    readonly config: SalesforceConfig,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {
    this.accessToken = config.accessToken?.reveal();
    this.instanceUrl = config.instanceUrl;
    this.tokenHttp = new SourceHttp({ vendor: 'salesforce', policy: config.retry });
    this.http = new SourceHttp({
      vendor: 'salesforce',
      policy: config.retry,
      authorize: async (renew) => {
        if (renew || !this.accessToken) await this.renewToken();
        return { authorization: `Bearer ${this.accessToken}` };
      },
      judge: judgeSalesforce,
      observe: (response) => this.readUsage(response),
      pace: () => this.pace(),
      sleep: wait,
    });
  }

  query<T>(soql: string): Promise<QueryPage<T>> {
    return this.http.json<QueryPage<T>>({
      url: `${this.base()}/services/data/${this.config.apiVersion}/query?q=${encodeURIComponent(soql)}`,
    });
  }

  next<T>(nextRecordsUrl: string): Promise<QueryPage<T>> {
    return this.http.json<QueryPage<T>>({ url: `${this.base()}${nextRecordsUrl}` });
  }

  stats() {
    const { requests, retries, renewals } = this.http.stats;
    return {
      requests: requests + this.tokenHttp.stats.requests,
      retries: retries + this.tokenHttp.stats.retries,
      renewals,
    };
  }

  private base(): string {
    const base = this.instanceUrl ?? this.config.instanceUrl;
    // Before the first token there may be no instance yet: the token response names it.
    return (base ?? this.config.loginUrl).replace(/\/$/, '');
  }

  private async renewToken(): Promise<void> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret.reveal(),
      refresh_token: this.config.refreshToken.reveal(),
    });
    const token = await this.tokenHttp.json<TokenResponse>({
      url: `${this.config.loginUrl.replace(/\/$/, '')}/services/oauth2/token`,
      form,
      anonymous: true,
    });
    if (!token?.access_token)
      throw new SourceError('salesforce token refresh: the response has no access_token');
    this.accessToken = token.access_token;
    if (token.instance_url) this.instanceUrl = token.instance_url;
  }

  private readUsage(response: SourceResponse): void {
    const match = /api-usage=(\d+)\/(\d+)/.exec(response.headers.get('sforce-limit-info') ?? '');
    if (match) this.usage = { used: Number(match[1]), limit: Number(match[2]) };
  }

  private async pace(): Promise<void> {
    if (!this.usage || this.usage.limit === 0) return;
    const { used, limit } = this.usage;
    const share = used / limit;
    const { slowDownAt, stopAt, slowDownMs } = this.config;
    if (share >= stopAt) {
      throw new SourceError(
        `salesforce: stopping at ${used.toLocaleString('en')}/${limit.toLocaleString('en')} API calls of the org's 24-hour allocation (Sforce-Limit-Info), above ${Math.round(stopAt * 100)} %; run the sync again later, it resumes from its cursors`,
      );
    }
    if (share >= slowDownAt)
      await this.wait(Math.round((slowDownMs * (share - slowDownAt)) / (stopAt - slowDownAt)));
  }
}

function judgeSalesforce(response: SourceResponse): Verdict | null {
  if (response.status < 400 || !Array.isArray(response.body)) return null;
  const error = response.body[0] as { errorCode?: string; message?: string } | undefined;
  const described = `${error?.errorCode ?? 'error'}: ${error?.message ?? ''}`.trim();
  switch (error?.errorCode) {
    case 'INVALID_SESSION_ID':
      return { reauthenticate: described };
    case 'REQUEST_LIMIT_EXCEEDED':
      return {
        fail: `the org's API allocation is used up (${described}); run the sync again later, it resumes from its cursors`,
      };
    case 'SERVER_UNAVAILABLE':
    case 'UNABLE_TO_LOCK_ROW':
      return { retry: described };
    default:
      return response.status >= 500 || response.status === 429
        ? null
        : { fail: `HTTP ${response.status} ${described}` };
  }
}
