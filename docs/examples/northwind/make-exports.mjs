#!/usr/bin/env node
/**
 * Writes the made-up exports of Northwind Robotik GmbH that docs/onboarding.md imports: a HubSpot
 * contacts export, a Salesforce opportunities report, a users roster, a product list, a Marketo
 * activity export and campaign costs, in the shapes those tools export. Deterministic (a fixed
 * seed): run `node docs/examples/northwind/make-exports.mjs` and the files come out the same.
 * Not the demo seed: plain rows, a few of them wrong on purpose (the guide explains each).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// mulberry32: a small seeded generator, so that the files never change between runs.
let state = 20250401;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

const DAY = 86_400_000;
/** A local date-time as a plain number of ms (wall clock, no zone): the files write wall clocks. */
const wall = (y, m, d, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min);
const pad = (n) => String(n).padStart(2, '0');
const parts = (t) => {
  const d = new Date(t);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
};
const hubspotDate = (t) => {
  const [y, m, d, h, min] = parts(t);
  return `${y}-${pad(m)}-${pad(d)} ${pad(h)}:${pad(min)}`;
};
const salesforceDate = (t) => {
  const [y, m, d] = parts(t);
  return `${m}/${d}/${y}`;
};
// Marketo writes instants in UTC with a Z; Berlin is UTC+1 in winter, +2 in summer (last Sundays).
const marketoDate = (t) => {
  const [y] = parts(t);
  const lastSunday = (month) => {
    const last = new Date(Date.UTC(y, month, 0));
    return Date.UTC(y, month - 1, last.getUTCDate() - last.getUTCDay(), 2);
  };
  const offset = t >= lastSunday(3) && t < lastSunday(10) ? 2 : 1;
  return new Date(t - offset * 3_600_000).toISOString().replace(/\.000Z$/, 'Z');
};
/** The next weekday at a working hour, at or after t. */
function workingTime(t) {
  let at = t;
  while ([0, 6].includes(new Date(at).getUTCDay())) at += DAY;
  const [y, m, d] = parts(at);
  return wall(y, m, d, between(9, 16), pick([0, 5, 10, 15, 20, 30, 40, 45, 50]));
}
const money = (n) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const csvCell = (value) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
function writeCsv(name, header, rows) {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  writeFileSync(join(here, name), `${lines.join('\r\n')}\r\n`);
}

// ---------------------------------------------------------------- users (Salesforce user report)
const domain = 'northwind-robotik.de';
const staff = [
  ['Katrin Vogel', 'VP Sales', 'Sales', '', 'Berlin'],
  ['Jonas Weber', 'Sales Manager DACH', 'Sales', 'Katrin Vogel', 'Berlin'],
  ['Marta Nowak', 'Sales Manager Export', 'Sales', 'Katrin Vogel', 'Munich'],
  ['Elif Yilmaz', 'Account Executive', 'Sales', 'Jonas Weber', 'Berlin'],
  ['Lukas Braun', 'Account Executive', 'Sales', 'Jonas Weber', 'Hamburg'],
  ['Sophie Klein', 'Account Executive', 'Sales', 'Marta Nowak', 'Munich'],
  ['Pieter de Vries', 'Account Executive', 'Sales', 'Marta Nowak', 'Munich'],
  ['Nina Hoffmann', 'SDR', 'Sales', 'Jonas Weber', 'Berlin'],
  ['Felix Wagner', 'SDR', 'Sales', 'Marta Nowak', 'Munich'],
  ['Anja Richter', 'Head of Marketing', 'Marketing', 'Katrin Vogel', 'Berlin'],
  ['Tobias Schulz', 'Field Marketing Manager', 'Marketing', 'Anja Richter', 'Berlin'],
  ['Clara Becker', 'Marketing Operations Manager', 'Marketing', 'Anja Richter', 'Berlin'],
];
const emailOf = (name) => `${name.toLowerCase().replace(/ de /, ' de').split(' ').join('.')}@${domain}`;
writeCsv(
  'users.csv',
  ['Full Name', 'Email', 'Title', 'Department', 'Manager Email', 'Office'],
  staff.map(([name, title, department, manager, office]) => [
    name,
    emailOf(name),
    title,
    department,
    manager ? emailOf(manager) : '',
    office,
  ]),
);
const accountExecutives = staff.filter((s) => s[1] === 'Account Executive').map((s) => s[0]);

