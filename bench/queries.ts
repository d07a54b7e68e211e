/** The requests the dashboard and a CRM record page make, as the benchmarks send them. */
export const dashboardQuery = /* GraphQL */ `
  query Dashboard($filter: MetricsFilter) {
    funnel(filter: $filter) { stages { key reached conversionToNext medianDaysToNext recycledBack } }
    leadScoreMatrix(filter: $filter) { cells { fitGrade engagementBand count reachedSql won } }
    sla(filter: $filter) {
      sales { handoffs withinTargetRate medianResponseHours p90ResponseHours openBreaches }
      marketing { leads mqls goalAttainment acceptanceRate }
    }
    campaignRoi(filter: $filter, model: W_SHAPED) { campaigns { campaign { name } spend attributedRevenue roi } unattributedRevenue }
  }
`;

export const dashboardVariables = { filter: { from: '2025-11-01', to: '2026-10-31' } };

export const customerQuery = /* GraphQL */ `
  query Customer($id: ID) {
    customer(id: $id) {
      account { name domain segment owner { name } }
      people { name stage { label } fitGrade engagementScore sla { status responseHours } owner { name } }
      opportunities { name amount stage isWon campaign { name } }
      timeline(first: 50) { edges { node { kind occurredAt title personName actorName campaign { name } } } }
    }
  }
`;
