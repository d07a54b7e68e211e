/**
 * The dashboard section of BENCHMARKS.md: a headline table (Tandem at each size, and how many
 * times better than each baseline), then per database and size every figure of every variant.
 * Every ratio reads "times better for Tandem": baseline ÷ Tandem for times, statements and
 * memory, Tandem ÷ baseline for requests per second; above 1× Tandem wins.
 */
import type { Latency } from './latency.js';
import type { Load } from './load.js';
import { fmt, type Section, table } from './report.js';
import { type PerVariant, variants } from './variants.js';

export interface Figures {
  /** The first request's time, in ms: the one that brings Tandem's rollups up to date after the seed. */
  first: number;
  alone: Latency;
  load: Load;
  statements: number;
}

export interface VariantFigures {
  customer: Figures;
  dashboard: Figures;
  /** The gateway process's resident set, in bytes: after its first request, its peak, after the loads. */
  memory: { idle: number; peak: number; after: number };
}

export interface TargetFigures {
  dialect: string;
  people: number;
  touches: number;
  variants: PerVariant<VariantFigures>;
}

type Request = 'dashboard' | 'customer';
const requests: Request[] = ['dashboard', 'customer'];
const baselines = variants.filter((v) => v.id !== 'tandem');

const ratio = (r: number) => `${r.toFixed(r < 10 ? 1 : 0)}×`;
const mb = (bytes: number) => `${fmt.int(bytes / 2 ** 20)} MB`;
const perSecond = (n: number) => (n < 10 ? n.toFixed(2) : fmt.int(n));
const where = (t: TargetFigures) => `${t.dialect}, ${fmt.int(t.touches)} touches`;

function headline(results: TargetFigures[]): string {
  const rows = results.map((t) => {
    const { tandem, raw, naive } = t.variants;
    return [
      t.dialect,
      fmt.int(t.touches),
      ...requests.flatMap((r) => [
        fmt.ms(tandem[r].alone.p50),
        ratio(raw[r].alone.p50 / tandem[r].alone.p50),
        ratio(naive[r].alone.p50 / tandem[r].alone.p50),
        perSecond(tandem[r].load.requestsPerSecond),
      ]),
      mb(tandem.memory.peak),
    ];
  });
  const columns = (r: Request) => [`${r} p50`, '× raw', '× naive', `${r} req/s`];
  return table(
    ['database', 'touches', ...columns('dashboard'), ...columns('customer'), 'gateway peak RSS'],
    rows,
  );
}

function loadNote(load: Load): string {
  const notes = [`${fmt.int(load.requests)} (${load.connections})`];
  if (load.cutShort) notes.push('cut short at the time limit');
  if (load.connectionErrors) notes.push(`${load.connectionErrors} lost with their connection`);
  return notes.join(', ');
}

function figures(t: TargetFigures): string {
  const rows = requests.flatMap((r) =>
    variants.map((v) => {
      const f = t.variants[v.id][r];
      return [
        r,
        v.id === 'tandem' ? `**${v.label}**` : v.label,
        fmt.ms(f.first),
        fmt.ms(f.alone.p50),
        fmt.ms(f.alone.p99),
        fmt.ms(f.load.p50),
        fmt.ms(f.load.p99),
        perSecond(f.load.requestsPerSecond),
        loadNote(f.load),
        f.statements,
      ];
    }),
  );
  return table(
    [
      'request',
      'variant',
      'first',
      'p50 alone',
      'p99 alone',
      'p50 under load',
      'p99 under load',
      'req/s',
      'requests (connections)',
      'SQL statements',
    ],
    rows,
  );
}

function advantages(t: TargetFigures): string {
  const tandem = t.variants.tandem;
  const rows = requests.flatMap((r) =>
    baselines.map((b) => {
      const base = t.variants[b.id];
      return [
        `${r} vs ${b.label}`,
        ratio(base[r].alone.p50 / tandem[r].alone.p50),
        ratio(base[r].alone.p99 / tandem[r].alone.p99),
        ratio(base[r].load.p99 / tandem[r].load.p99),
        ratio(tandem[r].load.requestsPerSecond / base[r].load.requestsPerSecond),
        ratio(base[r].statements / tandem[r].statements),
        ratio(base.memory.peak / tandem.memory.peak),
      ];
    }),
  );
  return table(
    ['Tandem’s advantage', 'p50 alone', 'p99 alone', 'p99 under load', 'req/s', 'SQL statements', 'peak RSS'],
    rows,
  );
}

