/**
 * Many writers of one person at once through POST /ingest/events, on SQLite and PostgreSQL: every
 * touch is stored once, scored once, and the stored score is the sum of its score events (no
 * read–modify–write of the person lost to a concurrent one); the same batch delivered six times
 * at once writes once; every request is answered 200 (SQLite writers wait instead of failing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { atOnce, countRows, personRecord, type ServingGateway, startServingGateway, t0 } from './support.js';

const at = new Date(t0 + 3_600_000).toISOString(); // one instant: no decay between touches

function touches(prefix: string, email: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    idempotencyKey: `${prefix}-${i}`,
    kind: 'touch',
    type: 'form_submit',
    email,
    channel: 'content',
    occurredAt: at,
  }));
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`concurrent ingest on ${dialect.name}`, () => {
    let gateway: ServingGateway;

    beforeAll(async () => {
      gateway = await startServingGateway(dialect.name);
    });
    afterAll(async () => {
      await gateway?.close();
    });

    const scoreOf = async (personId: string) => {
      const person = await gateway.acme.db
        .selectFrom('people')
        .select('engagement_score')
        .where('id', '=', personId)
        .executeTakeFirstOrThrow();
      const events = await gateway.acme.db
        .selectFrom('score_events')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('delta').as('sum')])
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      return { stored: person.engagement_score, events: Number(events.n), sum: Number(events.sum) };
    };

    it('six batches of 50 touches for one person at once: 300 touches, 300 score events, the score their sum', async () => {
      await gateway.ingest([personRecord('Race-1')]);
      const personId = 'per_csv:record:Race-1';
      const answers = await atOnce(6, (batch) =>
        gateway.postEvents({ source: 'website', events: touches(`b${batch}`, 'race-1@example.org', 50) }),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(answers.reduce((sum, a) => sum + Number(a.body.written), 0)).toBe(300);
      expect(await countRows(gateway.acme, 'touches', personId)).toBe(300);
      const score = await scoreOf(personId);
      expect(score.events).toBe(300);
      expect(score.stored).toBeCloseTo(score.sum, 6);
    });

    it('the same batch delivered six times at once is written once: one answer says written 50', async () => {
      await gateway.ingest([personRecord('Race-2')]);
      const personId = 'per_csv:record:Race-2';
      const body = { source: 'website', events: touches('same', 'race-2@example.org', 50) };
      const answers = await atOnce(6, () => gateway.postEvents(body));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(answers.map((a) => Number(a.body.written)).sort()).toEqual([0, 0, 0, 0, 0, 50]);
      expect(answers.reduce((sum, a) => sum + Number(a.body.duplicates), 0)).toBe(250);
      expect(await countRows(gateway.acme, 'touches', personId)).toBe(50);
      const score = await scoreOf(personId);
      expect(score.events).toBe(50);
      expect(score.stored).toBeCloseTo(score.sum, 6);
    });

    it('twenty-four batches at once, more than the pool has connections, while dashboards read: all answered', async () => {
      await gateway.ingest([personRecord('Race-3')]);
      const funnel = 'query { funnel { entered stages { key reached } } }';
      const [writes, reads] = await Promise.all([
        atOnce(24, (batch) =>
          gateway.postEvents({
            source: 'website',
            events: touches(`many${batch}`, 'race-3@example.org', 100),
          }),
        ),
        atOnce(6, () => gateway.graphql(funnel)),
      ]);
      expect(writes.filter((a) => a.status === 200)).toHaveLength(24);
      expect(reads.filter((a) => a.status === 200 && !a.errors)).toHaveLength(6);
      expect(await countRows(gateway.acme, 'touches', 'per_csv:record:Race-3')).toBe(2_400);
    });

    it('six batches naming a new email at once make one person with all 60 touches scored', async () => {
      const answers = await atOnce(6, (batch) =>
        gateway.postEvents({ source: 'website', events: touches(`new${batch}`, 'Newcomer@Example.org', 10) }),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      // Each answer tells the truth: one of them created the person, the others found it.
      expect(answers.map((a) => Number(a.body.newPeople)).sort()).toEqual([0, 0, 0, 0, 0, 1]);
      const people = await gateway.acme.db
        .selectFrom('person_emails')
        .select('person_id')
        .where('email', '=', 'newcomer@example.org')
        .execute();
      expect(people).toHaveLength(1);
      const rows = await gateway.acme.db
        .selectFrom('people')
        .select('id')
        .where('email', '=', 'newcomer@example.org')
        .execute();
      expect(rows).toHaveLength(1);
      expect(await countRows(gateway.acme, 'touches', people[0]!.person_id)).toBe(60);
      const score = await scoreOf(people[0]!.person_id);
      expect(score.events).toBe(60);
      expect(score.stored).toBeCloseTo(score.sum, 6);
    });
  });
}
