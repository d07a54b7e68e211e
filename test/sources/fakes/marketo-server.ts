/**
 * A fake Marketo instance on loopback: client-credentials tokens that expire (602) or are unknown
 * (601), errors inside HTTP 200 bodies, paging tokens over activities (with empty pages that still
 * say moreResult: true), leads by id, programs with their costs. Activities and leads can be
 * generated on demand, so the benchmark serves a million activities without holding them.
 */
import { type FakeRequest, type FakeResponse, FakeServer } from './fake-server.js';

export interface FakeActivity {
  id: number;
  marketoGUID: string;
  leadId: number;
  activityDate: string;
  activityTypeId: number;
  primaryAttributeValueId?: number;
  primaryAttributeValue?: string;
  attributes: { name: string; value: unknown }[];
}

export interface FakeLead {
  id: number;
  email: string | null;
  firstName?: string;
  lastName?: string;
  title?: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeProgram {
  id: number;
  name: string;
  channel: string;
  updatedAt: string;
  costs?: { startDate: string; cost: number; note?: string }[];
}

export class FakeMarketo {
  readonly clientId = 'mkto-client-id';
  readonly clientSecret = 'mkto-client-secret';
  readonly server = new FakeServer((request) => this.route(request));
  tokenLifetimeSeconds = 3600;
  tokensIssued = 0;
  /** Activities in time order: a list, or a generator with a count (for the benchmark). */
  activities: FakeActivity[] = [];
  activityAt?: (index: number) => FakeActivity;
  activityCount?: number;
  leads = new Map<number, FakeLead>();
  leadFor?: (id: number) => FakeLead | undefined;
  programs: FakeProgram[] = [];
  /** Offsets at which an empty page (moreResult still true) comes first. */
  emptyPagesAt = new Set<number>();
  private readonly tokens = new Map<string, number>();

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

  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  forgetTokens(): void {
    this.tokens.clear();
  }

  private get count(): number {
    return this.activityCount ?? this.activities.length;
  }

  private activity(index: number): FakeActivity {
    return this.activityAt ? this.activityAt(index) : this.activities[index]!;
  }

  private route(request: FakeRequest): FakeResponse {
    const { path, query } = request;
    if (path === '/identity/oauth/token') return this.token(query);
    const token =
      /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? query.get('access_token') ?? '';
    const expires = this.tokens.get(token);
    if (expires === undefined) return failure('601', 'Access token invalid');
    if (expires <= Date.now()) return failure('602', 'Access token expired');
    if (path === '/rest/v1/activities/pagingtoken.json') {
      const since = Date.parse(query.get('sinceDatetime') ?? '');
      let first = 0;
      while (first < this.count && Date.parse(this.activity(first).activityDate) < since) first++;
      return ok({ nextPageToken: `P:${first}` });
    }
    if (path === '/rest/v1/activities.json') return this.activityPage(query);
    if (path === '/rest/v1/leads.json') {
      const ids = (query.get('filterValues') ?? '').split(',').filter(Boolean).map(Number);
      if (ids.length > 300) return failure('1003', 'Too many filter values');
      const found = ids
        .map((id) => this.leadFor?.(id) ?? this.leads.get(id))
        .filter((lead): lead is FakeLead => !!lead);
      return ok({ result: found });
    }
    if (path === '/rest/asset/v1/programs.json') {
      const offset = Number(query.get('offset') ?? 0);
      const max = Number(query.get('maxReturn') ?? 20);
      const from = query.get('earliestUpdatedAt');
      const to = query.get('latestUpdatedAt');
      const matching = this.programs.filter(
        (program) => (!from || program.updatedAt >= from) && (!to || program.updatedAt <= to),
      );
      const page = matching.slice(offset, offset + max);
      return page.length
        ? ok({ result: page })
        : ok({ warnings: ['No assets found for the given search criteria.'] });
    }
    const program = /^\/rest\/asset\/v1\/program\/(\d+)\.json$/.exec(path);
    if (program) {
      const found = this.programs.find((candidate) => candidate.id === Number(program[1]));
      return found ? ok({ result: [found] }) : failure('702', 'No data found for given search scope');
    }
    return { status: 404, json: { message: `no route ${path}` } };
  }

  private token(query: URLSearchParams): FakeResponse {
    if (query.get('client_id') !== this.clientId || query.get('client_secret') !== this.clientSecret) {
      return { status: 401, json: { error: 'invalid_client', error_description: 'Bad client credentials' } };
    }
    const token = `mkto-token-${++this.tokensIssued}`;
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    return {
      json: {
        access_token: token,
        token_type: 'bearer',
        expires_in: this.tokenLifetimeSeconds,
        scope: 'api@example.com',
      },
    };
  }

  private activityPage(query: URLSearchParams): FakeResponse {
    const token = query.get('nextPageToken') ?? '';
    const match = /^([PE]):(\d+)$/.exec(token);
    if (!match) return failure('1029', 'Invalid nextPageToken');
    const start = Number(match[2]);
    if (match[1] === 'P' && this.emptyPagesAt.has(start)) {
      return ok({ nextPageToken: `E:${start}`, moreResult: true });
    }
    const size = Math.min(Number(query.get('batchSize') ?? 300), 300);
    const types = new Set((query.get('activityTypeIds') ?? '').split(',').filter(Boolean).map(Number));
    const end = Math.min(this.count, start + size);
    const result: FakeActivity[] = [];
    for (let index = start; index < end; index++) {
      const activity = this.activity(index);
      if (types.size === 0 || types.has(activity.activityTypeId)) result.push(activity);
    }
    return ok({
      nextPageToken: `P:${end}`,
      moreResult: end < this.count,
      ...(result.length ? { result } : {}),
    });
  }
}

function ok(body: Record<string, unknown>): FakeResponse {
  return { json: { requestId: `req-${Math.random().toString(36).slice(2, 8)}`, success: true, ...body } };
}

export function failure(code: string, message: string): FakeResponse {
  return { json: { requestId: 'req-failed', success: false, errors: [{ code, message }] } };
}

export function failureBody(code: string, message: string): string {
  return JSON.stringify(failure(code, message).json);
}
