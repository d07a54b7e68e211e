/**
 * A tenant's definitions (stage ladder, scoring model, SLA policy) as a gateway keeps them. Each
 * is versioned and a version is never rewritten: new definitions are new versions. So the
 * gateway asks the store only which versions are current, one small statement, and loads the
 * definitions themselves (three statements) only for versions it has not seen. A version written
 * by another replica or process is current on the next request.
 */
import { type Definitions, loadDefinitions } from './definitions.js';
import type { TenantStore } from './tenant-store.js';

/** Enough for every tenant's current and previous versions; the oldest entry goes first. */
const defaultCapacity = 1000;

export class DefinitionsCache {
  private readonly byVersions = new Map<string, Definitions>();

  constructor(private readonly capacity = defaultCapacity) {}

  async load(store: TenantStore): Promise<Definitions> {
    const current = await store.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('lifecycle_stages')
          .select((s) => s.fn.max('version').as('v'))
          .as('stages'),
        eb
          .selectFrom('scoring_models')
          .select((s) => s.fn.max('version').as('v'))
          .as('scoring'),
        eb
          .selectFrom('sla_policies')
          .select((s) => s.fn.max('version').as('v'))
          .as('sla'),
      ])
      .executeTakeFirstOrThrow();
    const cached = this.byVersions.get(keyOf(store.tenantId, current.stages, current.scoring, current.sla));
    if (cached) return cached;
    // Keyed by what was loaded: a version written in between is simply the one kept.
    const loaded = await loadDefinitions(store);
    this.byVersions.set(
      keyOf(store.tenantId, loaded.stagesVersion, loaded.scoring.version, loaded.sla.version),
      loaded,
    );
    if (this.byVersions.size > this.capacity) this.byVersions.delete(this.byVersions.keys().next().value!);
    return loaded;
  }
}

function keyOf(tenantId: string, ...versions: (number | null | undefined)[]): string {
  return [tenantId, ...versions.map(Number)].join('\u0000');
}
