/**
 * Deals (CRM opportunities) as the customer view shows them, with their stage history.
 */
import type { OpportunityStageTable, OpportunityTable } from '../gateway/store/tables.js';
import { builder } from './builder.js';
import { AccountRef, CampaignRef, PersonRef, UserRef } from './entities.js';
import { ProductRef } from './product.js';

const OpportunityStageChangeRef = builder
  .objectRef<OpportunityStageTable>('OpportunityStageChange')
  .implement({
    description:
      'One step of a deal’s history: the CRM stage and amount from this moment on (Salesforce OpportunityHistory).',
    fields: (t) => ({
      stage: t.exposeString('stage', { description: 'The CRM’s stage name, e.g. `Negotiation`.' }),
      amount: t.exposeFloat('amount', {
        nullable: true,
        description: 'Amount at that moment, in the tenant’s currency; null while it was unknown.',
      }),
      occurredAt: t.field({
        type: 'DateTime',
        description: 'When the deal entered this stage or amount.',
        resolve: (s) => s.occurred_at,
      }),
    }),
  });

export const OpportunityRef = builder.objectRef<OpportunityTable>('Opportunity').implement({
  description:
    'A deal: an opportunity in the CRM, open or closed. Amounts are in the tenant’s currency (Tenant.currency).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Tandem id (opp_…).' }),
    name: t.exposeString('name', { description: 'The deal’s name in the CRM.' }),
    amount: t.exposeFloat('amount', {
      nullable: true,
      description:
        'Deal amount in the tenant’s currency (the final amount once closed); null when unknown (an open deal the CRM has no amount for yet). Unknown is not 0: sums (pipeline, revenue) skip it and averages (averageDeal) leave the deal out.',
    }),
    grossProfit: t.exposeFloat('gross_profit', {
      nullable: true,
      description: 'Gross profit of the deal, when the CRM knows it.',
    }),
    stage: t.exposeString('stage', {
      description: 'The CRM’s stage name, e.g. `Proposal` or `Closed Won`; the same as crmStage.',
    }),
    crmStage: t.exposeString('stage', {
      description:
        'The stage as the CRM names it, kept as written (`Closed Won`, `closedwon`, `Negotiation/Review`). Whether it is open, won or lost is isClosed and isWon: what the CRM said, else the tenant’s stage map (`tandem crm-stages`).',
    }),
    expectedCloseAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When an open deal is expected to close (a close date on an open deal, as Salesforce exports it); null when unknown or once closed.',
      resolve: (o) => (o.is_closed ? null : (o.expected_close_at ?? null)),
    }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description:
        'The product the deal is for; null when none was given or the name matched no product (the import warns).',
      resolve: (o, _a, ctx) => (o.product_id ? ctx.loaders.product.load(o.product_id) : null),
    }),
    probability: t.exposeFloat('probability', {
      description: 'Chance to win, 0–1 (weighted pipeline = Σ amount × probability).',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the deal was created (opportunity creation).',
      resolve: (o) => o.created_at,
    }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it closed; null while open.',
      resolve: (o) => o.closed_at,
    }),
    isClosed: t.boolean({
      description: 'Closed, won or lost; open deals count in pipeline, not in win rate.',
      resolve: (o) => o.is_closed === 1,
    }),
    isWon: t.boolean({
      description: 'Closed and won; false for open and for lost deals.',
      resolve: (o) => o.is_won === 1,
    }),
    lossReason: t.exposeString('loss_reason', {
      nullable: true,
      description: 'Why a lost deal was lost; null otherwise.',
    }),
    campaign: t.field({
      type: CampaignRef,
      nullable: true,
      description: 'The campaign the CRM credits as the deal’s primary source, if any.',
      resolve: (o, _a, ctx) => (o.campaign_id ? ctx.loaders.campaign.load(o.campaign_id) : null),
    }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description:
        'The rep who owns the deal (the deal’s own owner, not its primary person’s); null when the owner email named no user (the import warns).',
      resolve: (o, _a, ctx) => (o.owner_id ? ctx.loaders.user.load(o.owner_id) : null),
    }),
    account: t.field({
      type: AccountRef,
      nullable: true,
      description: 'The company the deal is with.',
      resolve: (o, _a, ctx) => (o.account_id ? ctx.loaders.account.load(o.account_id) : null),
    }),
    primaryPerson: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The deal’s main contact (the CRM’s primary contact role).',
      resolve: (o, _a, ctx) => (o.primary_person_id ? ctx.loaders.person.load(o.primary_person_id) : null),
    }),
    stageHistory: t.field({
      type: [OpportunityStageChangeRef],
      description: 'Stage and amount changes, oldest first.',
      resolve: (o, _a, ctx) => ctx.loaders.stagesOfOpportunity.load(o.id),
    }),
  }),
});
