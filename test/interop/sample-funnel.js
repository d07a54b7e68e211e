/** A funnel given to a widget as its `data` property: it renders without a request. */
export const sampleFunnel = {
  from: '2026-01-01',
  to: '2026-03-31',
  stages: [
    {
      key: 'lead',
      label: 'Lead',
      ownerTeam: 'marketing',
      reached: 120,
      conversionToNext: 0.25,
      medianDaysToNext: 9,
      recycledBack: 0,
    },
    {
      key: 'mql',
      label: 'MQL',
      ownerTeam: 'marketing',
      reached: 30,
      conversionToNext: 0.5,
      medianDaysToNext: 2,
      recycledBack: 0,
    },
    {
      key: 'sal',
      label: 'SAL',
      ownerTeam: 'sales',
      reached: 15,
      conversionToNext: null,
      medianDaysToNext: null,
      recycledBack: 3,
    },
  ],
};

/** A real app asks its own server for a short-lived token; the test puts one on the window. */
export const fetchToken = async () => window.__TANDEM_TOKEN__;
