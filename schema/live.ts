/**
 * Live updates: the Subscription type, served over server-sent events (yoga's built-in transport:
 * POST /graphql with `Accept: text/event-stream`). Events come from gateway/live (the bridge from
 * committed writes, the SLA watcher) on the tenant's topics; each subscriber hears only what its
 * token may see: people are loaded through the request's store, whose row scopes drop the others,
 * and an event about nobody visible is dropped. A subscription ends when its token expires.
 */
import { filter, map, pipe, Repeater } from 'graphql-yoga';
import type { LeadHandoffEvent, SlaBreachedEvent } from '../gateway/live/events.js';
import {
  type MetricsChangeKind,
  type VisibleMetricsChange,
  visibleMetricsChange,
} from '../gateway/live/visibility.js';
import { type Definitions, loadDefinitions } from '../gateway/store/definitions.js';
import type { PersonTable } from '../gateway/store/tables.js';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { PersonRef, UserRef } from './entities.js';
import { createLoaders } from './loaders.js';

builder.subscriptionType({
  description:
    'Live updates, over server-sent events: send the subscription as a POST to /graphql with `Accept: text/event-stream` (docs/live.md). Each ends when its token expires; reconnect with a fresh one.',
});

const MetricsChangeKindEnum = builder.enumType('MetricsChangeKind', {
  description: 'What a change touched, and so which metrics may have moved.',
  values: {
    PEOPLE: { value: 'people', description: 'People: their record, touches, activities or stage.' },
    OPPORTUNITIES: { value: 'opportunities', description: 'Deals: revenue, win rate, pipeline, ROI.' },
    HANDOFFS: {
      value: 'handoffs',
      description: 'Handoffs to sales: handed off, accepted, sent back or first touched (the SLA).',
    },
    BREACHES: { value: 'breaches', description: 'SLA deadlines that passed without a first touch.' },
    CAMPAIGNS: { value: 'campaigns', description: 'Campaigns or their costs (campaign ROI).' },
    DEFINITIONS: {
      value: 'definitions',
      description: 'A shared definition (stages, scoring model, SLA policy): every metric may move.',
    },
  } as const,
});

const ChangeOriginEnum = builder.enumType('ChangeOrigin', {
  description: 'Where a change came from.',
  values: {
    INGEST: { value: 'ingest', description: 'Source data: sync, import, webhooks, events, the demo seed.' },
    CLOSED_LOOP: {
      value: 'closed-loop',
      description: 'A closed-loop write in Tandem: qualify, hand off, accept, send back, deal outcome.',
    },
    DEFINITIONS: { value: 'definitions', description: 'A new version of a shared definition.' },
    ROLLUPS: { value: 'rollups', description: 'Precomputed metric tables were refreshed.' },
    SLA_CLOCK: { value: 'sla-clock', description: 'Time passed an SLA deadline (nobody wrote anything).' },
  } as const,
});

const countDescription = (what: string) =>
  `${what} that this token may see. Null when a row-scoped token was sent a change too large to check person by person (over 1,000).`;

const MetricsChangeRef = builder.objectRef<VisibleMetricsChange>('MetricsChange').implement({
  description:
    'Something the tenant’s metrics are computed from changed: refetch what you show. Counts are of what the token may see.',
  fields: (t) => ({
    at: t.field({
      type: 'DateTime',
      description: 'When the change was committed, or when the SLA clock passed a deadline.',
      resolve: (c) => c.at,
    }),
    origin: t.field({ type: ChangeOriginEnum, description: 'Where it came from.', resolve: (c) => c.origin }),
    kinds: t.field({
      type: [MetricsChangeKindEnum],
      description: 'What it touched; never empty.',
      resolve: (c) => c.kinds,
    }),
    people: t.int({
      nullable: true,
      description: countDescription('People changed'),
      resolve: (c) => c.people,
    }),
    opportunities: t.int({
      nullable: true,
      description: countDescription('Deals written'),
      resolve: (c) => c.opportunities,
    }),
    handoffs: t.int({
      nullable: true,
      description: countDescription('Handoff events (handed off, accepted, sent back, first touch)'),
      resolve: (c) => c.handoffs,
    }),
    breaches: t.int({
      nullable: true,
      description: countDescription('New SLA breaches'),
      resolve: (c) => c.breaches,
    }),
    campaigns: t.exposeInt('campaigns', {
      description: 'Campaigns or campaign costs written (tenant-wide).',
    }),
    definitions: t.exposeBoolean('definitions', { description: 'Whether a shared definition changed.' }),
  }),
});

const LeadHandoffKindEnum = builder.enumType('LeadHandoffKind', {
  description: 'A move of a lead between marketing and sales (docs/domain.md "Lifecycle stages").',
  values: {
    HANDED_OFF: {
      value: 'handedOff',
      description: 'Marketing handed the lead to sales: the SLA clock starts.',
    },
    ACCEPTED: { value: 'accepted', description: 'Sales accepted the lead (entered a sales stage).' },
    SENT_BACK: { value: 'sentBack', description: 'Sales sent the lead back to marketing, with a reason.' },
  } as const,
});

type LeadHandoffPayload = { event: LeadHandoffEvent; person: PersonTable };
type SlaBreachPayload = { event: SlaBreachedEvent; person: PersonTable };

