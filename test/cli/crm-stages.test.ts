/**
 * `tandem crm-stages` and the import summary's warnings as a company's admin sees them, on SQLite
 * and PostgreSQL: the stage map shown and replaced from a file, the lost-deal policy set, each
 * mistake one line with exit code 2; a users and deals import that names what it kept with a
 * warning, by line, column and value, and counts each sort in a sentence.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCrmSettings } from '../../gateway/store/crm-stages.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { testTenants } from '../support/gateway.js';
import { runCli } from './run-cli.js';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`tandem crm-stages on ${dialect.name}`, () => {
    let test: TestDatabase;
    let folder: string;
    const cli = (args: string[]) => runCli([...args, '--database', test.url]);
    const file = (name: string, text: string) => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return path;
    };

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await ensureTenant(test.database, testTenants[0]!, Date.parse('2026-01-01T00:00:00Z'));
      folder = mkdtempSync(join(tmpdir(), 'tandem-crm-stages-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('shows the built-in stages and the default policy of a new tenant', async () => {
      const shown = await cli(['crm-stages', '--tenant', 'acme']);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(
        'acme: a lost deal sends its primary person back to nurture (--lost-deals nurture)',
      );
      expect(shown.stdout).toContain("the tenant's stages (0):");
      expect(shown.stdout).toMatch(/Closed Won\s+won\s+1/);
    });

    it('replaces the tenant’s stages from a file and sets the lost-deal policy', async () => {
      const stages = file(
        'stages.json',
        JSON.stringify({
          stages: {
            'Verbal Commit': { status: 'open', probability: 0.9 },
            'Closed - Signed': { status: 'won' },
            'Closed Won': { status: 'lost' },
          },
          lostDeals: 'stay',
        }),
      );
      const set = await cli(['crm-stages', '--tenant', 'acme', '--file', stages]);
      expect(set.stderr).toBe('');
      expect(set.code).toBe(0);
      expect(set.stdout).toContain("the tenant's stages (3):");
      expect(set.stdout).toContain('leaves its primary person where they are (--lost-deals stay)');
      const settings = await loadCrmSettings(new TenantStore(test.database, 'acme'));
      expect(settings.lostDealMovesTo).toBe('stay');
      expect(settings.map.get('verbal commit')).toEqual({
        name: 'Verbal Commit',
        status: 'open',
        probability: 0.9,
      });
      expect(settings.map.get('CLOSED - SIGNED')).toMatchObject({ status: 'won', probability: 1 });
      // The tenant's entry overrides the built-in one of the same name.
      expect(settings.map.get('closedwon')).toMatchObject({ status: 'lost', probability: 0 });
      const back = await cli(['crm-stages', '--tenant', 'acme', '--lost-deals', 'nurture']);
      expect(back.code).toBe(0);
      expect((await loadCrmSettings(new TenantStore(test.database, 'acme'))).stages).toHaveLength(3);
    });

    it('says what is wrong in one line, exit code 2', async () => {
      const noProbability = file('open.json', JSON.stringify({ stages: { Demo: { status: 'open' } } }));
      const twins = file(
        'twins.json',
        JSON.stringify({ stages: { 'Closed Won': { status: 'won' }, closedwon: { status: 'won' } } }),
      );
      const badStatus = file('status.json', JSON.stringify({ stages: { Demo: { status: 'pending' } } }));
      const cases: [string[], string][] = [
        [
          ['--file', noProbability],
          `tandem: ${noProbability}: stages.Demo: an open stage needs its probability, 0 to 1 (e.g. 0.4)\n`,
        ],
        [
          ['--file', twins],
          `tandem: ${twins}: 'closedwon' and 'Closed Won' are one stage (case, spaces and punctuation aside): keep one\n`,
        ],
        [['--lost-deals', 'maybe'], "tandem: --lost-deals must be nurture or stay, got 'maybe'\n"],
        [
          ['--file', join(folder, 'missing.json')],
          `tandem: cannot read ${join(folder, 'missing.json')}: ENOENT\n`,
        ],
      ];
      for (const [args, stderr] of cases) {
        const result = await cli(['crm-stages', '--tenant', 'acme', ...args]);
        expect(result.stderr).toBe(stderr);
        expect(result.code).toBe(2);
      }
      const status = await cli(['crm-stages', '--tenant', 'acme', '--file', badStatus]);
      expect(status.code).toBe(2);
      expect(status.stderr).toMatch(/^tandem: .*status\.json: stages\.Demo\.status: .*"open"\|"won"\|"lost"/);
    });

    it('prints what an import kept with a warning: a sentence per sort, then each row', async () => {
      const users = file('users.csv', 'Email,Name,Title\nana@acme.example,Ana Rep,Account Executive\n');
      const usersMapping = file(
        'users.json',
        JSON.stringify({ kind: 'users', columns: { email: 'Email', name: 'Name', role: 'Title' } }),
      );
      const imported = await cli([
        'import',
        'csv',
        users,
        '--tenant',
        'acme',
        '--mapping',
        usersMapping,
        '--no-progress',
      ]);
      expect(imported.code).toBe(0);
      const deals = file(
        'deals.csv',
        'Id,Name,Stage,Owner,Closes\nD-1,One,Prospecting,ana@acme.example,2026-09-30\nD-2,Two,Demo Booked,ghost@acme.example,\n',
      );
      const dealsMapping = file(
        'deals.json',
        JSON.stringify({
          kind: 'opportunities',
          columns: { sourceId: 'Id', name: 'Name', stage: 'Stage', ownerEmail: 'Owner', closedAt: 'Closes' },
        }),
      );
      const result = await cli([
        'import',
        'csv',
        deals,
        '--tenant',
        'acme',
        '--mapping',
        dealsMapping,
        '--no-progress',
      ]);
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n').slice(1);
      expect(lines).toEqual([
        '4 written with a warning:',
        '  1 deal had no created date: used the earliest date in the row',
        '  1 deal had a stage the stage map does not know: counted as open',
        '  1 deal had no created date nor any other date: used the time of the import',
        '  1 row named an owner who is not a user: written without an owner',
        '  line 2: no created date: used the earliest date of the deal, 2026-09-30',
        '  line 3, column "Stage": "Demo Booked" is not in the stage map: counted as open at probability 0 (add it with tandem crm-stages)',
        '  line 3: no created date and no other date: used the time of the import',
        '  line 3, column "Owner": "ghost@acme.example" is not a user: written without an owner',
      ]);
    });
  });
}