function memory(t: TargetFigures): string {
  const rows = variants.map((v) => {
    const m = t.variants[v.id].memory;
    return [v.label, mb(m.idle), mb(m.peak), mb(m.after)];
  });
  return table(['gateway RSS', 'after its first request', 'peak', 'after the loads'], rows);
}

/** One database and size: every figure, Tandem's advantage, memory. */
export function reportTarget(t: TargetFigures): string {
  return `### ${where(t)} (${fmt.int(t.people)} people)\n\n${figures(t)}\n\n${advantages(t)}\n\n${memory(t)}`;
}

/** Issue #9's targets for the dashboard on SQLite, each with the figure that meets it or not. */
function targets(small: TargetFigures, large: TargetFigures): string {
  const p50 = large.variants.tandem.dashboard.alone.p50;
  const growth = p50 / small.variants.tandem.dashboard.alone.p50;
  const speedup = large.variants.raw.dashboard.alone.p50 / p50;
  const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
  return [
    'Targets on SQLite at 1,000,000 touches (issue #9):',
    '',
    `- dashboard p50 at most 15 ms: ${fmt.ms(p50)}, ${verdict(p50 <= 15)};`,
    `- at most 2× its 10,000-touch figure: ${growth.toFixed(2)}×, ${verdict(growth <= 2)};`,
    `- at least 10× faster than raw aggregates: ${ratio(speedup)}, ${verdict(speedup >= 10)}.`,
  ].join('\n');
}

export function reportDashboard(results: TargetFigures[]): Section {
  const small = results.find((t) => t.dialect === 'SQLite' && t.touches === 10_000);
  const large = results.find((t) => t.dialect === 'SQLite' && t.touches === 1_000_000);
  const growth =
    small && large
      ? `From 10,000 to 1,000,000 touches on SQLite, Tandem's dashboard p50 grows ${ratio(large.variants.tandem.dashboard.alone.p50 / small.variants.tandem.dashboard.alone.p50)} and the customer view's ${ratio(large.variants.tandem.customer.alone.p50 / small.variants.tandem.customer.alone.p50)}.`
      : '';
  const details = results.map(reportTarget).join('\n\n');
  const goals = small && large ? targets(small, large) : '';
  const body = `Dashboard = funnel, lead scoring matrix, SLA and campaign ROI (W-shaped) for the last 12 months in one request; customer = the 360 view of the account with the most people, with its first 50 timeline entries. Each variant is a gateway process of its own serving \`/graphql\` on 127.0.0.1 (no response cache, rate limit and execution timeout lifted), on the same database:

- **Tandem**: the gateway as it ships;
- **raw aggregates**: every metric computed from the raw rows on every request (\`rollups: false\`);
- **naive resolvers**: the same schema with loaders that neither batch nor cache (\`naive: true\`: no DataLoader).

"Alone" is one request at a time (up to 200 of each, within a few seconds); "under load" is autocannon keeping up to 10 requests in flight for about 5 seconds (a request that takes seconds alone gets a handful, so fewer connections: compare requests per second there, as its shorter queue flatters its latency under load). "First" is each gateway's first such request, before any warm-up: for Tandem's dashboard, it is the one that brings the rollups up to date after the seed. Memory is the gateway process's resident set; its peak is the kernel's high-water mark for the process (VmHWM).
"× raw" and "× naive" are the baseline's p50 ÷ Tandem's: how many times faster Tandem answers.

${headline(results)}

${growth ? `${growth}\n\n` : ''}${goals ? `${goals}\n\n` : ''}${details}`;
  return {
    id: 'dashboard',
    title: 'Dashboard and customer view: latency, load, memory, against baselines',
    body,
  };
}
