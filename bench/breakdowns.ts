/**
 * Breakdowns (issue 16, performance): the analysts' two benchmarked questions, "funnel conversion
 * by lead source by month, 12 months" and "win rate and revenue by region by quarter", asked of
 * the metrics query in process (readBreakdown, as the schema calls it) through the slices rollup
 * and through the raw rows in the same run on the same data, interleaved across paths and sizes:
 * p50 and p95, SQLite at 10,000 / 100,000 / 1,000,000 touches and PostgreSQL when reachable. Each request reads as a
 * gateway's does: the rollup path checks the rollups' freshness first (one statement), the raw
 * path is a request that reads no rollups. `--sizes=10k,100k` picks sizes, `--rows=N` adds one.
 */
import { percentile } from '../gateway/domain/percentile.js';
import { type Breakdown, type BreakdownAsk, readBreakdown } from '../gateway/metrics/breakdown/index.js';
import { freshRollups, type MetricRequest } from '../gateway/metrics/choose.js';
import { rangeOf } from '../gateway/metrics/filter.js';
import { openDatabase } from '../gateway/store/database.js';
import { loadDefinitions } from '../gateway/store/definitions.js';
import { TenantStore } from '../gateway/store/tenant-store.js';
import { benchNow, benchTenant, seededDatabase } from './fixtures.js';
import { postgresReachable } from './postgres.js';
import { fmt, type Section, table } from './report.js';

const known: Record<string, { people: number; touches: number }> = {
  '10k': { people: 1_000, touches: 10_000 },
  '100k': { people: 10_000, touches: 100_000 },
  '1m': { people: 100_000, touches: 1_000_000 },
};

/** The sizes asked on the command line, all three by default. */
function sizes(): { people: number; touches: number }[] {
  const picked = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
  const chosen = picked ? picked.split(',').map((name) => name.trim().toLowerCase()) : Object.keys(known);
  const unknown = chosen.filter((name) => !known[name]);
  if (unknown.length) throw new Error(`--sizes: unknown size ${unknown.join(', ')} (sizes: 10k, 100k, 1m)`);
  const result = chosen.map((name) => known[name]!);
  const rows = process.argv.find((a) => a.startsWith('--rows='));
  if (rows) {
    const touches = Number(rows.slice('--rows='.length));
    if (!Number.isInteger(touches) || touches < 1000)
      throw new Error(`--rows must be a whole number ≥ 1000, got ${rows}`);
    result.push({ people: Math.round(touches / 10), touches });
  }
  return result;
}

/** The last twelve whole months before the bench's "now" (2026-11-01). */
const year = { from: '2025-11-01', to: '2026-10-31' };

const questions: { id: string; label: string; ask: BreakdownAsk }[] = [
  {
    id: 'conversion',
    label: 'conversion, leads and MQLs by lead source by month',
    ask: {
      measures: [
        { measure: 'CONVERSION', from: 'lead', to: 'mql' },
        { measure: 'LEADS' },
        { measure: 'MQLS' },
      ],
      dimensions: ['LEAD_SOURCE'],
      grain: 'MONTH',
      order: [],
      limit: null,
    },
  },
  {
    id: 'winRate',
    label: 'win rate and revenue by region by quarter',
    ask: {
      measures: [{ measure: 'WIN_RATE' }, { measure: 'REVENUE' }],
      dimensions: ['REGION'],
      grain: 'QUARTER',
      order: [],
      limit: null,
    },
  },
];

/** Bounds per question and path: runs, and seconds (a raw answer at 1M takes long: fewer runs). */
const bounds = { runs: 200, seconds: 4, minimumRuns: 5 };

interface PathFigures {
  p50: number;
  p95: number;
  runs: number;
  readFrom: string;
}

interface TargetFigures {
  dialect: string;
  touches: number;
  questions: Record<string, { rollups: PathFigures; raw: PathFigures; rows: number }>;
}

type Path = 'rollups' | 'raw';

/**
 * Every size of one dialect measured together: each (size, question, path) runs in turn for a
 * slice of a fraction of a second, so whatever else the shared machine does meanwhile slows them
 * all alike, and the growth from 10k to 1M touches is not the machine's load changing between sizes.
 */
