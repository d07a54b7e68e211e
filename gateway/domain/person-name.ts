/**
 * What a person is called wherever Tandem shows one (Person.name, the timeline, breach events):
 * their name, else their email, else something a rep can act on, never an internal id. A lead
 * list row with neither name nor email becomes "Unnamed lead (Acme Corp)" when their company is
 * known, else the record it came from in its own system ("HubSpot contact 1234"), which a rep can
 * look up there.
 */

export interface PersonNameParts {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** The person's account's name, when they have one. */
  accountName?: string | null;
  /** One of the person's source records: where to find them. */
  identity?: { system: string; objectType: string; sourceId: string } | null;
}

/** How the systems Tandem reads name themselves. */
const systemNames: Record<string, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  marketo: 'Marketo',
  csv: 'CSV',
};

/** What a person's id is in each system's own words (`ma_lead` is Marketo's lead). */
const objectNames: Record<string, string> = {
  lead: 'lead',
  contact: 'contact',
  ma_lead: 'lead',
  record: 'record',
};

/** The name alone, when one is known: first and last name, else the email. */
export function knownName(p: PersonNameParts): string | null {
  const full = [p.firstName, p.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  return full || p.email || null;
}

export function personDisplayName(p: PersonNameParts): string {
  const known = knownName(p);
  if (known) return known;
  if (p.accountName) return `Unnamed lead (${p.accountName})`;
  if (p.identity) {
    const { system, objectType, sourceId } = p.identity;
    return `${systemNames[system] ?? system} ${objectNames[objectType] ?? objectType} ${sourceId}`;
  }
  return 'Unnamed lead';
}