// ---------------------------------------------------------------- products (Salesforce price book)
const products = [
  ['NR-100', 'NR-100 Cobot Arm', 'Hardware', 18500],
  ['NR-200', 'NR-200 Cobot Arm', 'Hardware', 29500],
  ['VK-1', 'VisionKit', 'Hardware', 6400],
  ['FOS', 'FleetOS Licence', 'Software', 12000],
  ['SVC-G', 'Service Plan Gold', 'Services', 4800],
  ['TRN', 'Training Day', 'Services', 1500],
];
writeCsv(
  'products.csv',
  ['Product Code', 'Product Name', 'Product Family', 'List Price'],
  products.map(([code, name, family, price]) => [code, name, family, money(price)]),
);

// ---------------------------------------------------------------- contacts (HubSpot export)
const firstNames = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Eva',
  'Frank',
  'Greta',
  'Hannah',
  'Ivan',
  'Julia',
  'Karl',
  'Lena',
  'Max',
  'Nora',
  'Oskar',
  'Paula',
  'Quentin',
  'Rita',
  'Stefan',
  'Tanja',
  'Uwe',
  'Vera',
  'Willem',
  'Yara',
  'Zoe',
  'Ahmet',
  'Birgit',
  'Chiara',
  'Dirk',
  'Emma',
];
const lastNames = [
  'Müller',
  'Schmidt',
  'Fischer',
  'Meyer',
  'Wolf',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Krüger',
  'Hartmann',
  'Lange',
  'Werner',
  'Krause',
  'Lehmann',
  'Köhler',
  'Maier',
  'Jansen',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Novak',
  'Horvat',
  'Berg',
  'Lindqvist',
  'Peeters',
];
const companies = [
  ['Kessler Logistik GmbH', 'kessler-logistik.de'],
  ['Alpen Präzision AG', 'alpen-praezision.ch'],
  ['Hansa Verpackung GmbH', 'hansa-verpackung.de'],
  ['Rheintal Automotive GmbH', 'rheintal-automotive.de'],
  ['Donau Pharma GmbH', 'donau-pharma.at'],
  ['Nordsee Foods GmbH', 'nordsee-foods.de'],
  ['Brandt Metallbau KG', 'brandt-metallbau.de'],
  ['Vistula Electronics Sp. z o.o.', 'vistula-electronics.pl'],
  ['Lowlands Warehousing B.V.', 'lowlands-warehousing.nl'],
  ['Sächsische Feinwerk GmbH', 'feinwerk-sachsen.de'],
  ['Tirol Holzwerk GmbH', 'tirol-holzwerk.at'],
  ['Ems Kunststofftechnik GmbH', 'ems-kunststoff.de'],
  ['Mosel Getränke GmbH', 'mosel-getraenke.de'],
  ['Bavaria Lackiertechnik GmbH', 'bavaria-lack.de'],
  ['Oder Steel Components GmbH', 'oder-steel.de'],
  ['Lago Maggiore Meccanica S.r.l.', 'lagomeccanica.it'],
  ['Fjord Seafood Processing AS', 'fjordseafood.no'],
  ['Weser Medizintechnik GmbH', 'weser-medtech.de'],
  ['Eifel Elektronik GmbH', 'eifel-elektronik.de'],
  ['Saar Gießerei GmbH', 'saar-giesserei.de'],
  ['Spree Textil GmbH', 'spree-textil.de'],
  ['Harz Möbelwerke GmbH', 'harz-moebel.de'],
];
const titles = [
  'Head of Operations',
  'Plant Manager',
  'Production Engineer',
  'COO',
  'Automation Lead',
  'Procurement Manager',
  'CTO',
  'Managing Director',
  'Maintenance Manager',
  'Logistics Manager',
];
const sources = [
  'Organic Search',
  'Paid Search',
  'Referrals',
  'Social Media',
  'Email Marketing',
  'Direct Traffic',
  'Offline Sources',
];
const ascii = (s) =>
  s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

