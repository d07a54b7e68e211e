/**
 * People and their records in each system. Everyone is a Marketo lead; most also become a
 * Salesforce lead, and a lead that sales qualifies is converted into a contact that points back
 * at it. The CRM copy sometimes spells the email with other capitals, as hand-typed CRM data
 * does: identity resolution has to see through that.
 */
import { defaultFitCriteria, type FitGrade, fitGrade } from '../domain/scoring.js';
import type { Account } from './accounts.js';
import type { SourceIds } from './ids.js';
import { asciiWord, type NamePools } from './names.js';
import { type Random, weightedTable } from './random.js';
import type { PersonRecordInput, PersonRefInput } from './record-types.js';
import { iso } from './timeline.js';

/** Share of CRM records whose email differs from the Marketo one in case only. */
export const crmCaseVariantShare = 0.15;

const roles = weightedTable([
  [['Marketing', 'Chief Marketing Officer'], 2],
  [['Marketing', 'VP Marketing'], 4],
  [['Marketing', 'Head of Demand Generation'], 5],
  [['Marketing', 'Marketing Manager'], 10],
  [['Marketing', 'Marketing Operations Manager'], 8],
  [['Marketing', 'Content Marketing Manager'], 5],
  [['Marketing', 'Marketing Specialist'], 6],
  [['Sales', 'Chief Revenue Officer'], 2],
  [['Sales', 'VP Sales'], 4],
  [['Sales', 'Sales Director'], 5],
  [['Sales', 'Revenue Operations Manager'], 7],
  [['Sales', 'Sales Operations Analyst'], 5],
  [['Sales', 'Account Executive'], 3],
  [['Executive', 'CEO'], 3],
  [['Executive', 'COO'], 2],
  [['Finance', 'CFO'], 3],
  [['Finance', 'FP&A Analyst'], 4],
  [['IT', 'CIO'], 2],
  [['IT', 'BI Analyst'], 6],
  [['IT', 'Data Engineer'], 5],
  [['Operations', 'Operations Manager'], 5],
] as const);

export interface Person {
  firstName: string;
  lastName: string;
  /** As Marketo holds it: lower case. */
  email: string;
  /** As the CRM holds it: usually the same, sometimes other capitals. */
  crmEmail: string;
  title: string;
  department: string;
  account: Account;
  maRef: PersonRefInput;
  emailRef: PersonRefInput;
  /** Set once the person exists in the CRM. */
  leadRef: PersonRefInput | null;
  contactRef: PersonRefInput | null;
}

export function meetPerson(rng: Random, ids: SourceIds, names: NamePools, account: Account): Person {
  const firstName = rng.pick(names.firstNames);
  const lastName = rng.pick(names.lastNames);
  const [department, title] = rng.weighted(roles);
  const first = asciiWord(firstName) || 'info';
  const last = asciiWord(lastName) || 'contact';
  const style = rng.next();
  const mailbox =
    style < 0.7
      ? `${first}.${last}`
      : style < 0.85
        ? `${first[0]}${last}`
        : style < 0.93
          ? `${first}_${last}`
          : first;
  account.mailboxes ??= new Set();
  let unique = mailbox;
  for (let suffix = 2; account.mailboxes.has(unique); suffix++) unique = `${mailbox}${suffix}`;
  account.mailboxes.add(unique);
  const email = `${unique}@${account.domain}`;
  return {
    firstName,
    lastName,
    email,
    crmEmail: rng.chance(crmCaseVariantShare) ? recased(rng, email) : email,
    title,
    department,
    account,
    maRef: { system: 'marketo', objectType: 'ma_lead', sourceId: ids.marketoLeadId() },
    emailRef: { email },
    leadRef: null,
    contactRef: null,
  };
}

/** 'jane.doe@acme.com' → 'Jane.Doe@Acme.com' or, now and then, all capitals. */
function recased(rng: Random, email: string): string {
  if (rng.chance(0.2)) return email.toUpperCase();
  const [mailbox, domain] = email.split('@');
  const capitalised = mailbox.replace(
    /(^|[._-])([a-z])/g,
    (_, separator: string, letter: string) => separator + letter.toUpperCase(),
  );
  return `${capitalised}@${domain[0].toUpperCase()}${domain.slice(1)}`;
}

function personRecord(
  person: Person,
  ref: PersonRefInput,
  email: string,
  at: number,
  extra: Partial<PersonRecordInput>,
): PersonRecordInput {
  if (!('system' in ref)) throw new Error('person records are keyed by a source id');
  return {
    kind: 'person',
    system: ref.system,
    objectType: ref.objectType,
    sourceId: ref.sourceId,
    email,
    firstName: person.firstName,
    lastName: person.lastName,
    title: person.title,
    department: person.department,
    region: person.account.region,
    createdAt: iso(at),
    updatedAt: iso(at),
    ...extra,
  };
}

/** The Marketo lead: knows the company only by its domain, as form fills do. */
export function marketingLeadRecord(person: Person, at: number, leadSource: string): PersonRecordInput {
  return personRecord(person, person.maRef, person.email, at, {
    leadSource,
    account: { domain: person.account.domain },
  });
}

/**
 * The Marketo lead again, with the four prospect flags marketing set (or cleared) at `at`: the
 * person record is how flags arrive (a CSV column, a CRM property), so the handoff that follows
 * records whether it was a prospect's.
 */
export function prospectFlags(person: Person, at: number, set: boolean): PersonRecordInput {
  return personRecord(person, person.maRef, person.email, at, {
    account: { domain: person.account.domain },
    icpFit: set,
    hasBudget: set,
    hasTimeframe: set,
    willingToEngage: set,
  });
}

/** The Salesforce lead, synced from Marketo: no account id yet, owned by the account's executive. */
export function crmLeadRecord(
  ids: SourceIds,
  person: Person,
  at: number,
  leadSource: string,
): PersonRecordInput {
  person.leadRef = { system: 'salesforce', objectType: 'lead', sourceId: ids.salesforce('lead') };
  return personRecord(person, person.leadRef, person.crmEmail, at, {
    leadSource,
    account: { domain: person.account.domain },
    ownerEmail: person.account.owner,
  });
}

/** The contact a qualified lead converts into (Salesforce ConvertedContactId), now on the account. */
export function contactRecord(
  ids: SourceIds,
  person: Person,
  at: number,
  leadSource: string,
): PersonRecordInput {
  const lead = person.leadRef;
  if (!lead || !('system' in lead)) throw new Error('only a CRM lead converts into a contact');
  person.contactRef = { system: 'salesforce', objectType: 'contact', sourceId: ids.salesforce('contact') };
  return personRecord(person, person.contactRef, person.crmEmail, at, {
    leadSource,
    account: person.account.ref,
    ownerEmail: person.account.owner,
    convertedFrom: { system: lead.system, objectType: 'lead', sourceId: lead.sourceId },
  });
}

/** The CRM record sales works on: the contact once converted, else the lead. */
export function crmRef(person: Person): PersonRefInput {
  const ref = person.contactRef ?? person.leadRef;
  if (!ref) throw new Error('sales works only on people in the CRM');
  return ref;
}

/** The fit grade Tandem's default criteria give the person: their story follows from it. */
export function personFit(person: Person): FitGrade {
  const { industry, employees, region } = person.account;
  return fitGrade(
    { industry, employees, region, title: person.title, department: person.department },
    defaultFitCriteria,
  );
}
