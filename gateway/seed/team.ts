/**
 * The tenant's revenue team: two sales teams split by segment (who owns which accounts) and two
 * marketing teams. Seventeen people, about what a company with this funnel volume employs.
 */

import type { NamePools } from './names.js';
import { asciiWord } from './names.js';
import type { Random } from './random.js';
import type { UserRecordInput } from './record-types.js';
import type { TenantProfile } from './tenants.js';

export const enterpriseTeam = 'Sales – Enterprise';
export const midMarketTeam = 'Sales – Mid-market';

const roster: { team: string; teamFunction: 'sales' | 'marketing'; size: number; owns: boolean }[] = [
  // The first member of each sales team is its manager, who owns no accounts of their own.
  { team: enterpriseTeam, teamFunction: 'sales', size: 5, owns: true },
  { team: midMarketTeam, teamFunction: 'sales', size: 6, owns: true },
  { team: 'Demand Generation', teamFunction: 'marketing', size: 4, owns: false },
  { team: 'Marketing Operations', teamFunction: 'marketing', size: 2, owns: false },
];

export interface Team {
  users: UserRecordInput[];
  /** Account executives who own enterprise accounts. */
  enterpriseOwners: string[];
  /** Account executives who own mid-market and SMB accounts. */
  midMarketOwners: string[];
  /** Marketers who qualify leads by hand now and then. */
  marketers: string[];
}

export function hireTeam(rng: Random, names: NamePools, tenant: TenantProfile): Team {
  const team: Team = { users: [], enterpriseOwners: [], midMarketOwners: [], marketers: [] };
  const taken = new Set<string>();
  for (const { team: teamName, teamFunction, size, owns } of roster) {
    for (let member = 0; member < size; member++) {
      let first = rng.pick(names.firstNames);
      let last = rng.pick(names.lastNames);
      while (taken.has(`${asciiWord(first)}.${asciiWord(last)}`)) {
        first = rng.pick(names.firstNames);
        last = rng.pick(names.lastNames);
      }
      const email = `${asciiWord(first)}.${asciiWord(last)}@${tenant.website}`;
      taken.add(email.split('@')[0]);
      team.users.push({ kind: 'user', email, name: `${first} ${last}`, team: teamName, teamFunction });
      if (teamFunction === 'marketing') team.marketers.push(email);
      else if (owns && member > 0)
        (teamName === enterpriseTeam ? team.enterpriseOwners : team.midMarketOwners).push(email);
    }
  }
  return team;
}
