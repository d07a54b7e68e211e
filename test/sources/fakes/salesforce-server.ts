/**
 * A fake Salesforce org on loopback: the OAuth refresh-token flow, SOQL queries the connector
 * sends (object, `Id IN (...)`, SystemModstamp bounds and the keyset condition) answered in pages
 * with nextRecordsUrl, INVALID_SESSION_ID once tokens expire, and Sforce-Limit-Info on every API
 * response (with REQUEST_LIMIT_EXCEEDED past the limit). Records are returned as stored, with
 * their relationship fields and sub-query results, whatever fields were asked for.
 */
import { type FakeRequest, type FakeResponse, FakeServer } from './fake-server.js';

export type FakeRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

export class FakeSalesforce {
  readonly clientId = 'sf-client-id';
  readonly clientSecret = 'sf-client-secret';
  readonly refreshToken = 'sf-refresh-token';
  readonly records = new Map<string, FakeRecord[]>();
  readonly server = new FakeServer((request) => this.route(request));
  apiUsed = 0;
  apiLimit = 100_000;
  pageSize = 200;
  tokensIssued = 0;
  /** Called before each query is answered (tests expire tokens mid-sync here). */
  onQuery?: (count: number) => void;
  private queries = 0;
  private readonly validTokens = new Set<string>();
  private readonly cursors = new Map<string, FakeRecord[]>();

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  get url() {
    return this.server.url;
  }

  close() {
    return this.server.close();
  }

  put(object: string, record: FakeRecord): void {
    const list = this.records.get(object) ?? [];
    const index = list.findIndex((existing) => existing.Id === record.Id);
    if (index >= 0) list[index] = record;
    else list.push(record);
    this.records.set(object, list);
  }

  expireTokens(): void {
    this.validTokens.clear();
  }

  /** Between tests: no tokens, no usage, counters from zero. */
  reset(): void {
    this.validTokens.clear();
    this.tokensIssued = 0;
    this.queries = 0;
    this.apiUsed = 0;
    this.apiLimit = 100_000;
    this.onQuery = undefined;
    this.pageSize = 200;
  }

  private route(request: FakeRequest): FakeResponse {
    if (request.path === '/services/oauth2/token') return this.token(request.body as Record<string, string>);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token)) {
      return {
        status: 401,
        json: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      };
    }
    this.apiUsed++;
    const headers = { 'sforce-limit-info': `api-usage=${this.apiUsed}/${this.apiLimit}` };
    if (this.apiUsed > this.apiLimit) {
      return {
        status: 403,
        headers,
        json: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      };
    }
    const locator = /^\/services\/data\/v[\d.]+\/query\/([\w-]+)$/.exec(request.path)?.[1];
    if (locator) {
      const rest = this.cursors.get(locator);
      if (!rest)
        return {
          status: 400,
          headers,
          json: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }],
        };
      return { headers, json: this.page(rest) };
    }
    if (/^\/services\/data\/v[\d.]+\/query$/.test(request.path)) {
      this.onQuery?.(++this.queries);
      return { headers, json: this.page(this.select(request.query.get('q') ?? '')) };
    }
    return { status: 404, headers, json: [{ message: `no route ${request.path}`, errorCode: 'NOT_FOUND' }] };
  }

  private token(form: Record<string, string>): FakeResponse {
    if (
      form.grant_type !== 'refresh_token' ||
      form.client_id !== this.clientId ||
      form.client_secret !== this.clientSecret
    ) {
      return {
        status: 400,
        json: { error: 'invalid_client', error_description: 'invalid client credentials' },
      };
    }
    if (form.refresh_token !== this.refreshToken) {
      return {
        status: 400,
        json: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
      };
    }
    const accessToken = `sf-access-${++this.tokensIssued}`;
    this.validTokens.add(accessToken);
    return {
      json: {
        access_token: accessToken,
        instance_url: this.url,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
      },
    };
  }

  /** Enough SOQL for the connector's queries. */
  private select(soql: string): FakeRecord[] {
    const outer = soql.replace(/\(SELECT[^)]*\)/g, '');
    const object = /FROM (\w+)/.exec(outer)?.[1] ?? '';
    const stamp = (value: string) => Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    let rows = [...(this.records.get(object) ?? [])];
    const ids = /Id IN \(([^)]*)\)/.exec(outer)?.[1];
    if (ids) {
      const wanted = new Set(ids.split(',').map((id) => id.trim().replace(/^'|'$/g, '')));
      rows = rows.filter((row) => wanted.has(row.Id));
    }
    const until = /SystemModstamp <= (\S+)/.exec(outer)?.[1];
    if (until) rows = rows.filter((row) => stamp(row.SystemModstamp) <= stamp(until));
    const since = /SystemModstamp >= (\S+)/.exec(outer)?.[1];
    if (since) rows = rows.filter((row) => stamp(row.SystemModstamp) >= stamp(since));
    const keyset = /SystemModstamp > (\S+) OR \(SystemModstamp = (\S+) AND Id > '([^']*)'\)/.exec(outer);
    if (keyset) {
      const at = stamp(keyset[1]!);
      rows = rows.filter(
        (row) => stamp(row.SystemModstamp) > at || (stamp(row.SystemModstamp) === at && row.Id > keyset[3]!),
      );
    }
    if (/ORDER BY SystemModstamp, Id/.test(outer)) {
      rows.sort(
        (a, b) =>
          stamp(a.SystemModstamp) - stamp(b.SystemModstamp) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0),
      );
    }
    return rows.map((row) => ({
      attributes: { type: object, url: `/services/data/v60.0/sobjects/${object}/${row.Id}` },
      ...row,
    }));
  }

  private page(rows: FakeRecord[]) {
    const records = rows.slice(0, this.pageSize);
    const rest = rows.slice(this.pageSize);
    let nextRecordsUrl: string | undefined;
    if (rest.length) {
      const locator = `01g${String(this.cursors.size + 1).padStart(6, '0')}-${this.pageSize}`;
      this.cursors.set(locator, rest);
      nextRecordsUrl = `/services/data/v60.0/query/${locator}`;
    }
    return {
      totalSize: rows.length,
      done: !nextRecordsUrl,
      records,
      ...(nextRecordsUrl ? { nextRecordsUrl } : {}),
    };
  }
}
