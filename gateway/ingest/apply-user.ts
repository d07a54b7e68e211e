/**
 * Users and their teams: reps, managers and marketers, with their role, region and manager. Ids
 * are derived from the email (and the team's name), so a user imported from a CSV file and the
 * same person named as a deal's owner by a connector are one user.
 */
import { type IngestBatch, RecordRejected } from './batch.js';
import { derivedId, slug } from './ids.js';
import { normaliseEmail } from './normalise.js';
import type { UserRecord } from './records.js';

/** Roles that say their function, for users whose file has no function column. */
const marketingRole = /market|demand|campaign|content|growth|\bmops\b|brand|\bseo\b|events?\b/i;
const salesRole =
  /sales|\bsdr\b|\bbdr\b|\bae\b|account (executive|manager|director)|business development|\brep\b|revenue|closer|\bcso\b|\bvp sales\b/i;

/** A team's function from a role's words, or null when they say nothing of it. */
export function functionOfRole(role: string | null | undefined): 'sales' | 'marketing' | null {
  if (!role) return null;
  if (marketingRole.test(role)) return 'marketing';
  if (salesRole.test(role)) return 'sales';
  return null;
}

export function applyUser(batch: IngestBatch, record: UserRecord): void {
  const { caches } = batch;
  const email = normaliseEmail(record.email)!;
  const id = derivedId('usr', email);
  const fn = record.teamFunction ?? functionOfRole(record.role);
  // Without a team, a known function is the team ("Sales", "Marketing").
  const teamName = record.team ?? (fn ? (fn === 'sales' ? 'Sales' : 'Marketing') : null);
  const teamId = teamName ? slug(teamName) : null;
  if (teamName && teamId) {
    const teamFunction = fn ?? caches.teamFunction.get(teamId);
    if (!teamFunction) {
      throw new RecordRejected(
        `team '${teamName}' is new and nothing says whether it is sales or marketing: give its function (sales or marketing), or a role that says it (e.g. "SDR", "Marketing Manager")`,
      );
    }
    batch.teams.set(teamId, {
      tenant_id: batch.tenantId,
      id: teamId,
      name: teamName,
      function: teamFunction,
    });
    caches.teamFunction.set(teamId, teamFunction);
  }
  let managerId: string | null = null;
  if (record.managerEmail) {
    // Managers listed later in the same batch are known already (load.ts registers every user of the batch).
    managerId = batch.userIdFor(record.managerEmail);
    if (!managerId) {
      batch.warn(
        'unknownManager',
        'managerEmail',
        record.managerEmail,
        'is not a user: written without a manager',
      );
    } else if (managerId === id) {
      batch.warn(
        'unknownManager',
        'managerEmail',
        record.managerEmail,
        'is the user themselves: written without a manager',
      );
      managerId = null;
    }
  }
  batch.users.set(id, {
    tenant_id: batch.tenantId,
    id,
    team_id: teamId,
    name: record.name,
    email,
    role: record.role ?? null,
    region: record.region ?? null,
    manager_id: managerId,
  });
  caches.userByEmail.set(email, id);
}