async function measureDialect(
  dialect: string,
  targets: { touches: number; url: string }[],
): Promise<TargetFigures[]> {
  const databases = await Promise.all(targets.map((target) => openDatabase({ url: target.url })));
  try {
    const runs: Record<string, () => Promise<Breakdown>> = {};
    const results: TargetFigures[] = [];
    for (const [i, target] of targets.entries()) {
      const store = new TenantStore(databases[i]!, benchTenant.id);
      const definitions = await loadDefinitions(store);
      const tenant = await store.db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', benchTenant.id)
        .executeTakeFirstOrThrow();
      const timeZone = tenant.time_zone;
      const fiscal = (tenant as { fiscal_year_start?: number }).fiscal_year_start;
      const calendar = { timeZone, fiscalYearStart: Number(fiscal ?? 1) };
      const now = benchNow.getTime();
      const query = { filter: year, range: rangeOf(year, timeZone), definitions, timeZone, now };
      const requests: Record<Path, MetricRequest> = {
        rollups: { store, rollups: () => freshRollups(store, definitions, timeZone, now) },
        raw: { store, rollups: async () => null },
      };
      const figures: TargetFigures = { dialect, touches: target.touches, questions: {} };
      for (const question of questions) {
        const answer = (path: Path) => () => readBreakdown(requests[path], query, calendar, question.ask);
        // The first answers: the rollup path's brings the rollups up to date (not counted); both agree.
        const [first, baseline] = [await answer('rollups')(), await answer('raw')()];
        checkSame(first, baseline, `${question.id} on ${dialect} at ${target.touches}`);
        for (const path of ['rollups', 'raw'] as const) runs[`${i}:${question.id}:${path}`] = answer(path);
        const placeholder = { p50: 0, p95: 0, runs: 0, readFrom: '' };
        figures.questions[question.id] = {
          rollups: placeholder,
          raw: { ...placeholder },
          rows: first.rows.length,
        };
      }
      results.push(figures);
    }
    const times = Object.fromEntries(Object.keys(runs).map((key) => [key, [] as number[]]));
    const readFrom: Record<string, string> = {};
    const deadline = performance.now() + bounds.seconds * 1000 * Object.keys(runs).length;
    const wants = (key: string) =>
      times[key]!.length < bounds.runs &&
      (times[key]!.length < bounds.minimumRuns || performance.now() < deadline);
    while (Object.keys(runs).some(wants)) {
      for (const key of Object.keys(runs).filter(wants)) {
        const sliceEnd = performance.now() + 200;
        do {
          const started = performance.now();
          const breakdown = await runs[key]!();
          times[key]!.push(performance.now() - started);
          readFrom[key] = Object.entries(breakdown.readFrom)
            .map(([family, from]) => `${family} ${from}`)
            .join(', ');
        } while (performance.now() < sliceEnd && times[key]!.length < bounds.runs);
      }
    }
    for (const [i, figures] of results.entries()) {
      for (const question of questions) {
        for (const path of ['rollups', 'raw'] as const) {
          const key = `${i}:${question.id}:${path}`;
          figures.questions[question.id]![path] = {
            p50: percentile(times[key]!, 0.5)!,
            p95: percentile(times[key]!, 0.95)!,
            runs: times[key]!.length,
            readFrom: readFrom[key]!,
          };
        }
      }
    }
    return results;
  } finally {
    await Promise.all(databases.map((database) => database.close()));
  }
}

/** The rollup path answers what the raw path does (a benchmark of a wrong answer is worthless). */
function checkSame(a: Breakdown, b: Breakdown, label: string): void {
  const rows = (x: Breakdown) =>
    JSON.stringify(
      x.rows.map((r) => [
        r.period,
        r.keys,
        r.values.map((v) => (v === null ? null : Number(v.toPrecision(9)))),
      ]),
    );
  if (rows(a) !== rows(b)) throw new Error(`${label}: the rollup path's rows differ from the raw path's`);
}

