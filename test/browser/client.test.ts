import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widgets/index.js';
import type { Funnel, TandemFunnel } from '../../widgets/index.js';
import { GraphQLRequestError, request } from '../../widgets/shared/graphql-client.js';
import { funnel } from './fixtures.js';
import { jwt, mockGraphQL, recordedRequests, untilChart, untilState } from './helpers.js';

const ok = (data: Funnel = funnel) => ({ body: { data: { funnel: data } } });
const QUERY = 'query Q { funnel { from } }';

describe('widget requests', () => {
  it('maps filter attributes to MetricsFilter variables and omits unset ones', async () => {
    const endpoint = await mockGraphQL(ok());
    const el =
      await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint} token="t0k3n" tenant="nordlicht"
      from="2024-01-01" to="2024-03-31" segment="smb" region="emea" channel="paid-search"
      campaign="c-42" owner="u-7" team="t-3" locale="de-DE"></tandem-funnel>`);
    await untilState(el, 'ready');
    const [first] = await recordedRequests(endpoint);
    expect(first.authorization).to.equal('Bearer t0k3n');
    expect(first.tenant).to.equal('nordlicht');
    expect(first.body.operationName).to.equal('TandemFunnel');
    expect(first.body.query).to.contain('query TandemFunnel($filter: MetricsFilter, ');
    expect(first.body.variables).to.deep.equal({
      filter: {
        from: '2024-01-01',
        to: '2024-03-31',
        segment: 'smb',
        region: 'emea',
        channel: 'paid-search',
        campaignId: 'c-42',
        ownerId: 'u-7',
        teamId: 't-3',
      },
    });
    const bare = await mockGraphQL(ok());
    const plain = await fixture<TandemFunnel>(
      html`<tandem-funnel endpoint=${bare} region="na"></tandem-funnel>`,
    );
    await untilState(plain, 'ready');
    const [second] = await recordedRequests(bare);
    expect(second.authorization).to.equal(null);
    expect(second.tenant).to.equal(null);
    expect(second.body.variables).to.deep.equal({ filter: { region: 'na' } });
  });

  it('aborts the in-flight request when an attribute changes, and renders only the newer answer', async () => {
    const older = { ...funnel, from: '2024-01-01' };
    const newer = { ...funnel, from: '2024-02-01', stages: funnel.stages.slice(0, 2) };
    const endpoint = await mockGraphQL({ delay: 400, ...ok(older) }, ok(newer));
    const el = await fixture<TandemFunnel>(
      html`<tandem-funnel endpoint=${endpoint} from="2024-01-01"></tandem-funnel>`,
    );
    const loads: unknown[] = [];
    el.addEventListener('tandem-load', (e) => loads.push(e.detail.data));
    await aTimeout(50);
    el.setAttribute('from', '2024-02-01');
    await untilState(el, 'ready');
    await aTimeout(500); // the aborted answer would have arrived by now
    expect(loads).to.have.length(1);
    expect(el.data!.from).to.equal('2024-02-01');
    const requests = await recordedRequests(endpoint);
    expect(requests.map((r) => (r.body.variables.filter as { from: string }).from)).to.deep.equal([
      '2024-01-01',
      '2024-02-01',
    ]);
  });

  it('de-duplicates identical widgets into one request', async () => {
    const endpoint = await mockGraphQL({ delay: 200, ...ok() });
    const page = await fixture(html`<div>
      <tandem-funnel endpoint=${endpoint} region="emea"></tandem-funnel>
      <tandem-funnel endpoint=${endpoint} region="emea"></tandem-funnel>
    </div>`);
    const [a, b] = page.querySelectorAll('tandem-funnel');
    await Promise.all([untilState(a, 'ready'), untilState(b, 'ready')]);
    await Promise.all([untilChart(a), untilChart(b)]);
    expect(await recordedRequests(endpoint)).to.have.length(1);
  });

  it('retries a 503 with backoff, then renders', async () => {
    const endpoint = await mockGraphQL({ status: 503 }, ok());
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint}></tandem-funnel>`);
    await untilState(el, 'ready');
    expect(await recordedRequests(endpoint)).to.have.length(2);
  });

  it('fires tandem-error with status 401 when there is no tokenProvider', async () => {
    const endpoint = await mockGraphQL({
      status: 401,
      body: { errors: [{ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    const el = await fixture<TandemFunnel>(
      html`<tandem-funnel endpoint=${endpoint} token="stale"></tandem-funnel>`,
    );
    const { detail } = await oneEvent(el, 'tandem-error');
    expect(detail).to.deep.equal({ message: 'Token expired', status: 401, code: 'UNAUTHENTICATED' });
    expect(await recordedRequests(endpoint)).to.have.length(1);
  });

  it('after a 401, asks tokenProvider once and retries with the fresh token', async () => {
    const endpoint = await mockGraphQL({ status: 401 }, ok());
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint} token="stale"
      .tokenProvider=${async () => 'fresh'}></tandem-funnel>`);
    await untilState(el, 'ready');
    const requests = await recordedRequests(endpoint);
    expect(requests.map((r) => r.authorization)).to.deep.equal(['Bearer stale', 'Bearer fresh']);
  });

  it('refreshes the token 60 s before its exp while keeping the chart, and uses it next time', async () => {
    const endpoint = await mockGraphQL(ok());
    let calls = 0;
    const fresh = jwt(3600);
    const provider = async () => ++calls && fresh;
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint} token=${jwt(61)}
      .tokenProvider=${provider}></tandem-funnel>`);
    await untilChart(el);
    const states: string[] = [];
    el.addEventListener('tandem-load', () => states.push('load'));
    await waitUntil(() => calls === 1, 'tokenProvider was not called', { timeout: 3000 });
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(el.token).to.equal(fresh);
    expect(states).to.deep.equal([]); // no reload: the data and state were kept
    await el.refresh();
    const requests = await recordedRequests(endpoint);
    expect(requests.at(-1)!.authorization).to.equal(`Bearer ${fresh}`);
  });

  it('fires tandem-token-expiring when the token is about to expire and there is no provider', async () => {
    const token = jwt(61);
    const el = await fixture<TandemFunnel>(
      html`<tandem-funnel token=${token} .data=${funnel}></tandem-funnel>`,
    );
    const { detail } = await oneEvent(el, 'tandem-token-expiring');
    const exp = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp as number;
    expect(detail.expiresAt.getTime()).to.equal(exp * 1000);
    expect(el.state).to.equal('ready');
  });
});

describe('graphql-client', () => {
  it('shares identical in-flight requests; aborting one caller leaves the other', async () => {
    const endpoint = await mockGraphQL({ delay: 200, body: { data: { funnel: { from: 'x' } } } });
    const controller = new AbortController();
    const first = request({ endpoint, query: QUERY, variables: { b: 1, a: 2 }, signal: controller.signal });
    const second = request<{ funnel: { from: string } }>({
      endpoint,
      query: QUERY,
      variables: { a: 2, b: 1 },
    });
    controller.abort();
    const [aborted, answered] = await Promise.allSettled([first, second]);
    expect(aborted.status).to.equal('rejected');
    expect(((aborted as PromiseRejectedResult).reason as DOMException).name).to.equal('AbortError');
    expect((answered as PromiseFulfilledResult<{ funnel: { from: string } }>).value.funnel.from).to.equal(
      'x',
    );
    expect(await recordedRequests(endpoint)).to.have.length(1);
  });

  it('tries at most 3 times on 5xx/429, never on other 4xx or GraphQL errors', async () => {
    const fails = async (answer: object) => {
      const endpoint = await mockGraphQL(answer);
      const error = await request({ endpoint, query: QUERY, baseDelayMs: 5 }).catch(
        (e: GraphQLRequestError) => e,
      );
      return { error: error as GraphQLRequestError, tries: (await recordedRequests(endpoint)).length };
    };
    expect(await fails({ status: 503 })).to.deep.include({ tries: 3 });
    expect((await fails({ status: 429 })).tries).to.equal(3);
    const badRequest = await fails({
      status: 400,
      body: { errors: [{ message: 'Variable "$filter" got invalid value' }] },
    });
    expect(badRequest.tries).to.equal(1);
    expect(badRequest.error.status).to.equal(400);
    const graphqlError = await fails({
      body: {
        errors: [
          { message: 'Unknown campaign: c-9', extensions: { code: 'NOT_FOUND' } },
          { message: 'second' },
        ],
      },
    });
    expect(graphqlError.tries).to.equal(1);
    expect(graphqlError.error).to.be.instanceOf(GraphQLRequestError);
    expect(graphqlError.error.message).to.equal('Unknown campaign: c-9');
    expect(graphqlError.error.code).to.equal('NOT_FOUND');
  });

  it('retries network errors and then reports them', async () => {
    const started = performance.now();
    const error = await request({ endpoint: 'http://127.0.0.1:9', query: QUERY, baseDelayMs: 40 }).catch(
      (e: Error) => e,
    );
    expect((error as GraphQLRequestError).message).to.match(/^Network error/);
    expect(performance.now() - started).to.be.at.least(60); // two backoffs: ≥ 20 ms + ≥ 40 ms
  });
});
