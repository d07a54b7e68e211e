/** Batch reads of HubSpot objects and their associations, in the chunk sizes the API allows. */
import type { HubSpotClient, HubSpotObject } from './client.js';

const readChunk = 100;
const associationChunk = 1_000;

export async function readObjects(
  client: HubSpotClient,
  objectType: string,
  ids: string[],
  options: { properties: string[]; propertiesWithHistory?: string[]; idProperty?: string },
): Promise<HubSpotObject[]> {
  const objects: HubSpotObject[] = [];
  for (let i = 0; i < ids.length; i += readChunk) {
    // Ids that do not exist come back in `errors` (HTTP 207), not as a failure: nothing to read there.
    const page = await client.post<{ results?: HubSpotObject[] }>(
      `/crm/v3/objects/${objectType}/batch/read`,
      {
        properties: options.properties,
        ...(options.propertiesWithHistory ? { propertiesWithHistory: options.propertiesWithHistory } : {}),
        ...(options.idProperty ? { idProperty: options.idProperty } : {}),
        inputs: ids.slice(i, i + readChunk).map((id) => ({ id })),
      },
    );
    objects.push(...(page.results ?? []));
  }
  return objects;
}

/** Object id → associated ids of another type, in the order HubSpot gives them. */
export async function associatedIds(
  client: HubSpotClient,
  from: string,
  to: string,
  ids: string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += associationChunk) {
    const page = await client.post<{
      results?: { from: { id: string }; to?: { toObjectId: string | number }[] }[];
    }>(`/crm/v4/associations/${from}/${to}/batch/read`, {
      inputs: ids.slice(i, i + associationChunk).map((id) => ({ id })),
    });
    for (const row of page.results ?? []) {
      result.set(
        String(row.from.id),
        (row.to ?? []).map((target) => String(target.toObjectId)),
      );
    }
  }
  return result;
}
