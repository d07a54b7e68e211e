/**
 * Prospects' handoffs against the rest (docs/domain.md "Prospects and their four flags"): the
 * claim that a lead with fit, budget, timeframe and willingness converts better, as numbers. A
 * handoff is a prospect's when its person had all four flags at the moment of the handoff.
 */
import type { HandoffQuality } from '../gateway/metrics/sla/marketing.js';
import { builder } from './builder.js';

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export const HandoffQualityRef = builder.objectRef<HandoffQuality>('HandoffQuality').implement({
  description:
    'Handoffs made in the range of one kind (prospects: all four qualification flags set when handed off; ' +
    'non-prospects: the others, imported handoffs without the flags among them) and their outcomes so far.',
  fields: (t) => ({
    handoffs: t.exposeInt('handoffs', { description: 'Handoffs of this kind made in the range.' }),
    accepted: t.exposeInt('accepted', { description: 'Of them, accepted by sales and not sent back.' }),
    acceptanceRate: t.float({
      nullable: true,
      description:
        'accepted ÷ handoffs whose outcome is known (accepted or sent back); handoffs still waiting are left ' +
        'out. Null when no outcome is known.',
      resolve: (q) => ratio(q.accepted, q.outcomeKnown),
    }),
    sqls: t.exposeInt('qualified', {
      description: 'Of them, handoffs whose person reached SQL or beyond at or after the handoff.',
    }),
    sqlRate: t.float({
      nullable: true,
      description: 'sqls ÷ handoffs. Null without handoffs.',
      resolve: (q) => ratio(q.qualified, q.handoffs),
    }),
  }),
});
