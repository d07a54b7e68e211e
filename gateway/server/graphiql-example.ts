/**
 * What GraphiQL opens with: the three things analysts do first, as runnable operations. Pick one
 * with the ▶ button's menu. test/e2e/pages.test.ts runs each against the demo data.
 */
export const graphiqlExample = `# Tandem: one schema for sales and marketing, documented field by field in the Docs panel
# (top left) and printed in /schema.graphql. Every request needs a token:
#   Headers (bottom) → {"Authorization": "Bearer <token>"}; the demo fills one in for you.
# Pick an operation from the ▶ menu.

# 1. The dashboard: the shared funnel, both sides of the handoff SLA and the win rate
#    for one half-year (dates are local days in the tenant's time zone).
query Dashboard {
  tenant { name currency timeZone }
  funnel(filter: { from: "2026-01-01", to: "2026-06-30" }) {
    entered
    stages { key label ownerTeam reached conversionToNext medianDaysToNext recycledBack }
  }
  sla(filter: { from: "2026-01-01", to: "2026-06-30" }) {
    sales { handoffs withinTargetRate medianResponseHours openBreaches }
    marketing { leads leadGoal mqls mqlGoal goalAttainment sentBackRate }
  }
  revenueMetrics(filter: { from: "2026-01-01", to: "2026-06-30" }) {
    winRate won lost revenue pipeline currency
  }
}

# 2. One customer as both teams see it: find the hottest lead, then look them up
#    by id, by any email address or by a CRM id (a Salesforce 00Q…/003…/001… id).
query HottestLead {
  leads(first: 1) { edges { node { id name engagementScore fitGrade engagementBand } } }
}

query Customer($id: ID = "per_marketo:ma_lead:1000001") {
  customer(id: $id) {
    account { name domain segment }
    people { name stage { label } fitGrade engagementBand engagementScore sla { status deadlineAt } }
    opportunities { name amount stage isWon }
    timeline(first: 10) { edges { node { occurredAt kind title detail } } }
  }
}

# 3. The closed loop: sales sends an accepted lead back to marketing with a reason.
#    It becomes a stage change (a recycle) in the timeline and counts in the funnel's
#    recycledBack and in sla.marketing.sentBackRate. Needs an analyst or admin token.
mutation SendBack($personId: ID = "per_marketo:ma_lead:1000001") {
  sendBackLead(personId: $personId, reason: BAD_TIMING, note: "Budget review in Q3") {
    name
    stage { key label }
    sla { status sentBackAt sentBackReason }
  }
}
`;