const start = wall(2025, 4, 1);
const contacts = [];
for (let i = 0; i < 150; i++) {
  const [company, companyDomain] = pick(companies);
  const first = pick(firstNames);
  const last = pick(lastNames);
  const created = workingTime(start + Math.floor((i / 150) * 345 * DAY) + between(0, 2) * DAY);
  const contact = {
    id: String(51_000_000_000 + i * 137 + between(0, 99)),
    first,
    last,
    email: `${ascii(first)}.${ascii(last)}${i % 7 === 3 ? i : ''}@${companyDomain}`,
    company,
    companyDomain,
    title: pick(titles),
    source: pick(sources),
    created,
    lead: null,
    mql: null,
    sql: null,
    deal: null,
  };
  // A newsletter sign-up is a subscriber, not yet a lead.
  if (contact.source !== 'Email Marketing' || random() < 0.5) contact.lead = created;
  if (contact.lead && random() < 0.5) contact.mql = workingTime(created + between(3, 30) * DAY);
  if (contact.mql && random() < 0.6) contact.sql = workingTime(contact.mql + between(1, 10) * DAY);
  contacts.push(contact);
}

// ---------------------------------------------------------------- deals (Salesforce report)
const stagesOpen = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
];
const lossReasons = ['Price', 'Lost to competitor', 'No budget', 'No decision', 'Timing'];
const deals = [];
for (const contact of contacts) {
  if (!contact.sql || random() > 0.8) continue;
  const created = workingTime(contact.sql + between(2, 14) * DAY);
  const [code, productName, , listPrice] = pick(products.slice(0, 4));
  const units = between(1, 4);
  const roll = random();
  const outcome = created > wall(2026, 3, 1) || roll > 0.75 ? 'open' : roll < 0.45 ? 'won' : 'lost';
  const close = workingTime(created + between(20, 80) * DAY);
  const deal = {
    id: `006Qy00000${String(4100 + deals.length * 3).padStart(5, '0')}`,
    name: `${contact.company} – ${units} × ${productName}`,
    account: contact.company,
    email: contact.email,
    amount: Math.round((listPrice * units * (0.85 + random() * 0.15)) / 50) * 50,
    stage: outcome === 'won' ? 'Closed Won' : outcome === 'lost' ? 'Closed Lost' : pick(stagesOpen),
    close,
    created,
    owner: pick(accountExecutives),
    source: contact.source,
    product: productName,
    code,
    lossReason: outcome === 'lost' ? pick(lossReasons) : '',
  };
  contact.deal = deal;
  deals.push(deal);
}
// What real exports have: an open deal not priced yet, a deal of a rep who has left, a product
// typed by hand, a deal entered without its created date (the guide explains each warning).
for (const deal of deals.filter((d) => !d.stage.startsWith('Closed')).slice(0, 2)) deal.amount = null;
deals[3].owner = 'Thomas Berger';
deals[5].product = 'Visionkit';
deals[8].created = null;
writeCsv(
  'salesforce-opportunities.csv',
  [
    'Opportunity ID',
    'Opportunity Name',
    'Account Name',
    'Contact: Email',
    'Amount',
    'Stage',
    'Close Date',
    'Created Date',
    'Opportunity Owner',
    'Owner Email',
    'Lead Source',
    'Product Name',
    'Loss Reason',
  ],
  deals.map((d) => [
    d.id,
    d.name,
    d.account,
    d.email,
    d.amount === null ? '' : money(d.amount),
    d.stage,
    salesforceDate(d.close),
    d.created === null ? '' : salesforceDate(d.created),
    d.owner,
    d.owner === 'Thomas Berger' ? `thomas.berger@${domain}` : emailOf(d.owner),
    d.source,
    d.product,
    d.lossReason,
  ]),
);

const lifecycle = (c) =>
  c.deal?.stage === 'Closed Won'
    ? 'Customer'
    : c.deal && !c.deal.stage.startsWith('Closed')
      ? 'Opportunity'
      : c.sql
        ? 'Sales Qualified Lead'
        : c.mql
          ? 'Marketing Qualified Lead'
          : c.lead
            ? 'Lead'
            : 'Subscriber';
