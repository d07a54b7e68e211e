/**
 * Shared definitions with a visible history and a two-team sign-off (docs/domain.md "Shared
 * definitions: versions and sign-off"), on SQLite and PostgreSQL: every version is listed
 * newest first with who changed what; with sign-off on, a proposal takes effect only when an
 * admin of the other team approves it, and every wrong caller is refused with a clear error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import { defaultStages } from '../../gateway/domain/stages.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { customerRecords } from './customer-fixture.js';

const history = `query ($kind: DefinitionKind!, $first: Int, $after: Int) {
  definitionHistory(kind: $kind, first: $first, after: $after) {
    hasMore
    versions {
      version createdBy { name function }
      changes { field before after }
      signOff { status proposedBy { name function } decidedBy { name function } reason }
      scoringModel { version halfLifeDays rules { touchType points } }
      slaPolicy { version targetHours }
      stageLadder { version stages { key label } }
    }
  }
}`;

const proposals = `query ($kind: DefinitionKind!) {
  definitionProposals(kind: $kind) {
    version changes { field before after }
    signOff { id status basedOnVersion version reason proposedBy { name function } decidedBy { name function } }
  }
}`;

interface Version {
  version: number;
  createdBy: { name: string; function: string | null } | null;
  changes: { field: string; before: string | null; after: string | null }[];
  signOff: { id: string; status: string; reason: string | null; decidedBy: { name: string } | null } | null;
}

/** The default ladder with the SAL stage labelled `label`. */
function ladder(label: string): string {
  const stages = defaultStages.map(
    (s) =>
      `{ key: "${s.key}", label: ${JSON.stringify(s.key === 'sal' ? label : s.label)}, ownerTeam: ${s.ownerTeam.toUpperCase()}, entryCriteria: ${JSON.stringify(s.entryCriteria)} }`,
  );
  return `[${stages.join(', ')}]`;
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`definition history and sign-off on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const tokens: Record<string, string> = {};

    /** Runs `query` as one of the named token holders. */
    const as = async <T = Record<string, unknown>>(who: string, query: string, variables = {}) =>
      gateway.graphql<T>(query, variables, {
        token: tokens[who]!,
        tenant: who === 'globex' ? 'globex' : 'acme',
      });

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      expect((await gateway.ingest('acme', customerRecords())).rejected).toEqual([]);
      const grants: Record<string, TokenGrant> = {
        mia: { tenant: 'acme', role: 'admin', name: 'Mia', function: 'marketing' },
        max: { tenant: 'acme', role: 'admin', name: 'Max', function: 'marketing' },
        sam: { tenant: 'acme', role: 'admin', name: 'Sam', function: 'sales' },
        sid: { tenant: 'acme', role: 'analyst', name: 'Sid', function: 'sales' },
        nobody: { tenant: 'acme', role: 'admin', name: 'Nobody' },
        viewer: { tenant: 'acme', role: 'viewer', name: 'Vic' },
        globex: { tenant: 'globex', role: 'admin', name: 'Gus', function: 'sales' },
      };
      for (const [who, grant] of Object.entries(grants)) tokens[who] = await gateway.token(grant);
    });
    afterAll(() => gateway?.drop());

    it('lists scoring model versions newest first, with author, team and what changed', async () => {
      const first = await as(
        'mia',
        'mutation { updateScoringModel(input: { rules: [{ touchType: "form_submit", points: 40 }, { touchType: "email_open", points: 1 }] }) }',
      );
      expect(first.errors).toBeUndefined();
      expect(
        (await as('mia', 'mutation { updateScoringModel(input: { halfLifeDays: 45 }) }')).errors,
      ).toBeUndefined();
      const page = await as<{ definitionHistory: { hasMore: boolean; versions: Version[] } }>(
        'sid',
        history,
        {
          kind: 'SCORING_MODEL',
        },
      );
      expect(page.errors).toBeUndefined();
      const versions = page.data!.definitionHistory.versions;
      expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
      expect(versions[0]!.changes).toEqual([{ field: 'halfLifeDays', before: '30', after: '45' }]);
      expect(versions[0]!.createdBy).toEqual({ name: 'Mia', function: 'MARKETING' });
      expect(versions[0]!.signOff).toMatchObject({ status: 'APPLIED', decidedBy: null });
      expect(versions[1]!.changes).toContainEqual({ field: 'points.form_submit', before: '50', after: '40' });
      expect(versions[1]!.changes).toContainEqual({
        field: 'points.webinar_registration',
        before: '5',
        after: null,
      });
      expect(versions[1]!.changes.map((c) => c.field)).not.toContain('points.email_open');
      expect(versions[2]).toMatchObject({ createdBy: null, changes: [], signOff: null });
    });

    it('pages the history: first and after', async () => {
      type Page = { definitionHistory: { hasMore: boolean; versions: Version[] } };
      const one = await as<Page>('sid', history, { kind: 'SCORING_MODEL', first: 1 });
      expect(one.data!.definitionHistory.versions.map((v) => v.version)).toEqual([3]);
      expect(one.data!.definitionHistory.hasMore).toBe(true);
      expect(one.data!.definitionHistory.versions[0]!.changes).toHaveLength(1); // diffed against version 2
      const rest = await as<Page>('sid', history, { kind: 'SCORING_MODEL', first: 5, after: 3 });
      expect(rest.data!.definitionHistory.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(rest.data!.definitionHistory.hasMore).toBe(false);
      const bad = await as('sid', history, { kind: 'SCORING_MODEL', first: 0 });
      expect(bad.errors?.[0]).toMatchObject({
        message: 'first must be 1–100, got 0',
        extensions: { code: 'BAD_ARGUMENTS' },
      });
    });

    it('lists SLA policy and stage ladder versions with their changes', async () => {
      expect(
        (await as('sam', 'mutation { updateSlaPolicy(input: { targetHours: 8 }) }')).errors,
      ).toBeUndefined();
      const sla = await as<{ definitionHistory: { versions: Version[] } }>('mia', history, {
        kind: 'SLA_POLICY',
      });
      expect(sla.data!.definitionHistory.versions[0]).toMatchObject({
        version: 2,
        createdBy: { name: 'Sam', function: 'SALES' },
        changes: [{ field: 'targetHours', before: '4', after: '8' }],
      });
      expect(
        (await as('sam', `mutation { updateLifecycleStages(stages: ${ladder('Accepted')}) }`)).errors,
      ).toBeUndefined();
      const stages = await as<{ definitionHistory: { versions: Version[] } }>('mia', history, {
        kind: 'STAGE_LADDER',
      });
      expect(stages.data!.definitionHistory.versions.map((v) => [v.version, v.changes])).toEqual([
        [2, [{ field: 'stage.sal.label', before: 'SAL', after: 'Accepted' }]],
        [1, []],
      ]);
    });

    it('refuses the history to a viewer, and answers an analyst', async () => {
      const refused = await as('viewer', history, { kind: 'SLA_POLICY' });
      expect(refused.data?.definitionHistory ?? null).toBeNull();
      // A viewer runs the widgets' operations only (docs/security.md); the resolver checks the role too.
      expect(refused.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
      expect((await as('sid', history, { kind: 'SLA_POLICY' })).errors).toBeUndefined();
    });

    it('keeps a proposal out of force until the other team approves it, then rescores', async () => {
      const on = await as('mia', 'mutation { setDefinitionsNeedApproval(on: true) }');
      expect(on.data).toEqual({ setDefinitionsNeedApproval: true });
      expect((await as('sid', '{ definitionsNeedApproval }')).data).toEqual({
        definitionsNeedApproval: true,
      });
      const scoredAt = async () =>
        (await gateway.store('acme').db.selectFrom('people').select('scored_at').execute()).map((p) =>
          Number(p.scored_at),
        );
      const before = await scoredAt();
      const proposed = await as<{ updateScoringModel: number }>(
        'mia',
        'mutation { updateScoringModel(input: { halfLifeDays: 60 }) }',
      );
      expect(proposed).toMatchObject({ data: { updateScoringModel: 4 } });
      const current = async () =>
        (
          await as<{ scoringModel: { version: number; halfLifeDays: number } }>(
            'sid',
            '{ scoringModel { version halfLifeDays } }',
          )
        ).data!.scoringModel;
      expect(await current()).toEqual({ version: 3, halfLifeDays: 45 });
      expect(await scoredAt()).toEqual(before);

      const pending = await as<{ definitionProposals: (Version & { signOff: { id: string } })[] }>(
        'sam',
        proposals,
        {
          kind: 'SCORING_MODEL',
        },
      );
      const proposal = pending.data!.definitionProposals[0]!;
      expect(proposal).toMatchObject({
        version: 4,
        changes: [{ field: 'halfLifeDays', before: '45', after: '60' }],
        signOff: {
          status: 'PENDING',
          basedOnVersion: 3,
          version: null,
          proposedBy: { name: 'Mia', function: 'MARKETING' },
        },
      });
      const approve = `mutation { approveDefinitionChange(id: "${proposal.signOff.id}") { status version decidedBy { name function } } }`;

      const own = await as('max', approve);
      expect(own.status).toBe(403);
      expect(own.errors?.[0]).toMatchObject({
        message: `Max (marketing) cannot approve proposal ${proposal.signOff.id}: it was proposed by Mia of marketing, so an admin of the other team decides`,
        extensions: { code: 'FORBIDDEN' },
      });
      expect((await as('sid', approve)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // an analyst
      expect((await as('nobody', approve)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // no team function
      expect((await as('viewer', approve)).errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
      expect(await current()).toEqual({ version: 3, halfLifeDays: 45 });

      const approved = await as('sam', approve);
      expect(approved).toMatchObject({
        data: {
          approveDefinitionChange: {
            status: 'APPROVED',
            version: 4,
            decidedBy: { name: 'Sam', function: 'SALES' },
          },
        },
      });
      expect(await current()).toEqual({ version: 4, halfLifeDays: 60 });
      expect((await scoredAt()).every((at) => !before.includes(at))).toBe(true);
      const again = await as('sam', approve);
      expect(again.errors?.[0]).toMatchObject({
        message: `proposal ${proposal.signOff.id} is approved (by Sam): only a pending proposal can be decided`,
        extensions: { code: 'NOT_PENDING' },
      });
      const page = await as<{ definitionHistory: { versions: Version[] } }>('sid', history, {
        kind: 'SCORING_MODEL',
        first: 1,
      });
      expect(page.data!.definitionHistory.versions[0]).toMatchObject({
        version: 4,
        createdBy: { name: 'Mia', function: 'MARKETING' },
        signOff: {
          status: 'APPROVED',
          proposedBy: { name: 'Mia' },
          decidedBy: { name: 'Sam', function: 'SALES' },
        },
      });
    });

    it('records a rejection with its reason; the current version stays', async () => {
      expect((await as('sam', 'mutation { updateSlaPolicy(input: { targetHours: 48 }) }')).data).toEqual({
        updateSlaPolicy: 3,
      });
      const [proposal] = (
        await as<{ definitionProposals: Version[] }>('mia', proposals, { kind: 'SLA_POLICY' })
      ).data!.definitionProposals;
      const reject = (reason: string) =>
        `mutation { rejectDefinitionChange(id: "${proposal!.signOff!.id}", reason: ${JSON.stringify(reason)}) { status reason decidedBy { name function } } }`;
      expect((await as('mia', reject('  '))).errors?.[0]).toMatchObject({
        message: "a rejection needs a reason, got '  '",
        extensions: { code: 'BAD_ARGUMENTS' },
      });
      expect((await as('sam', reject('mine'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await as('mia', reject('48 hours loses warm leads'))).data).toEqual({
        rejectDefinitionChange: {
          status: 'REJECTED',
          reason: '48 hours loses warm leads',
          decidedBy: { name: 'Mia', function: 'MARKETING' },
        },
      });
      const policy = await as<{ slaPolicies: { version: number; targetHours: number }[] }>(
        'sid',
        '{ slaPolicies { version targetHours } }',
      );
      expect(policy.data!.slaPolicies[0]).toEqual({ version: 2, targetHours: 8 });
    });

    it('a second proposal supersedes the pending one', async () => {
      const first = await as('sam', `mutation { updateLifecycleStages(stages: ${ladder('Accepted lead')}) }`);
      const second = await as(
        'sam',
        `mutation { updateLifecycleStages(stages: ${ladder('Sales accepted')}) }`,
      );
      expect([first.data, second.data]).toEqual([{ updateLifecycleStages: 3 }, { updateLifecycleStages: 3 }]);
      const list = (await as<{ definitionProposals: Version[] }>('mia', proposals, { kind: 'STAGE_LADDER' }))
        .data!.definitionProposals;
      expect(list.map((p) => p.signOff!.status)).toEqual(['PENDING', 'SUPERSEDED']);
      expect(list[1]!.signOff!.reason).toBe(`superseded by ${list[0]!.signOff!.id}`);
      const stale = await as(
        'mia',
        `mutation { approveDefinitionChange(id: "${list[1]!.signOff!.id}") { status } }`,
      );
      expect(stale.errors?.[0]?.extensions?.code).toBe('NOT_PENDING');
      const ok = await as(
        'mia',
        `mutation { approveDefinitionChange(id: "${list[0]!.signOff!.id}") { status version } }`,
      );
      expect(ok.data).toEqual({ approveDefinitionChange: { status: 'APPROVED', version: 3 } });
      const ladderNow = await as<{
        lifecycleDefinitions: { version: number; stages: { key: string; label: string }[] };
      }>('sid', '{ lifecycleDefinitions { version stages { key label } } }');
      expect(ladderNow.data!.lifecycleDefinitions.version).toBe(3);
      expect(ladderNow.data!.lifecycleDefinitions.stages.find((s) => s.key === 'sal')!.label).toBe(
        'Sales accepted',
      );
    });

    it("refuses another tenant's proposal id and a proposer without a team function", async () => {
      await as('mia', 'mutation { updateScoringModel(input: { halfLifeDays: 20 }) }');
      const [proposal] = (
        await as<{ definitionProposals: Version[] }>('sam', proposals, { kind: 'SCORING_MODEL' })
      ).data!.definitionProposals;
      const foreign = await as(
        'globex',
        `mutation { approveDefinitionChange(id: "${proposal!.signOff!.id}") { status } }`,
      );
      expect(foreign.errors?.[0]).toMatchObject({
        message: `no definition change proposal '${proposal!.signOff!.id}'`,
        extensions: { code: 'NOT_FOUND' },
      });
      const unknown = await as('sam', 'mutation { approveDefinitionChange(id: "dch_nope") { status } }');
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const noTeam = await as('nobody', 'mutation { updateScoringModel(input: { halfLifeDays: 21 }) }');
      expect(noTeam.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(noTeam.errors?.[0]?.message).toContain(
        'Nobody has no team function (sales or marketing) in their token',
      );
    });

    it('refuses a proposal whose base version is no longer current; the setting is per tenant', async () => {
      const [pending] = (
        await as<{ definitionProposals: Version[] }>('sam', proposals, { kind: 'SCORING_MODEL' })
      ).data!.definitionProposals;
      expect(pending!.signOff).toMatchObject({ status: 'PENDING', basedOnVersion: 4 });
      await as('sam', 'mutation { setDefinitionsNeedApproval(on: false) }');
      expect((await as('mia', 'mutation { updateScoringModel(input: { halfLifeDays: 25 }) }')).data).toEqual({
        updateScoringModel: 5,
      });
      await as('sam', 'mutation { setDefinitionsNeedApproval(on: true) }');
      const stale = await as(
        'sam',
        `mutation { approveDefinitionChange(id: "${pending!.signOff!.id}") { status } }`,
      );
      expect(stale.errors?.[0]).toMatchObject({
        message: `proposal ${pending!.signOff!.id} was made against version 4, but version 5 is current now; propose again`,
        extensions: { code: 'STALE_PROPOSAL' },
      });
      // globex never turned sign-off on: its admin's change applies at once.
      expect((await as('globex', '{ definitionsNeedApproval }')).data).toEqual({
        definitionsNeedApproval: false,
      });
      expect((await as('globex', 'mutation { updateSlaPolicy(input: { targetHours: 10 }) }')).data).toEqual({
        updateSlaPolicy: 2,
      });
    });

    it('applies updates at once again when the setting is off', async () => {
      expect((await as('sam', 'mutation { setDefinitionsNeedApproval(on: false) }')).data).toEqual({
        setDefinitionsNeedApproval: false,
      });
      expect((await as('mia', 'mutation { updateSlaPolicy(input: { targetHours: 6 }) }')).data).toEqual({
        updateSlaPolicy: 3,
      });
      const refused = await as('sid', 'mutation { setDefinitionsNeedApproval(on: true) }');
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // an analyst
    });
  });
}
