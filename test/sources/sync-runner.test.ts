/**
 * The sync runner on its own, with an in-memory connector, on SQLite and PostgreSQL: pages are
 * gathered into transactions with the cursor after them, a source failing mid-stream keeps what
 * was read before it, a page with nothing valid still moves the cursor, and a deal read twice in
 * one transaction is written once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { readCursor } from '../../gateway/sources/cursor.js';
import { SourceError } from '../../gateway/sources/http.js';
import type { Connector, SourcePage } from '../../gateway/sources/source.js';
import { mergePages, runSync } from '../../gateway/sources/sync.js';
import { dialects } from '../support/databases.js';
import { rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

const at = Date.parse('2026-01-05T10:00:00Z');
const person = (n: number): SourceRecordInput => ({
  kind: 'person',
  system: 'memory',
  objectType: 'record',
  sourceId: `p${n}`,
  email: `p${n}@memory.example`,
  createdAt: at,
  updatedAt: at,
});
const deal = (amount: number): SourceRecordInput => ({
  kind: 'opportunity',
  system: 'memory',
  sourceId: 'd1',
  name: 'Deal',
  amount,
  stage: 'open',
  probability: 0.5,
  createdAt: at,
  isClosed: false,
  isWon: false,
});

function connector(pages: SourcePage[], failAfter?: number): Connector {
  return {
    source: 'memory',
    streams: [
      {
        name: 'things',
        async *pages() {
          for (const [index, page] of pages.entries()) {
            if (index === failAfter) throw new SourceError('memory: the source went away');
            yield page;
          }
        },
      },
    ],
  };
}

describe('merging pages', () => {
  it('keeps order, the last cursor given, and each deal once as last read', () => {
    const merged = mergePages([
      { records: [person(1), deal(10)], cursor: 'a' },
      { records: [deal(20), person(2)], cursor: 'b' },
      { records: [person(3)], skipped: [{ sourceId: 'x', reason: 'why' }] },
    ]);
    expect(merged.cursor).toBe('b');
    expect(
      merged.records.map((r) =>
        r.kind === 'opportunity' ? `deal ${r.amount}` : r.kind === 'person' ? r.sourceId : r.kind,
      ),
    ).toEqual(['p1', 'deal 20', 'p2', 'p3']);
    expect(merged.skipped).toEqual([{ sourceId: 'x', reason: 'why' }]);
  });
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`sync runner on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    beforeEach(async () => {
      test = await sourceTestDatabase(dialect.name);
    });
    afterEach(() => test.drop());

    it('keeps the pages read before a source fails, with their cursor', async () => {
      const pages = [1, 2, 3, 4].map((n) => ({ records: [person(n)], cursor: `after-${n}` }));
      const error = await runSync(test.acme, connector(pages, 3), { recordsPerTransaction: 100 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceError);
      expect((await rowCounts(test.acme)).people).toBe(3);
      expect(await readCursor(test.acme, 'memory', 'things')).toBe('after-3');
    });

    it('moves the cursor past a page with nothing valid, and writes a deal read twice once', async () => {
      const pages: SourcePage[] = [
        { records: [{ kind: 'touch', system: 'memory', sourceId: 't1' } as never], cursor: 'one' },
        { records: [deal(10)], cursor: 'two' },
        { records: [deal(30)], cursor: 'three' },
      ];
      const report = await runSync(test.acme, connector(pages), { recordsPerTransaction: 100 });
      expect(report.streams[0]!.rejectedCount).toBe(1);
      expect(report.streams[0]!.rejected[0]!.sourceId).toBe('t1');
      expect(await readCursor(test.acme, 'memory', 'things')).toBe('three');
      const deals = await test.acme.db.selectFrom('opportunities').select('amount').execute();
      expect(deals).toEqual([{ amount: 30 }]);
      const empty = await runSync(test.acme, connector([{ records: [], cursor: 'four' }]));
      expect(empty.streams[0]!.written).toBe(0);
      expect(await readCursor(test.acme, 'memory', 'things')).toBe('four');
    });
  });
}
