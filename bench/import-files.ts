/**
 * The files the import benchmark feeds `tandem import csv`, generated here (not by the demo seed,
 * whose records never pass through a CSV): a contacts export shaped like HubSpot's (its column
 * names, `YYYY-MM-DD HH:mm` dates in the portal's time zone, a lifecycle stage) and an activity
 * export shaped like Marketo's bulk extract (marketoGUID, leadId, activityTypeId, a quoted JSON
 * `attributes` cell with commas inside). Both come from one synced system, so the activities'
 * lead ids are the contacts' record ids, as they are when HubSpot and Marketo share ids through a
 * sync. Deterministic: row i is the same in every run, so any prefix of the file is the smaller file.
 */
import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Marketo's activity type ids (GET /rest/v1/activities/types.json) → Tandem's touch types and channels. */
const activityTypes = [
  { id: '1', type: 'page_view', channel: 'organic_search', weight: 40 },
  { id: '10', type: 'email_open', channel: 'email', weight: 30 },
  { id: '11', type: 'email_click', channel: 'email', weight: 18 },
  { id: '2', type: 'form_submit', channel: 'paid_social', weight: 2 },
  { id: '34', type: 'webinar_registration', channel: 'webinar', weight: 4 },
  { id: '9', type: 'content_download', channel: 'content', weight: 6 },
] as const;
const typeCycle = activityTypes.flatMap((activity) => Array<typeof activity>(activity.weight).fill(activity));

const countries = ['United States', 'Germany', 'United Kingdom', 'France', 'Canada', 'Netherlands'];
const titles = ['Marketing Manager', 'VP Sales', 'Data Analyst', 'CTO', 'Head of Growth', 'Engineer'];
const sources = ['Organic Search', 'Paid Social', 'Direct Traffic', 'Email Marketing', 'Referrals'];
const stages = ['subscriber', 'lead', 'lead', 'lead', 'marketingqualifiedlead'];
const first = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Inès', 'Jonas'];
const last = ['Meyer', 'Smith', 'García', 'Okafor', 'Novak', 'Larsen', "O'Brien", 'Rossi', 'Tanaka'];

const day = 86_400_000;
/** Contacts are created over 2024, activities fall in 2025: every touch comes after its person. */
const contactsFrom = Date.UTC(2024, 0, 1);
const activitiesFrom = Date.UTC(2025, 0, 1);

export interface ImportFiles {
  contacts: string;
  contactsMapping: string;
  activities: string;
  activitiesMapping: string;
}

export async function writeLines(path: string, header: string, rows: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < rows; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const pad = (n: number) => String(n).padStart(2, '0');
function hubspotDate(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Record ids as HubSpot hands them out: large, increasing. */
export const contactId = (i: number) => String(51_000_000 + i);

export async function writeContacts(path: string, people: number): Promise<void> {
  await writeLines(
    path,
    'Record ID,First Name,Last Name,Email,Job Title,Company Domain Name,Country/Region,Original Source,Lifecycle Stage,Create Date,Last Modified Date',
    people,
    (i) => {
      const company = `company${i % 20_000}.example`;
      const created = contactsFrom + ((i * 3_301) % 365) * day + (i % 600) * 60_000;
      const name = [first[i % first.length]!, last[(i >> 3) % last.length]!];
      // A name with an apostrophe or accent, and a title with a comma, quoted as HubSpot quotes it.
      const title = i % 17 === 0 ? '"Director, Demand Generation"' : titles[i % titles.length];
      return [
        contactId(i),
        name[0],
        name[1],
        `${name[0]!.toLowerCase().replace(/[^a-z]/g, '')}.${i}@${company}`,
        title,
        company,
        countries[i % countries.length],
        sources[i % sources.length],
        stages[i % stages.length],
        hubspotDate(created),
        hubspotDate(created + 30 * day),
      ].join(',');
    },
  );
}

/** Activity i, for `people` leads: spread over the leads (a stride coprime to their count) and over 2025. */
export async function writeActivities(path: string, rows: number, people: number): Promise<void> {
  const stride = 7_919;
  await writeLines(
    path,
    'marketoGUID,leadId,activityDate,activityTypeId,campaignId,primaryAttributeValue,attributes',
    rows,
    (i) => {
      const activity = typeCycle[i % typeCycle.length]!;
      const at = activitiesFrom + Math.floor((i / rows) * 360 * day) + (i % 3_600) * 1_000;
      const page = activity.type === 'page_view' ? `https://www.tandem.test/blog/post-${i % 300}` : '';
      const attributes =
        activity.type === 'page_view'
          ? `"{""Webpage URL"":""${page}"",""Client IP Address"":""10.0.${i % 250}.${i % 200}""}"`
          : `"{""Campaign Run ID"":${i % 40},""Choice Number"":0}"`;
      return [
        `${1_000_000_000 + i}`,
        contactId((i * stride) % people),
        new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        activity.id,
        `${1000 + (i % 40)}`,
        page,
        attributes,
      ].join(',');
    },
  );
}

const typeMap = Object.fromEntries(activityTypes.map((activity) => [activity.id, activity.type]));
const channelMap = Object.fromEntries(activityTypes.map((activity) => [activity.id, activity.channel]));

/** The mappings a user would write for these two exports (docs/connectors.md, CSV). */
export function writeMappings(folder: string): { contacts: string; activities: string } {
  const contacts = join(folder, 'hubspot-contacts-mapping.json');
  const activities = join(folder, 'marketo-activities-mapping.json');
  writeFileSync(
    contacts,
    JSON.stringify({
      kind: 'people',
      system: 'crm-sync',
      objectType: 'contact',
      dates: { format: 'YYYY-MM-DD HH:mm', timeZone: 'America/New_York' },
      columns: {
        sourceId: 'Record ID',
        email: 'Email',
        firstName: 'First Name',
        lastName: 'Last Name',
        title: 'Job Title',
        accountDomain: 'Company Domain Name',
        region: 'Country/Region',
        leadSource: 'Original Source',
        createdAt: 'Create Date',
        updatedAt: 'Last Modified Date',
      },
    }),
  );
  writeFileSync(
    activities,
    JSON.stringify({
      kind: 'touches',
      system: 'crm-sync',
      objectType: 'contact',
      columns: {
        sourceId: 'marketoGUID',
        personId: 'leadId',
        occurredAt: 'activityDate',
        campaignId: 'campaignId',
        url: 'primaryAttributeValue',
        type: { column: 'activityTypeId', map: typeMap },
        channel: { column: 'activityTypeId', map: channelMap },
      },
    }),
  );
  return { contacts, activities };
}