const contactRows = contacts.map((c) => [
  c.id,
  c.first,
  c.last,
  c.email,
  c.company,
  c.title,
  lifecycle(c),
  c.source,
  hubspotDate(c.created),
  c.lead ? hubspotDate(c.lead) : '',
  c.mql ? hubspotDate(c.mql) : '',
  c.sql ? hubspotDate(c.sql) : '',
]);
// A date someone typed into the CRM by hand: 31 November does not exist (the import rejects the row).
const typo = contacts.findIndex((c) => c.mql && !c.sql);
contactRows[typo][10] = '2025-11-31 10:00';
writeCsv(
  'hubspot-contacts.csv',
  [
    'Record ID',
    'First Name',
    'Last Name',
    'Email',
    'Company Name',
    'Job Title',
    'Lifecycle Stage',
    'Original Source',
    'Create Date',
    'Became a Lead Date',
    'Became a Marketing Qualified Lead Date',
    'Became a Sales Qualified Lead Date',
  ],
  contactRows,
);

// ---------------------------------------------------------------- programs and costs (Marketo, finance)
const programs = [
  ['Newsletter DACH', 'email', [4, 12], 600],
  ['Webinar Cobots 101', 'webinar', [5, 11], 1800],
  ['Google Ads Cobots', 'paid_search', [4, 15], 2500],
  ['Automatica Munich 2025', 'event', [6, 6], 24000],
  ['Ebook Automation ROI', 'content', [9, 12], 900],
  ['LinkedIn Ads Logistics', 'paid_social', [10, 15], 1700],
];
const monthOf = (n) => (n <= 9 ? `2025-${pad(n + 3)}` : `2026-${pad(n - 9)}`);
const costRows = [];
for (const [name, channel, [from, to], base] of programs) {
  for (let n = from; n <= to; n++) {
    costRows.push([name, channel, monthOf(n - 3), money(Math.round(base * (0.8 + random() * 0.4)))]);
  }
}
writeCsv('campaign-costs.csv', ['Program', 'Channel', 'Month', 'Cost'], costRows);

// ---------------------------------------------------------------- activities (Marketo export)
const activityOf = {
  email: ['Open Email', 'Click Email'],
  webinar: ['Register for Event', 'Attend Event'],
  paid_search: ['Click Ad', 'Visit Webpage'],
  event: ['Attend Event'],
  content: ['Fill Out Form'],
  paid_social: ['Click Ad'],
};
const activities = [];
for (const contact of contacts) {
  const until = contact.mql ?? contact.created + 60 * DAY;
  const count = contact.mql ? between(2, 5) : between(0, 3);
  for (let k = 0; k < count; k++) {
    const at = workingTime(contact.created + Math.floor(random() * (until - contact.created)));
    const month = new Date(at).getUTCMonth() + 1 + (new Date(at).getUTCFullYear() - 2025) * 12 - 3;
    const running = programs.filter(([, , [from, to]]) => month >= from - 3 && month <= to - 3);
    const program = random() < 0.25 || running.length === 0 ? null : pick(running);
    const type = program ? pick(activityOf[program[1]]) : 'Visit Webpage';
    activities.push({ contact, at, type, program: program?.[0] ?? '' });
  }
}
activities.sort((a, b) => a.at - b.at);
writeCsv(
  'marketo-activities.csv',
  ['Activity ID', 'Lead ID', 'Email Address', 'Activity Type', 'Activity Date', 'Program', 'Web Page'],
  activities.map((a, i) => [
    String(880_000 + i * 11),
    String(1_200 + contacts.indexOf(a.contact)),
    a.contact.email,
    a.type,
    marketoDate(a.at),
    a.program,
    a.type === 'Visit Webpage' ? pick(['/cobots', '/pricing', '/case-studies', '/fleetos', '/']) : '',
  ]),
);

console.log(
  `${contacts.length} contacts, ${deals.length} deals, ${activities.length} activities, ${costRows.length} cost rows, ${staff.length} users, ${products.length} products`,
);
