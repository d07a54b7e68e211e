/**
 * HubSpot's REST API as the connector uses it: Bearer token, JSON both ways, and its rate-limit
 * rules on top of the shared retries. A 429 names its policy: TEN_SECONDLY_ROLLING clears within
 * seconds (wait Retry-After if sent, else the window), DAILY does not clear until tomorrow, so it
 * ends the sync with a clear message and the cursors where they are.
 */
import { retryAfterMs, SourceError, SourceHttp, type SourceResponse, type Verdict } from '../http.js';
import type { HubSpotConfig } from './config.js';

export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  propertiesWithHistory?: Record<string, { value: string | null; timestamp: string }[]>;
}

export interface Paged<T> {
  results: T[];
  paging?: { next?: { after?: string } };
}

export class HubSpotClient {
  readonly http: SourceHttp;
  private owners?: Promise<Map<string, string>>;

  constructor(readonly config: HubSpotConfig) {
    this.http = new SourceHttp({
      vendor: 'hubspot',
      policy: config.retry,
      authorize: async () => ({ authorization: `Bearer ${config.token.reveal()}` }),
      judge: (response) => judgeHubSpot(response, config.tenSecondlyWaitMs),
    });
  }

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const url = new URL(path, this.config.baseUrl);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return this.http.json<T>({ url: url.toString() });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.http.json<T>({
      method: 'POST',
      url: new URL(path, this.config.baseUrl).toString(),
      json: body,
    });
  }

  /**
   * Owner id → email, read once per connector: activities and records name their owner by id.
   * An app without the owners scope (403) gets records without owners rather than no records.
   */
  ownerEmails(): Promise<Map<string, string>> {
    this.owners ??= (async () => {
      const emails = new Map<string, string>();
      let after: string | undefined;
      try {
        do {
          const page = await this.get<Paged<{ id: string; email?: string }>>('/crm/v3/owners', {
            limit: 100,
            after,
          });
          for (const owner of page.results ?? []) if (owner.email) emails.set(String(owner.id), owner.email);
          after = page.paging?.next?.after;
        } while (after);
      } catch (error) {
        if (!(error instanceof SourceError) || !/: HTTP 403 /.test(error.message)) throw error;
      }
      return emails;
    })();
    return this.owners;
  }
}

function judgeHubSpot(response: SourceResponse, tenSecondlyWaitMs: number): Verdict | null {
  if (response.status !== 429) return null;
  const policy = (response.body as { policyName?: string } | undefined)?.policyName;
  if (policy === 'DAILY') {
    return {
      fail: 'HubSpot daily API limit reached (policyName DAILY); run the sync again tomorrow, it resumes from its cursors',
    };
  }
  return {
    retry: `HTTP 429 rate limited (policyName ${policy ?? 'not given'})`,
    afterMs: retryAfterMs(response.headers) ?? tenSecondlyWaitMs,
  };
}
