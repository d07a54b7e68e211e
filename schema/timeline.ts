/**
 * The customer timeline: every touch, sales activity, stage change and deal event of a
 * customer's people, newest first, as human text. The SQL is gateway/metrics/timeline.ts.
 */
import { createGraphQLError } from 'graphql-yoga';
import { personDisplayName } from '../gateway/domain/person-name.js';
import type { StageDefinition } from '../gateway/domain/stages.js';
import { tandemActorName } from '../gateway/loop/stage-change.js';
import {
  decodeTimelineCursor,
  encodeTimelineCursor,
  type TimelineKind,
  type TimelineRow,
  type TimelineScope,
  timelinePage,
} from '../gateway/metrics/timeline.js';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { stageDefinition } from './customer-person.js';
import { CampaignRef } from './entities.js';

export const maxTimelinePage = 200;
export const defaultTimelinePage = 50;

export const TimelineKindEnum = builder.enumType('TimelineKind', {
  description: 'What a timeline entry records.',
  values: {
    TOUCH: {
      description: 'A marketing touch: email open or click, form submit, page view, webinar, ad click…',
    },
    ACTIVITY: { description: 'A sales activity: call, email, meeting or task.' },
    STAGE_CHANGE: { description: 'A lifecycle stage change, including handoffs and recycles.' },
    DEAL: { description: 'A deal was created, won or lost.' },
  } as const,
});

interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  occurredAt: number;
  title: string;
  detail: string | null;
  channel: string | null;
  personId: string | null;
  personName: string | null;
  actorName: string | null;
  campaignId: string | null;
}

const TimelineEntryRef = builder.objectRef<TimelineEntry>('TimelineEntry').implement({
  description: 'One event in a customer’s history, in words both teams read the same way.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description:
        'The touch, activity or stage change id; a deal event is the deal id + `:created` or `:closed`.',
    }),
    kind: t.field({
      type: TimelineKindEnum,
      description: 'Touch, activity, stage change or deal event.',
      resolve: (e) => e.kind,
    }),
    occurredAt: t.field({
      type: 'DateTime',
      description: 'When it happened; the timeline’s order.',
      resolve: (e) => e.occurredAt,
    }),
    title: t.exposeString('title', {
      description:
        'What happened, e.g. "Form submit", "Call by Rita Rep", "Stage MQL → SAL", "Stage MQL confirmed" (a source announcing the stage the person is already in), "Sent back to marketing: bad_timing", "Deal won: Acme renewal".',
    }),
    detail: t.exposeString('detail', {
      nullable: true,
      description:
        'More: the page url of a touch, the subject of an activity, the reason or note of a stage change, the amount (and loss reason) of a deal.',
    }),
    channel: t.exposeString('channel', {
      nullable: true,
      description: 'Marketing channel of a touch (email, paid_search, webinar…); null otherwise.',
    }),
    personId: t.exposeID('personId', {
      nullable: true,
      description: 'The person it concerns (a deal: its primary person, if any).',
    }),
    personName: t.exposeString('personName', {
      nullable: true,
      description: 'That person’s name, or email when no name is known.',
    }),
    actorName: t.exposeString('actorName', {
      nullable: true,
      description:
        'Who did it: the rep of an activity, the user (or Tandem viewer) who changed a stage, the owner of a deal.',
    }),
    campaign: t.field({
      type: CampaignRef,
      nullable: true,
      description: 'The campaign of a touch, or the primary campaign of a deal.',
      resolve: (e, _a, ctx) => (e.campaignId ? ctx.loaders.campaign.load(e.campaignId) : null),
    }),
  }),
});

export const TimelineConnectionRef = builder.connectionObject(
  {
    type: TimelineEntryRef,
    name: 'TimelineConnection',
    description: 'A page of a customer’s timeline, newest first.',
    edgesNullable: { list: false, items: false },
    nodeNullable: false,
    edgesField: { description: 'The entries of this page, newest first.' },
  },
  {
    name: 'TimelineEntryEdge',
    description: 'A timeline entry and the cursor to continue after it.',
    nodeField: { description: 'The entry.' },
  },
);

