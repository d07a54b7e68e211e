/**
 * The Pothos builder: plugins, scalars and the request context. No types are defined here; each
 * domain module (customer.ts, funnel.ts...) defines its own and index.ts assembles the schema.
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import type { Viewer } from '../gateway/auth/viewer.js';
import type { LivePubSub } from '../gateway/live/pubsub.js';
import type { RollupDefinitions } from '../gateway/metrics/refresh.js';
import type { Definitions } from '../gateway/store/definitions.js';
import type { TenantTable } from '../gateway/store/tables.js';
import type { TenantStore } from '../gateway/store/tenant-store.js';
import type { Loaders } from './loaders.js';

/** Who is asking: read from the request's verified token (gateway/auth/viewer.ts). */
export type { Viewer };

export interface Context {
  tenant: TenantTable;
  /** The only way to the tables: every query it runs is scoped to `tenant`. */
  store: TenantStore;
  /** Made anew for every request: nothing cached is shared between requests or tenants. */
  loaders: Loaders;
  viewer: Viewer;
  /** The tenant's current shared definitions (stages, scoring model, SLA policy), read once per request. */
  definitions: () => Promise<Definitions>;
  /**
   * The rollups' definitions once they are fresh, read once per request; null when metrics must
   * compute from raw rows (rollups off, or a token with row scopes). See gateway/metrics/choose.ts.
   */
  rollups: () => Promise<RollupDefinitions | null>;
  /** "Now" for this request (decay, open breaches): one instant, so one answer is self-consistent. */
  now: number;
  /** Live events for subscriptions (schema/live.ts): in-process, or across replicas through Redis. */
  pubsub: LivePubSub;
  /** When the request's token expires (epoch ms): a subscription ends then, and the client reconnects with a fresh one. */
  tokenExpiresAt: number;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number };
    Date: { Input: string; Output: string };
  };
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodeTypeOptions: { description: 'An object with an id.' },
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the whole list.' },
    // Every connection shares these descriptions, so analysts read the same words everywhere.
    cursorFieldOptions: {
      description: 'Opaque position of this item; pass it as `after` to read on from here.',
    },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Whether more items follow, and the cursor to ask for them.' },
    hasNextPageFieldOptions: { description: 'True when another page follows this one.' },
    hasPreviousPageFieldOptions: { description: 'True when a page precedes this one.' },
    startCursorFieldOptions: { description: 'Cursor of the first item on this page.' },
    endCursorFieldOptions: {
      description: 'Cursor of the last item on this page: pass it as `after` for the next page.',
    },
    firstArgOptions: { description: 'How many items to return (default 50, at most 200).' },
    afterArgOptions: {
      description: 'Return the items after this cursor (an `endCursor` from a previous page).',
    },
    lastArgOptions: { description: 'How many items to return from the end (backwards paging).' },
    beforeArgOptions: { description: 'Return the items before this cursor.' },
    defaultConnectionTypeOptions: { description: 'A page of a list that can grow, with cursors to read on.' },
    defaultEdgeTypeOptions: { description: 'One item of a connection and its cursor.' },
  },
});

builder.queryType({
  description: 'Everything both teams read: the customer view and the alignment metrics.',
});
