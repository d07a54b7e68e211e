import type { Funnel } from '../../widgets/funnel/funnel.js';
import type { Sla } from '../../widgets/sla-gauge/sla-gauge.js';

/** A demand waterfall inside the published benchmark ranges (inquiry→MQL 10–25 %, MQL→SAL 40–60 %…). */
export const funnel: Funnel = {
  from: '2024-01-01',
  to: '2024-03-31',
  stages: [
    {
      key: 'subscriber',
      label: 'Subscriber',
      ownerTeam: 'marketing',
      reached: 48210,
      conversionToNext: 0.253,
      medianDaysToNext: 12,
      recycledBack: 0,
    },
    {
      key: 'lead',
      label: 'Lead',
      ownerTeam: 'marketing',
      reached: 12197,
      conversionToNext: 0.182,
      medianDaysToNext: 9.5,
      recycledBack: 0,
    },
    {
      key: 'mql',
      label: 'MQL',
      ownerTeam: 'marketing',
      reached: 2220,
      conversionToNext: 0.514,
      medianDaysToNext: 1.2,
      recycledBack: 141,
    },
    {
      key: 'sal',
      label: 'SAL',
      ownerTeam: 'sales',
      reached: 1141,
      conversionToNext: 0.61,
      medianDaysToNext: 6,
      recycledBack: 87,
    },
    {
      key: 'sql',
      label: 'SQL',
      ownerTeam: 'sales',
      reached: 696,
      conversionToNext: 0.48,
      medianDaysToNext: 14,
      recycledBack: 12,
    },
    {
      key: 'opportunity',
      label: 'Opportunity',
      ownerTeam: 'sales',
      reached: 334,
      conversionToNext: 0.26,
      medianDaysToNext: 38,
      recycledBack: 0,
    },
    {
      key: 'customer',
      label: 'Customer',
      ownerTeam: 'sales',
      reached: 87,
      conversionToNext: null,
      medianDaysToNext: null,
      recycledBack: 0,
    },
  ],
};

export const sla: Sla = {
  policy: { targetHours: 4, redBelow: 0.7, amberBelow: 0.9, timeZone: 'Europe/Berlin' },
  sales: {
    handoffs: 1141,
    followedUpWithinTarget: 952,
    withinTargetRate: 0.8344,
    medianResponseHours: 2.5,
    p90ResponseHours: 9.1,
    openBreaches: 7,
    closedBreaches: 182,
  },
  marketing: {
    leadGoal: 10000,
    leads: 12197,
    goalAttainment: 1.2197,
    mqlGoal: 2000,
    mqls: 2220,
    acceptanceRate: 0.873,
    sentBackRate: 0.064,
  },
};

export const emptyFunnel: Funnel = { from: '2024-01-01', to: '2024-01-31', stages: [] };