export interface TimelineArgs {
  first?: number | null;
  after?: string | null;
  kinds?: readonly TimelineKind[] | null;
}

/** One page of the timeline of `scope`, as a connection. */
export async function resolveTimeline(scope: TimelineScope, args: TimelineArgs, ctx: Context) {
  const first = args.first ?? defaultTimelinePage;
  if (first > maxTimelinePage) {
    throw createGraphQLError(`first must be at most ${maxTimelinePage}, got ${first}`, {
      extensions: { code: 'PAGE_TOO_LARGE' },
    });
  }
  if (first < 0)
    throw createGraphQLError(`first must be 0 or more, got ${first}`, {
      extensions: { code: 'BAD_ARGUMENTS' },
    });
  const after = args.after ? decodeTimelineCursor(args.after) : null;
  if (args.after && !after) {
    throw createGraphQLError(
      `after '${args.after}' is not a timeline cursor: pass an endCursor of this field`,
      {
        extensions: { code: 'BAD_CURSOR' },
      },
    );
  }
  const [{ rows, hasNextPage }, { stages }] = await Promise.all([
    timelinePage(ctx.store, scope, { first, after, kinds: args.kinds }),
    ctx.definitions(),
  ]);
  const edges = rows.map((row) => ({
    cursor: encodeTimelineCursor(row),
    node: entryOf(row, stages, ctx.tenant.currency),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: !!after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

const amountFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function entryOf(row: TimelineRow, stages: StageDefinition[], currency: string): TimelineEntry {
  const label = (key: string | null) => (key ? stageDefinition(stages, key).label : '');
  const { title, detail } = describe(row, label, currency);
  return {
    id: row.id,
    kind: row.kind,
    occurredAt: Number(row.occurred_at),
    title,
    detail,
    channel: row.channel,
    personId: row.person_id,
    personName: row.person_id
      ? personDisplayName({ firstName: row.first_name, lastName: row.last_name, email: row.email })
      : null,
    actorName: row.actor_name ?? tandemActorName(row.tandem_ref),
    campaignId: row.campaign_id,
  };
}

function describe(row: TimelineRow, label: (key: string | null) => string, currency: string) {
  const sentence = (text: string | null) =>
    text ? text.charAt(0).toUpperCase() + text.slice(1).replaceAll('_', ' ') : '';
  switch (row.kind) {
    case 'TOUCH':
      return { title: sentence(row.what), detail: row.detail };
    case 'ACTIVITY':
      return {
        title: row.actor_name ? `${sentence(row.what)} by ${row.actor_name}` : sentence(row.what),
        detail: row.detail,
      };
    case 'STAGE_CHANGE': {
      if (Number(row.is_recycle) === 1) {
        // A recycle's reason is `<reason key>` or `<reason key>: <note>` (gateway/loop/leads.ts).
        const [reason, ...note] = (row.detail ?? '').split(': ');
        return {
          title: `Sent back to marketing: ${reason || 'no reason given'}`,
          detail: note.join(': ') || null,
        };
      }
      // A system announcing the stage the person is already in (Marketo syncing the MQL Tandem's
      // threshold made minutes before): kept, as its record's idempotency key, but not a move.
      if (row.from_stage === row.to_stage)
        return { title: `Stage ${label(row.to_stage)} confirmed`, detail: row.detail };
      const from = row.from_stage ? `${label(row.from_stage)} ` : '';
      return { title: `Stage ${from}→ ${label(row.to_stage)}`, detail: row.detail };
    }
    case 'DEAL': {
      // An unknown amount (an open deal the CRM had none for) is said so, not shown as 0.
      const amount =
        row.amount == null ? 'amount unknown' : `${amountFormat.format(Number(row.amount))} ${currency}`;
      const title = `Deal ${row.what}: ${row.deal_name}`;
      return { title, detail: row.what === 'lost' && row.detail ? `${row.detail} · ${amount}` : amount };
    }
  }
}
