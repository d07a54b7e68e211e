/**
 * Dashboard (funnel + matrix + SLA + ROI in one request) and customer-360 latency through the
 * real gateway (yoga.fetch, no network), at 10,000 / 100,000 / 1,000,000 touches, on SQLite and
 * on PostgreSQL when reachable. Side by side: how the figures grow with the data.
 */
import { createTandemYoga } from '../gateway/server/yoga.js';
import { openDatabase, type RevenueDatabase } from '../gateway/store/database.js';
import { TenantStore } from '../gateway/store/tenant-store.js';
import { benchSecurity, benchTenant, seededDatabase } from './fixtures.js';
import { type Latency, measure } from './latency.js';
import { customerQuery, dashboardQuery, dashboardVariables } from './queries.js';
import { fmt, type Section, table } from './report.js';

const sizes = [
  { people: 1_000, touches: 10_000 },
  { people: 10_000, touches: 100_000 },
  { people: 100_000, touches: 1_000_000 },
];

async function biggestAccount(database: RevenueDatabase): Promise<string> {
  const store = new TenantStore(database, benchTenant.id);
  const row = await store.db
    .selectFrom('people')
    .select((eb) => ['account_id', eb.fn.countAll<number>().as('n')])
    .where('account_id', 'is not', null)
    .groupBy('account_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.account_id!;
}

export async function measureGateway(url: string): Promise<{ dashboard: Latency; customer: Latency }> {
  const database = await openDatabase({ url });
  try {
    const { security, token } = benchSecurity();
    const yoga = createTandemYoga(database, { security });
    const authorization = `Bearer ${await token('analyst')}`;
    const send = (query: string, variables: object) => async () => {
      const before = database.stats.queries;
      const response = await yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: { message: string }[] };
      if (body.errors) throw new Error(`benchmark query failed: ${body.errors[0]!.message}`);
      return { statements: database.stats.queries - before };
    };
    const dashboard = await measure(send(dashboardQuery, dashboardVariables), { runs: 30 });
    const customer = await measure(send(customerQuery, { id: await biggestAccount(database) }), { runs: 50 });
    return { dashboard, customer };
  } finally {
    await database.close();
  }
}

export async function benchDashboard(options: { postgresUrl?: string }): Promise<Section> {
  const rows: (string | number)[][] = [];
  const figures: Record<string, { dashboard: Latency; customer: Latency }> = {};
  const targets = sizes.map((size) => ({ ...size, dialect: 'SQLite', url: undefined as string | undefined }));
  if (options.postgresUrl) targets.push({ ...sizes[2]!, dialect: 'PostgreSQL', url: options.postgresUrl });
  for (const target of targets) {
    const seeded = await seededDatabase(target.people, target.touches, { url: target.url });
    const result = await measureGateway(seeded.url);
    figures[`${target.dialect}:${target.touches}`] = result;
    rows.push([
      target.dialect,
      fmt.int(target.touches),
      fmt.ms(result.dashboard.p50),
      fmt.ms(result.dashboard.p99),
      result.dashboard.statements,
      fmt.ms(result.customer.p50),
      fmt.ms(result.customer.p99),
      result.customer.statements,
    ]);
  }
  const small = figures['SQLite:10000']!;
  const large = figures['SQLite:1000000']!;
  const body = `${table(
    [
      'database',
      'touches',
      'dashboard p50',
      'dashboard p99',
      'SQL statements',
      'customer p50',
      'customer p99',
      'SQL statements',
    ],
    rows,
  )}

From 10,000 to 1,000,000 touches on SQLite the dashboard's p50 grows ${(large.dashboard.p50 / small.dashboard.p50).toFixed(1)}× and the customer view's ${(large.customer.p50 / small.customer.p50).toFixed(1)}×; the statement counts do not change with the data.
Dashboard = funnel, lead scoring matrix, SLA and campaign ROI (W-shaped) for the last 12 months in one request; customer = the 360 view of the account with the most people, with its first 50 timeline entries.`;
  return { id: 'dashboard', title: 'Dashboard and customer view latency', body };
}