function report(results: TargetFigures[]): string {
  const rows: (string | number)[][] = [];
  for (const target of results) {
    for (const question of questions) {
      const q = target.questions[question.id]!;
      rows.push([
        target.dialect,
        fmt.int(target.touches),
        question.label,
        q.rows,
        `${fmt.ms(q.rollups.p50)} / ${fmt.ms(q.rollups.p95)}`,
        `${fmt.ms(q.raw.p50)} / ${fmt.ms(q.raw.p95)}`,
        `${(q.raw.p50 / q.rollups.p50).toFixed(1)}×`,
        `${q.rollups.runs} / ${q.raw.runs}`,
        q.rollups.readFrom,
      ]);
    }
  }
  const sqlite = results.filter((r) => r.dialect === 'SQLite');
  const smallest = sqlite[0];
  const largest = sqlite.at(-1);
  const growth =
    smallest && largest && largest !== smallest
      ? questions
          .map((question) => {
            const ratio =
              largest.questions[question.id]!.rollups.p50 / smallest.questions[question.id]!.rollups.p50;
            return `${question.label}: ${ratio.toFixed(1)}× from ${fmt.int(smallest.touches)} to ${fmt.int(largest.touches)} touches`;
          })
          .join('; ')
      : 'one size only';
  return [
    'The two questions of issue 16 through the metrics query in process (`readBreakdown`, as the schema',
    'resolver calls it, without HTTP), for the last twelve whole months: through the slices rollup',
    '(`rollup_slice_*`, per local day and per lead source, segment, region and fit grade, months',
    'from their monthly twins) and through the raw rows on the same data, every size of a dialect',
    "and both paths interleaved in slices of 200 ms so that the shared machine's load weighs on all",
    "alike. The rollup path's time includes its freshness check (one statement), as a gateway's",
    'request does. Both answers are checked equal before timing. "served from" is where each family',
    'of the question was read: people and deal measures come from the rollup when every asked',
    'dimension is one it keeps (LEAD_SOURCE, SEGMENT, REGION, FIT_GRADE) and the filter has no',
    'slices; other dimensions, HANDOFFS and the SLA measures, medians, PIPELINE and OPEN_DEALS read',
    'raw rows (docs/analysts.md).',
    '',
    table(
      [
        'database',
        'touches',
        'question',
        'rows',
        'rollups p50 / p95',
        'raw p50 / p95',
        'raw ÷ rollups (p50)',
        'runs',
        'served from',
      ],
      rows,
    ),
    '',
    `SQLite, rollup path p50 growth: ${growth}.`,
  ].join('\n');
}

export async function benchBreakdowns(options: { postgresUrl?: string }): Promise<Section> {
  const dialects: { dialect: string; targets: { people: number; touches: number; url?: string }[] }[] = [
    { dialect: 'SQLite', targets: sizes() },
  ];
  // The million-touch database is the one the dashboard section seeds in the same run; each
  // other size has a database of its own (one tenant per database).
  if (options.postgresUrl) {
    const targets = [];
    for (const size of sizes()) {
      const url = size.touches === 1_000_000 ? options.postgresUrl : await postgresReachable();
      if (url) targets.push({ ...size, url });
    }
    dialects.push({ dialect: 'PostgreSQL', targets });
  }
  const results: TargetFigures[] = [];
  for (const { dialect, targets } of dialects) {
    const seeded = [];
    for (const target of targets) {
      const database = await seededDatabase(target.people, target.touches, { url: target.url });
      console.log(
        `  ${dialect}, ${fmt.int(target.touches)} touches: seeded in ${fmt.s(database.ms)}, rollups built in ${fmt.s(database.rollupMs)}`,
      );
      seeded.push({ touches: target.touches, url: database.url });
    }
    const figures = await measureDialect(dialect, seeded);
    // Shown as soon as measured: a later dialect that fails does not take these figures with it.
    console.log(report(figures));
    results.push(...figures);
  }
  return {
    id: 'breakdowns',
    title: 'Breakdowns: the metrics query from rollups and from raw rows',
    body: report(results),
  };
}
