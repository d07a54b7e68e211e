/** Reading HubSpot property values, which all arrive as strings (or null). */
import { sourceInstant } from '../../domain/instants.js';
import type { ProspectFlagField } from '../../ingest/records.js';
import type { ProspectProperties } from '../settings.js';
import type { HubSpotObject } from './client.js';

export function text(object: HubSpotObject, name: string): string | null {
  const value = object.properties[name]?.trim();
  return value ? value : null;
}

export function number(object: HubSpotObject, name: string): number | null {
  const value = text(object, name);
  if (value === null) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/**
 * Datetime properties come as ISO text or epoch ms text, depending on the property; → epoch ms,
 * or the text itself when it is no date (2026-02-31), which the record then is rejected for.
 */
export function instant(object: HubSpotObject, name: string): number | string | null {
  const value = text(object, name);
  return value === null ? null : sourceInstant(value);
}

export function flag(object: HubSpotObject, name: string): boolean | null {
  const value = text(object, name);
  return value === null ? null : value === 'true';
}

/** The prospect flags the tenant maps to properties, read as checkboxes; an empty property says nothing. */
export function prospectFlags(
  object: HubSpotObject,
  properties: ProspectProperties,
): Partial<Record<ProspectFlagField, boolean | null>> {
  return Object.fromEntries(
    Object.entries(properties).map(([field, property]) => [field, flag(object, property)]),
  );
}
