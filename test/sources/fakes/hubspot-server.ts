/**
 * A fake HubSpot on loopback, reproducing what the connector relies on (UPSTREAM-APIS.md):
 * search with GTE/LTE filters on the modification date, ascending sort, `limit` ≤ 200, offset
 * paging through `after` and a 400 past 10,000; batch reads (with propertiesWithHistory and
 * idProperty=email); v4 association batch reads; owners; email events; forms and their
 * submissions (newest first); Bearer authentication. Faults come from FakeServer.
 */
import { type FakeRequest, type FakeResponse, FakeServer } from './fake-server.js';

export interface FakeObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, { value: string; timestamp: string }[]>;
}

export interface FakeEmailEvent {
  id: string;
  created: number;
  recipient: string;
  type: 'OPEN' | 'CLICK' | 'SENT';
  url?: string;
  filteredEvent?: boolean;
}

export class FakeHubSpot {
  readonly token = 'hubspot-test-token';
  readonly objects = new Map<string, Map<string, FakeObject>>();
  /** `deals:1:contacts` → ['7', '8'] */
  readonly associations = new Map<string, string[]>();
  owners: { id: string; email: string }[] = [];
  emailEvents: FakeEmailEvent[] = [];
  /** Form id → submissions, newest first. */
  forms = new Map<
    string,
    {
      conversionId: string;
      submittedAt: number;
      pageUrl?: string;
      values: { name: string; value: string }[];
    }[]
  >();
  readonly server = new FakeServer((request) => this.route(request));

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

  put(type: string, object: FakeObject): void {
    let map = this.objects.get(type);
    if (!map) {
      map = new Map();
      this.objects.set(type, map);
    }
    map.set(object.id, object);
  }

  associate(from: string, id: string, to: string, targets: string[]): void {
    this.associations.set(`${from}:${id}:${to}`, targets);
  }

  private route(request: FakeRequest): FakeResponse {
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return {
        status: 401,
        json: {
          status: 'error',
          message: 'Authentication credentials not found.',
          category: 'INVALID_AUTHENTICATION',
        },
      };
    }
    const { path } = request;
    const search = /^\/crm\/v3\/objects\/(\w+)\/search$/.exec(path);
    if (search) return this.search(search[1]!, request.body as SearchBody);
    const batch = /^\/crm\/v3\/objects\/(\w+)\/batch\/read$/.exec(path);
    if (batch) return this.batchRead(batch[1]!, request.body as BatchBody);
    const association = /^\/crm\/v4\/associations\/(\w+)\/(\w+)\/batch\/read$/.exec(path);
    if (association) {
      const [, from, to] = association;
      const inputs = (request.body as { inputs: { id: string }[] }).inputs;
      const targets = (id: string) => this.associations.get(`${from}:${id}:${to}`);
      return {
        json: {
          status: 'COMPLETE',
          results: inputs
            .filter((input) => targets(input.id))
            .map((input) => ({
              from: { id: input.id },
              to: targets(input.id)!.map((id) => ({ toObjectId: Number(id), associationTypes: [] })),
            })),
        },
      };
    }
    if (path === '/crm/v3/owners') return this.paged(this.owners, request.query);
    if (path === '/email/public/v1/events') return this.events(request.query);
    if (path === '/marketing/v3/forms') {
      return this.paged(
        [...this.forms.keys()].map((id) => ({ id, name: `Form ${id}` })),
        request.query,
      );
    }
    const submissions = /^\/form-integrations\/v1\/submissions\/forms\/([\w-]+)$/.exec(path);
    if (submissions) return this.paged(this.forms.get(submissions[1]!) ?? [], request.query);
    return { status: 404, json: { status: 'error', message: `no route ${path}` } };
  }

  private search(type: string, body: SearchBody): FakeResponse {
    const filters = body.filterGroups?.[0]?.filters ?? [];
    const sortProperty = body.sorts?.[0]?.propertyName ?? 'hs_lastmodifieddate';
    const limit = Math.min(body.limit ?? 10, 200);
    const after = Number(body.after ?? 0);
    if (after + limit > 10_000) {
      return {
        status: 400,
        json: {
          status: 'error',
          message: 'Search results are limited to 10,000',
          category: 'VALIDATION_ERROR',
        },
      };
    }
    const at = (object: FakeObject, property: string) => Date.parse(object.properties[property] ?? '') || 0;
    const all = [...(this.objects.get(type)?.values() ?? [])]
      .filter((object) =>
        filters.every((filter) => {
          const value = at(object, filter.propertyName);
          return filter.operator === 'GTE' ? value >= Number(filter.value) : value <= Number(filter.value);
        }),
      )
      .sort((a, b) => at(a, sortProperty) - at(b, sortProperty) || Number(a.id) - Number(b.id));
    const page = all.slice(after, after + limit);
    return {
      json: {
        total: all.length,
        results: page.map((object) => this.view(object, body.properties ?? [])),
        ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}),
      },
    };
  }

  private batchRead(type: string, body: BatchBody): FakeResponse {
    const objects = this.objects.get(type) ?? new Map<string, FakeObject>();
    const found: FakeObject[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const object =
        body.idProperty === 'email'
          ? [...objects.values()].find(
              (candidate) => candidate.properties.email?.toLowerCase() === id.toLowerCase(),
            )
          : objects.get(id);
      if (object) found.push(object);
      else missing.push(id);
    }
    return {
      status: missing.length ? 207 : 200,
      json: {
        status: 'COMPLETE',
        results: found.map((object) => ({
          ...this.view(object, body.properties ?? []),
          ...(body.propertiesWithHistory
            ? { propertiesWithHistory: object.propertiesWithHistory ?? {} }
            : {}),
        })),
        ...(missing.length
          ? {
              numErrors: 1,
              errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: missing } }],
            }
          : {}),
      },
    };
  }

  private events(query: URLSearchParams): FakeResponse {
    const from = Number(query.get('startTimestamp'));
    const to = Number(query.get('endTimestamp'));
    const type = query.get('eventType');
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 1000);
    const matching = this.emailEvents
      .filter((event) => event.created >= from && event.created <= to && (!type || event.type === type))
      .sort((a, b) => a.created - b.created);
    const page = matching.slice(offset, offset + limit);
    const hasMore = offset + limit < matching.length;
    return { json: { events: page, hasMore, offset: hasMore ? String(offset + limit) : undefined } };
  }

  private paged<T>(items: T[], query: URLSearchParams): FakeResponse {
    const after = Number(query.get('after') ?? 0);
    const limit = Number(query.get('limit') ?? 100);
    const page = items.slice(after, after + limit);
    return {
      json: {
        results: page,
        ...(after + limit < items.length ? { paging: { next: { after: String(after + limit) } } } : {}),
      },
    };
  }

  /** An object as the API returns it: only the properties asked for. */
  private view(object: FakeObject, properties: string[]) {
    return {
      id: object.id,
      properties: Object.fromEntries(
        properties.filter((name) => name in object.properties).map((name) => [name, object.properties[name]]),
      ),
      archived: false,
    };
  }
}

interface SearchBody {
  filterGroups?: { filters: { propertyName: string; operator: 'GTE' | 'LTE'; value: string }[] }[];
  sorts?: { propertyName: string; direction: string }[];
  properties?: string[];
  limit?: number;
  after?: string;
}

interface BatchBody {
  inputs: { id: string }[];
  properties?: string[];
  propertiesWithHistory?: string[];
  idProperty?: string;
}
