/**
 * The customer 360 view: one account (or one person without an account) with its people,
 * their lifecycle and SLA, its deals, and one timeline of everything that happened, whatever
 * system it happened in. Looked up by id, by any email, or by any source-system id.
 */
import { createGraphQLError } from 'graphql-yoga';
import { normaliseEmail } from '../gateway/ingest/normalise.js';
import type { AccountTable, PersonTable } from '../gateway/store/tables.js';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import './customer-person.js';
import { AccountRef, PersonRef } from './entities.js';
import { OpportunityRef } from './opportunity.js';
import {
  defaultTimelinePage,
  maxTimelinePage,
  resolveTimeline,
  TimelineConnectionRef,
  TimelineKindEnum,
} from './timeline.js';

interface Customer {
  account: AccountTable | null;
  /** The person looked up; null when looked up by account. */
  focus: PersonTable | null;
  /** The fetches of this customer's lists in this request (see together). */
  lists: Promise<unknown>[];
}

/**
 * Resolves with `fetch`, but only once every list of the customer asked for in this request
 * (people, deals, timeline) has arrived. On PostgreSQL the three queries return in any order,
 * and a DataLoader batches only the loads made in one tick: released together, their children's
 * loads (owners, campaigns, handoffs) always share one batch, so the number of statements is
 * fixed whatever the timing. Sibling resolvers all start before the first await (graphql-js
 * calls them in one synchronous pass), so after it every list has registered.
 */
async function together<T>(customer: Customer, fetch: Promise<T>): Promise<T> {
  customer.lists.push(fetch);
  await null;
  await Promise.allSettled(customer.lists);
  return fetch;
}

const CustomerRef = builder.objectRef<Customer>('Customer').implement({
  description:
    'One customer as both teams see it: an account with all its people, or a person who has no account. Everything here comes from every connected system, merged.',
  fields: (t) => ({
    id: t.id({
      description: 'The account id, or the person id when the person has no account.',
      resolve: (c) => c.account?.id ?? c.focus!.id,
    }),
    account: t.field({
      type: AccountRef,
      nullable: true,
      description: 'The company; null for a person without one.',
      resolve: (c) => c.account,
    }),
    focus: t.field({
      type: PersonRef,
      nullable: true,
      description:
        'The person that was looked up (by person id, email or person source id); null when looked up by account.',
      resolve: (c) => c.focus,
    }),
    people: t.field({
      type: [PersonRef],
      description: 'The account’s people by last name, or just the person when they have no account.',
      resolve: async (c, _a, ctx) => {
        if (!c.account) return [c.focus!];
        const people = await together(c, ctx.loaders.peopleOfAccount.load(c.account.id));
        for (const person of people) ctx.loaders.person.prime(person.id, person);
        return people;
      },
    }),
    opportunities: t.field({
      type: [OpportunityRef],
      description:
        'Deals of the account (or, without an account, deals whose primary person this is), newest first, open and closed.',
      resolve: (c, _a, ctx) =>
        together(
          c,
          c.account
            ? ctx.loaders.opportunitiesOfAccount.load(c.account.id)
            : ctx.loaders.opportunitiesOfPerson.load(c.focus!.id),
        ),
    }),
    timeline: t.field({
      type: TimelineConnectionRef,
      description:
        'Marketing touches, sales activities, stage changes and deal events of all the customer’s people, newest first (ties by id). Pages by keyset: pass the endCursor as `after`.',
      args: {
        first: t.arg.int({
          defaultValue: defaultTimelinePage,
          description: `Entries per page, at most ${maxTimelinePage}.`,
        }),
        after: t.arg.string({ description: 'Continue after this cursor (an endCursor of a previous page).' }),
        kinds: t.arg({
          type: [TimelineKindEnum],
          description: 'Only these kinds; every kind when left out or empty.',
        }),
      },
      resolve: (c, args, ctx) =>
        together(
          c,
          resolveTimeline(c.account ? { accountId: c.account.id } : { personId: c.focus!.id }, args, ctx),
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    description:
      'The customer 360 view. Give exactly one of: `id` (a person id per_… or an account id acc_…), `email` (any address of a person, any casing), `sourceId` (a person’s or an account’s id in any source system). Unknown → null, not an error.',
    args: {
      id: t.arg.id({ description: 'A person id (per_…) or an account id (acc_…).' }),
      email: t.arg.string({
        description: 'Any email address known for a person; case and surrounding spaces are ignored.',
      }),
      sourceId: t.arg.string({
        description:
          'An id in a source system (Salesforce lead or contact, Marketo lead, HubSpot…), person ids first, then account ids.',
      }),
    },
    resolve: (_root, args, ctx) => findCustomer(args, ctx),
  }),
}));

async function findCustomer(
  args: { id?: string | number | null; email?: string | null; sourceId?: string | null },
  ctx: Context,
) {
  const given = (['id', 'email', 'sourceId'] as const).filter(
    (name) => args[name] !== null && args[name] !== undefined,
  );
  if (given.length !== 1) {
    throw createGraphQLError(
      `customer needs exactly one of id, email or sourceId; got ${given.length ? given.join(' and ') : 'none'}`,
      { extensions: { code: 'BAD_ARGUMENTS' } },
    );
  }
  const { db } = ctx.store;
  let person: PersonTable | null | undefined = null;
  if (args.id !== null && args.id !== undefined) {
    const id = String(args.id);
    if (id.startsWith('acc_')) return ofAccount(await ctx.loaders.account.load(id));
    if (id.startsWith('per_')) person = await ctx.loaders.person.load(id);
  } else if (args.email) {
    person = await db
      .selectFrom('person_emails as pe')
      .innerJoin('people as p', 'p.id', 'pe.person_id')
      .selectAll('p')
      .where('pe.email', '=', normaliseEmail(args.email) ?? '')
      .executeTakeFirst();
  } else if (args.sourceId) {
    person = await db
      .selectFrom('person_identities as pi')
      .innerJoin('people as p', 'p.id', 'pi.person_id')
      .selectAll('p')
      .where('pi.source_id', '=', args.sourceId)
      .orderBy('pi.system')
      .orderBy('pi.object_type')
      .limit(1)
      .executeTakeFirst();
    if (!person) {
      const account = await db
        .selectFrom('account_identities')
        .select('account_id')
        .where('source_id', '=', args.sourceId)
        .orderBy('system')
        .limit(1)
        .executeTakeFirst();
      return account ? ofAccount(await ctx.loaders.account.load(account.account_id)) : null;
    }
  }
  if (!person) return null;
  ctx.loaders.person.prime(person.id, person);
  const account = person.account_id ? await ctx.loaders.account.load(person.account_id) : null;
  return { account, focus: person, lists: [] } satisfies Customer;
}

function ofAccount(account: AccountTable | null): Customer | null {
  return account ? { account, focus: null, lists: [] } : null;
}
