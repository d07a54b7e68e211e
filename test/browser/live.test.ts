import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widgets/sla-gauge/sla-gauge.js';
import type { Sla, TandemSlaGauge } from '../../widgets/sla-gauge/sla-gauge.js';
import { sla } from './fixtures.js';
import { jwt, mockGraphQL, recordedRequests, shadow, untilState } from './helpers.js';

/** The live stand-in of a mock session (test/browser/live-mock.mjs). */
const live = (endpoint: string) => endpoint.replace('/test-graphql/', '/test-live/');
const control = (endpoint: string, action: string, body: object = {}) =>
  fetch(`${live(endpoint)}/${action}`, { method: 'POST', body: JSON.stringify(body) });
interface Streams {
  open: number;
  requests: {
    authorization: string | null;
    tenant: string | null;
    accept: string;
    body: { query: string };
  }[];
}
const streams = async (endpoint: string): Promise<Streams> =>
  (await fetch(`${live(endpoint)}/streams`)).json();
const untilStreams = (endpoint: string, open: number) =>
  waitUntil(async () => (await streams(endpoint)).open === open, `expected ${open} open streams`, {
    timeout: 5000,
  });

const answer = (data: Sla) => ({ body: { data: { sla: data } } });
const breaches = (n: number): Sla => ({ ...sla, sales: { ...sla.sales, openBreaches: n } });
const badge = (el: HTMLElement) => shadow(el).querySelector('[part~="live"]');

async function liveGauge(endpoint: string, token = jwt(3600)): Promise<TandemSlaGauge> {
  const el = await fixture<TandemSlaGauge>(
    html`<tandem-sla-gauge live live-debounce="50" endpoint=${endpoint} tenant="acme" .token=${token}></tandem-sla-gauge>`,
  );
  await untilState(el, 'ready');
  await untilStreams(endpoint, 1);
  await waitUntil(() => badge(el)?.textContent === 'Live', 'no Live badge');
  return el;
}

describe('the live attribute', () => {
  it('subscribes with the widget’s token and tenant, and refetches once per burst of changes', async () => {
    const endpoint = await mockGraphQL(answer(breaches(7)), answer(breaches(8)));
    const token = jwt(3600);
    const el = await liveGauge(endpoint, token);
    const [stream] = (await streams(endpoint)).requests;
    expect(stream.authorization).to.equal(`Bearer ${token}`);
    expect(stream.tenant).to.equal('acme');
    expect(stream.accept).to.contain('text/event-stream');
    expect(stream.body.query).to.contain('subscription TandemLive');

    const loaded = oneEvent(el, 'tandem-load');
    await control(endpoint, 'push', { count: 3 });
    expect((await loaded).detail.data.sales.openBreaches).to.equal(8);
    expect(await recordedRequests(endpoint)).to.have.length(2); // three events, one refetch
    expect(shadow(el).querySelector('[part~="breaches"]')!.textContent).to.equal('8 open breaches');
  });

  it('opens its stream with a token the page set before the widget was defined', async () => {
    // A page may set `.token` on the tag before the widget script has loaded (the demo portal
    // does): the element's first stream must carry it, not go out bare and be refused.
    const endpoint = await mockGraphQL(answer(breaches(7)));
    const token = jwt(3600);
    const tag = `late-gauge-${Math.random().toString(36).slice(2)}`;
    const el = document.createElement(tag) as TandemSlaGauge;
    Object.assign(el, { token });
    el.setAttribute('live', '');
    el.setAttribute('endpoint', endpoint);
    el.setAttribute('tenant', 'acme');
    document.body.append(el);
    customElements.define(
      tag,
      class extends (customElements.get('tandem-sla-gauge') as typeof HTMLElement) {},
    );
    try {
      await untilState(el, 'ready');
      await untilStreams(endpoint, 1);
      const { requests } = await streams(endpoint);
      expect(requests.map((r) => r.authorization)).to.deep.equal([`Bearer ${token}`]);
    } finally {
      el.remove();
    }
  });

  it('shows an accessible badge, "Reconnecting…" while its stream is down, and catches up after', async () => {
    const endpoint = await mockGraphQL(answer(breaches(7)), answer(breaches(9)));
    const el = await liveGauge(endpoint);
    expect(badge(el)!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();

    const caughtUp = oneEvent(el, 'tandem-load');
    const fresh = jwt(7200);
    el.token = fresh; // kept for the next connection: the open stream is not broken for it
    await control(endpoint, 'drop');
    await waitUntil(() => badge(el)?.textContent === 'Reconnecting…', 'no Reconnecting… badge');
    await untilStreams(endpoint, 1);
    await waitUntil(() => badge(el)?.textContent === 'Live', 'not live again');
    // Changes made while the stream was down are fetched once it is back.
    expect((await caughtUp).detail.data.sales.openBreaches).to.equal(9);
    const requests = (await streams(endpoint)).requests;
    expect(requests.map((r) => r.authorization)).to.deep.equal([
      requests[0].authorization,
      `Bearer ${fresh}`,
    ]);
  });

  it('closes its stream when it leaves the page, and opens none without the attribute', async () => {
    const endpoint = await mockGraphQL(answer(sla));
    const el = await liveGauge(endpoint);
    el.remove();
    await untilStreams(endpoint, 0);

    const quiet = await mockGraphQL(answer(sla));
    const plain = await fixture<TandemSlaGauge>(
      html`<tandem-sla-gauge endpoint=${quiet}></tandem-sla-gauge>`,
    );
    await untilState(plain, 'ready');
    expect(badge(plain)).to.equal(null);
    plain.live = true;
    await untilStreams(quiet, 1);
    plain.live = false;
    await untilStreams(quiet, 0);
    await waitUntil(() => badge(plain) === null, 'the badge stayed');
  });

  it('turns live off, keeping its data, when the gateway refuses the subscription', async () => {
    const endpoint = await mockGraphQL(answer(sla));
    await control(endpoint, 'refuse', { status: 403 });
    const el = await fixture<TandemSlaGauge>(
      html`<tandem-sla-gauge live endpoint=${endpoint} .token=${jwt(3600)}></tandem-sla-gauge>`,
    );
    await untilState(el, 'ready');
    await waitUntil(async () => (await streams(endpoint)).requests.length === 1, 'no stream request');
    await waitUntil(() => badge(el) === null, 'the badge stayed');
    expect(el.state).to.equal('ready');
    expect((await streams(endpoint)).requests).to.have.length(1);
  });
});