const LeadHandoffRef = builder.objectRef<LeadHandoffPayload>('LeadHandoff').implement({
  description: 'A lead handed to sales, accepted by sales, or sent back to marketing.',
  fields: (t) => ({
    kind: t.field({ type: LeadHandoffKindEnum, description: 'Which move.', resolve: (p) => p.event.kind }),
    at: t.field({ type: 'DateTime', description: 'When the move happened.', resolve: (p) => p.event.at }),
    handoffId: t.id({
      description: 'The handoff (one per time the lead went to sales).',
      resolve: (p) => p.event.handoffId,
    }),
    person: t.field({ type: PersonRef, description: 'The lead.', resolve: (p) => p.person }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The sales rep who owned the lead at handoff.',
      resolve: (p, _args, ctx) => (p.event.ownerId ? ctx.loaders.user.load(p.event.ownerId) : null),
    }),
    deadlineAt: t.field({
      type: 'DateTime',
      description: 'The SLA deadline of the handoff: handoff + the policy’s target, in business hours.',
      resolve: (p) => p.event.deadlineAt,
    }),
    sentBackReason: t.string({
      nullable: true,
      description: 'Why sales sent it back (SENT_BACK), e.g. bad_timing.',
      resolve: (p) => p.event.sentBackReason,
    }),
  }),
});

const SlaBreachRef = builder.objectRef<SlaBreachPayload>('SlaBreach').implement({
  description: 'A handoff’s SLA deadline passed without a first sales touch: a new open breach.',
  fields: (t) => ({
    handoffId: t.id({ description: 'The breached handoff.', resolve: (p) => p.event.handoffId }),
    person: t.field({
      type: PersonRef,
      description: 'The lead waiting for sales.',
      resolve: (p) => p.person,
    }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The sales rep who owned the lead at handoff.',
      resolve: (p, _args, ctx) => (p.event.ownerId ? ctx.loaders.user.load(p.event.ownerId) : null),
    }),
    handedOffAt: t.field({
      type: 'DateTime',
      description: 'When the SLA clock started.',
      resolve: (p) => p.event.handedOffAt,
    }),
    deadlineAt: t.field({
      type: 'DateTime',
      description: 'The deadline that passed (counted in the tenant’s business hours).',
      resolve: (p) => p.event.deadlineAt,
    }),
    detectedAt: t.field({
      type: 'DateTime',
      description:
        'When the gateway noticed (within its watch interval, 15 s by default, after the deadline).',
      resolve: (p) => p.event.detectedAt,
    }),
  }),
});

/**
 * A subscription's context lives as long as the stream: before each event, fresh loaders, a
 * fresh "now" and fresh definitions, so nothing read for one event is served stale for the next.
 */
function freshen(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.store);
  ctx.now = Date.now();
  let definitions: Promise<Definitions> | undefined;
  ctx.definitions = () => (definitions ??= loadDefinitions(ctx.store));
}

/** Ends `source` when the token expires: a stream must not outlive the credential that opened it. */
function untilExpiry<T>(source: AsyncIterable<T>, expiresAt: number): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    const timer = setTimeout(stop, Math.max(0, expiresAt - Date.now()));
    stop.then(() => {
      clearTimeout(timer);
      return iterator.return?.();
    });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) await push(next.value);
    stop();
  });
}

/** The event with its person, loaded through the request's store; null when the token may not see them. */
async function withPerson<E extends { personId: string }>(ctx: Context, event: E) {
  freshen(ctx);
  const person = await ctx.loaders.person.load(event.personId);
  return person ? { event, person } : null;
}

const isSome = <T>(value: T | null): value is T => value !== null;

builder.subscriptionFields((t) => ({
  metricsChanged: t.field({
    type: MetricsChangeRef,
    description:
      'A change to what the metrics are computed from, for this tenant and what the token may see: what the widgets refetch on (their `live` attribute). One event per committed batch, so a sync sends a few a second: debounce.',
    args: {
      kinds: t.arg({
        type: [MetricsChangeKindEnum],
        required: false,
        description: 'Only changes that touched one of these; all when left out.',
      }),
    },
    subscribe: (_root, { kinds }, ctx) =>
      pipe(
        untilExpiry(ctx.pubsub.subscribe('metrics', ctx.tenant.id), ctx.tokenExpiresAt),
        map((event) => visibleMetricsChange(ctx.store, event)),
        filter(isSome),
        filter(
          (change) => !kinds?.length || change.kinds.some((k) => kinds.includes(k as MetricsChangeKind)),
        ),
      ),
    resolve: (change) => change,
  }),
  leadHandoffs: t.field({
    type: LeadHandoffRef,
    description:
      'Leads handed to sales, accepted, or sent back, as they happen, for the people this token may see.',
    args: {
      kinds: t.arg({
        type: [LeadHandoffKindEnum],
        required: false,
        description: 'Only these moves; all three when left out.',
      }),
    },
    subscribe: (_root, { kinds }, ctx) =>
      pipe(
        untilExpiry(ctx.pubsub.subscribe('handoffs', ctx.tenant.id), ctx.tokenExpiresAt),
        filter((event) => !kinds?.length || kinds.includes(event.kind)),
        map((event) => withPerson(ctx, event)),
        filter(isSome),
      ),
    resolve: (payload) => payload,
  }),
  slaBreaches: t.field({
    type: SlaBreachRef,
    description:
      'Handoffs whose SLA deadline just passed without a first sales touch, for the people this token may see.',
    subscribe: (_root, _args, ctx) =>
      pipe(
        untilExpiry(ctx.pubsub.subscribe('breaches', ctx.tenant.id), ctx.tokenExpiresAt),
        map((event) => withPerson(ctx, event)),
        filter(isSome),
      ),
    resolve: (payload) => payload,
  }),
}));
