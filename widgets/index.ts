/** The `tandem.js` bundle: every widget, registered on import. Each is also built alone (funnel.js, …). */

export * from './campaign-roi/campaign-roi.js';
export * from './customer-360/customer-360.js';
export * from './funnel/funnel.js';
export * from './lead-heatmap/lead-heatmap.js';
export { ChartElement } from './shared/chart-element.js';
export type { TandemErrorDetail, TandemLoadDetail, TandemTokenExpiringDetail } from './shared/events.js';
export { GraphQLRequestError } from './shared/graphql-client.js';
export type { WidgetState } from './shared/tandem-element.js';
export { TandemElement } from './shared/tandem-element.js';
export * from './sla-gauge/sla-gauge.js';
export * from './trend/trend.js';
