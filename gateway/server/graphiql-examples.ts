/**
 * What GraphiQL opens with: one tab per example operation, the things analysts ask first. Add an
 * example to the list and it becomes a tab (named by its operation); test/schema/graphiql-examples
 * .test.ts runs every one against the demo data and fails on an error or an empty answer. Dates
 * are local days in the tenant's time zone; each example takes them as variables with defaults.
 */

export interface GraphiQLExample {
  /** The operation's name, which GraphiQL shows as the tab's title. */
  name: string;
  /** What the example answers, as the comment lines above the operation. */
  about: string[];
  /** One operation named `name`; its variables have defaults, so ▶ runs it as it is. */
  operation: string;
  /** Lists of the answer (paths without indexes) that the demo leaves empty for the defaults. */
  mayBeEmpty?: string[];
}

/** The first tab's comment: how to use GraphiQL against Tandem. */
const welcome = [
  'Tandem: one schema for sales and marketing, documented field by field in the Docs panel',
  '(the book icon, top left) and printed at /schema.graphql. Every request needs a token:',
  '  Headers (bottom) → {"Authorization": "Bearer <token>"}; the demo fills one in for you.',
  'Each tab is an example: change it and press ▶.',
];

export const graphiqlExamples: GraphiQLExample[] = [
  {
    name: 'Dashboard',
    about: [
      'The dashboard: the shared funnel, both sides of the handoff SLA and the win rate for one',
      'half-year.',
    ],
    operation: `query Dashboard($from: Date = "2026-01-01", $to: Date = "2026-06-30") {
  tenant { name currency timeZone }
  funnel(filter: { from: $from, to: $to }) {
    entered
    stages { key label ownerTeam reached conversionToNext medianDaysToNext recycledBack }
  }
  sla(filter: { from: $from, to: $to }) {
    sales { handoffs withinTargetRate medianResponseHours openBreaches }
    marketing { leads leadGoal mqls mqlGoal goalAttainment sentBackRate }
  }
  revenueMetrics(filter: { from: $from, to: $to }) {
    winRate won lost revenue pipeline currency
  }
}`,
  },
  {
    name: 'CampaignRoi',
    about: [
      'Campaign ROI: spend, leads, MQLs and the revenue each campaign earns under an attribution',
      'model (FIRST_TOUCH, LEAD_CREATION, U_SHAPED, W_SHAPED, LINEAR...; see the Docs panel).',
    ],
    operation: `query CampaignRoi($from: Date = "2026-01-01", $to: Date = "2026-06-30", $model: AttributionModel! = W_SHAPED) {
  campaignRoi(filter: { from: $from, to: $to }, model: $model) {
    currency
    wonRevenue
    totals { spend leads mqls attributedRevenue roi }
    campaigns {
      campaign { name channel }
      spend leads mqls handoffs sentBackRate attributedRevenue roi cac
    }
  }
}`,
  },
  {
    name: 'LeadScoring',
    about: [
      'The lead scoring matrix: fit grade × engagement band, how often each cell converts, and',
      'the hottest leads of fit grade A (add engagementBand: 1 to the filter for one cell).',
    ],
    operation: `query LeadScoring($fitGrade: FitGrade = A) {
  leadScoreMatrix {
    total
    mqlThreshold { minGrade maxBand }
    cells { fitGrade engagementBand count sqlRate winRate isMarketingQualified }
  }
  leads(filter: { fitGrade: $fitGrade }, first: 5) {
    edges { node { id name engagementScore fitGrade engagementBand stage { label } } }
  }
}`,
  },
  {
    name: 'ConversionByLeadSource',
    about: [
      'Your own question with metrics(measures, dimensions, timeGrain, filter): how leads of each',
      'source convert to SQL, best first. Measures, dimensions and which go together: the Docs',
      'panel (Measure, Dimension) and docs/analysts.md.',
    ],
    operation: `query ConversionByLeadSource($from: Date = "2025-07-01", $to: Date = "2026-06-30") {
  metrics(
    measures: [{ measure: LEADS }, { measure: CONVERSION, from: "lead", to: "sql", as: "leadToSql" }]
    dimensions: [LEAD_SOURCE]
    filter: { from: $from, to: $to }
    order: [{ by: "leadToSql", descending: true }]
  ) {
    measures { name }
    rows { dimensions { label } values }
    totals
  }
}`,
  },
  {
    name: 'WinRateByRegionAndQuarter',
    about: ['Win rate (open deals excluded), won and lost deals by region and fiscal quarter.'],
    operation: `query WinRateByRegionAndQuarter($from: Date = "2025-07-01", $to: Date = "2026-06-30") {
  metrics(
    measures: [{ measure: WIN_RATE }, { measure: WON }, { measure: LOST }]
    dimensions: [REGION]
    timeGrain: QUARTER
    filter: { from: $from, to: $to }
  ) {
    measures { name }
    rows { period { label } dimensions { label } values }
    totals
  }
}`,
  },
  {
    name: 'MqlsByMonth',
    about: ['MQLs by month for a year, with the handoffs to sales and how many sales sent back.'],
    operation: `query MqlsByMonth($from: Date = "2025-07-01", $to: Date = "2026-06-30") {
  metrics(
    measures: [{ measure: MQLS }, { measure: HANDOFFS }, { measure: SENT_BACK_RATE }]
    timeGrain: MONTH
    filter: { from: $from, to: $to }
  ) {
    measures { name }
    rows { period { label start end } values }
    totals
  }
}`,
  },
  {
    name: 'LostDealsByReason',
    about: ['Which deals did we lose, and why: lost deals by loss reason, most first.'],
    operation: `query LostDealsByReason($from: Date = "2025-07-01", $to: Date = "2026-06-30") {
  metrics(
    measures: [{ measure: LOST }]
    dimensions: [LOSS_REASON]
    filter: { from: $from, to: $to }
    order: [{ by: "LOST", descending: true }]
  ) {
    rows { dimensions { value label } values }
    totals
  }
}`,
  },
  {
    name: 'OpenDeals',
    about: [
      'Which deals are open, largest first: the opportunities list (filters: status, stage, owner,',
      'team, region, product, campaign, created and close days). Pass pageInfo.endCursor as `after`.',
    ],
    operation: `query OpenDeals($first: Int = 10) {
  opportunities(filter: { status: OPEN }, orderBy: { by: AMOUNT, descending: true }, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name crmStage amount expectedCloseAt owner { name } } }
  }
}`,
  },
  {
    name: 'Breaches',
    about: [
      'Which handoffs breached the SLA (open or closed), latest first, with the rep and why a lead',
      'was sent back: the handoffs list (filters: status, breached, sentBack, reason, owner, team…).',
    ],
    operation: `query Breaches($first: Int = 10) {
  handoffs(filter: { breached: true }, first: $first) {
    totalCount
    edges { node { status handedOffAt deadlineAt sentBackReason person { name } owner { name } } }
  }
}`,
  },
  {
    name: 'Customer',
    about: [
      'One customer as both teams see it. Look them up by id (from a leads query), by any email',
      'address (email: "...") or by a CRM id (sourceId: a Salesforce 00Q…/003…/001… id).',
    ],
    operation: `query Customer($id: ID = "per_marketo:ma_lead:1000001") {
  customer(id: $id) {
    account { name domain segment }
    people { name stage { label } fitGrade engagementBand engagementScore sla { status deadlineAt } }
    opportunities { name amount stage isWon }
    timeline(first: 10) { edges { node { occurredAt kind title detail } } }
  }
}`,
    // The demo's showcase lead (gateway/seed/journey.ts) is accepted by sales, without a deal yet.
    mayBeEmpty: ['customer.opportunities'],
  },
  {
    name: 'SendBack',
    about: [
      'The closed loop: sales sends an accepted lead back to marketing with a reason. It becomes a',
      "stage change (a recycle) in the timeline and counts in the funnel's recycledBack and in",
      'sla.marketing.sentBackRate. Needs an analyst or admin token.',
    ],
    operation: `mutation SendBack($personId: ID = "per_marketo:ma_lead:1000001") {
  sendBackLead(personId: $personId, reason: BAD_TIMING, note: "Budget review in Q3") {
    name
    stage { key label }
    sla { status sentBackAt sentBackReason }
  }
}`,
  },
];

/** An example as its tab shows it: the comment lines (the first tab's with the welcome) over the operation. */
export function exampleDocument(example: GraphiQLExample, first = false): string {
  const lines = first ? [...welcome, '', ...example.about] : example.about;
  return `${lines.map((line) => (line ? `# ${line}` : '#')).join('\n')}\n\n${example.operation}\n`;
}

/** GraphiQL's `defaultTabs`: one per example, each with `headers` (JSON) when given. */
export function graphiqlTabs(headers?: string): { query: string; headers?: string }[] {
  return graphiqlExamples.map((example, i) => ({ query: exampleDocument(example, i === 0), headers }));
}
