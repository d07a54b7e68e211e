/**
 * /crm: a CRM-style record page, the place a customer-360 lives in Salesforce, HubSpot or Dynamics.
 * /crm lists demo records; /crm/<lead|contact|account>/<CRM id> shows one, with the closed-loop
 * buttons (demo/crm.js runs them against /graphql and shows the result at once).
 */
import type { TenantTable } from '../../store/tables.js';
import { html, page, query, type SafeHtml } from './html.js';
import {
  type AccountRecord,
  type DirectoryRow,
  type PersonRecord,
  personName,
  type RecordKind,
} from './records.js';

const kindLabels: Record<RecordKind, [string, string]> = {
  lead: ['Lead', 'Leads'],
  contact: ['Contact', 'Contacts'],
  account: ['Account', 'Accounts'],
};

export const recordHref = (kind: RecordKind, sourceId: string, tenant: string): string =>
  `/crm/${kind}/${encodeURIComponent(sourceId)}${query({ tenant })}`;

function tenantTabs(tenants: TenantTable[], current: TenantTable): SafeHtml {
  return html`<nav class="tenant-tabs" aria-label="Demo company">
    ${tenants.map(
      (t) =>
        html`<a href="/crm${query({ tenant: t.id })}" ${t.id === current.id ? html`aria-current="page"` : ''}>${t.name}</a>`,
    )}
  </nav>`;
}

function directoryTable(kind: RecordKind, rows: DirectoryRow[], tenant: string): SafeHtml {
  const [, plural] = kindLabels[kind];
  return html`<section class="card">
    <h2>${plural} <span class="count">${rows.length}</span></h2>
    <table class="records">
      <thead><tr><th scope="col">Name</th><th scope="col">${kind === 'account' ? 'Industry · segment · region' : 'Title · account'}</th>${kind === 'account' ? '' : html`<th scope="col">Stage</th>`}</tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr>
            <td><a href="${recordHref(kind, r.sourceId, tenant)}">${r.name}</a></td>
            <td class="muted">${r.detail}</td>
            ${kind === 'account' ? '' : html`<td><span class="stage-chip">${r.stage}</span></td>`}
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function directoryPage(
  tenants: TenantTable[],
  tenant: TenantTable,
  rows: Record<RecordKind, DirectoryRow[]>,
): string {
  return page({
    title: `Records – ${tenant.name} – Tandem CRM demo`,
    section: 'crm',
    scripts: [],
    body: html`<main class="page">
      <div class="page-head">
        <div>
          <h1>CRM records</h1>
          <p class="lede">A stand-in for Salesforce, HubSpot or Dynamics: open a lead, contact or account to see
            the customer 360 on its record page, and move a lead through the handoff both ways.</p>
        </div>
        ${tenantTabs(tenants, tenant)}
      </div>
      <div class="directory">
        ${directoryTable('lead', rows.lead, tenant.id)}
        ${directoryTable('contact', rows.contact, tenant.id)}
        ${directoryTable('account', rows.account, tenant.id)}
      </div>
    </main>`,
  });
}

const reasons = [
  ['NOT_READY', 'Not ready'],
  ['NO_BUDGET', 'No budget'],
  ['BAD_TIMING', 'Bad timing'],
  ['WRONG_PERSON', 'Wrong person'],
  ['NO_RESPONSE', 'No response'],
  ['UNQUALIFIED', 'Unqualified'],
] as const;

const flags = [
  ['icpFit', 'Matches the ideal customer profile'],
  ['hasBudget', 'Has budget'],
  ['hasTimeframe', 'Has a timeframe'],
  ['willingToEngage', 'Willing to engage with sales'],
] as const;

/** The closed-loop actions; demo/crm.js enables the ones the person's stage allows. */
function loopPanel(): SafeHtml {
  return html`<section class="card loop" id="loop" aria-labelledby="loop-title">
    <h2 id="loop-title">Closed loop</h2>
    <p class="muted" id="loop-person">Loading the person…</p>
    <form id="qualify" class="action" data-side="marketing">
      <h3><span class="side marketing">Marketing</span> Qualify</h3>
      ${flags.map(([name, label]) => html`<label class="check"><input type="checkbox" name="${name}"> ${label}</label>`)}
      <button type="submit">Save qualification</button>
    </form>
    <form id="handoff" class="action" data-side="marketing">
      <h3><span class="side marketing">Marketing</span> Hand off to sales</h3>
      <label>Note for sales <input name="note" placeholder="Why now"></label>
      <button type="submit">Hand off</button>
    </form>
    <form id="accept" class="action" data-side="sales">
      <h3><span class="side sales">Sales</span> Accept the handoff</h3>
      <button type="submit">Accept</button>
    </form>
    <form id="sendback" class="action" data-side="sales">
      <h3><span class="side sales">Sales</span> Send back to marketing</h3>
      <label>Reason <select name="reason">${reasons.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></label>
      <label>Note <input name="note" placeholder="For marketing"></label>
      <button type="submit">Send back</button>
    </form>
    <p class="result" id="loop-result" role="status" aria-live="polite"></p>
  </section>`;
}

function highlights(stage: string | undefined, grade: string | null): SafeHtml {
  return html`<dl class="highlights" id="highlights">
    <div><dt>Stage</dt><dd data-field="stage">${stage ?? '—'}</dd></div>
    <div><dt>Grade · band</dt><dd data-field="grade">${grade ?? '—'}</dd></div>
    <div><dt>Score</dt><dd data-field="score">…</dd></div>
    <div><dt>SLA</dt><dd data-field="sla">…</dd></div>
  </dl>`;
}

function facts(rows: [string, SafeHtml | string | number | null][]): SafeHtml {
  return html`<dl class="facts">${rows.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value ?? '—'}</dd></div>`)}</dl>`;
}

interface RecordPage {
  tenant: TenantTable;
  kind: RecordKind;
  sourceId: string;
  name: string;
  subtitle: string;
  header: SafeHtml;
  details: SafeHtml;
  /** The person the loop acts on first (an account page picks one from its people). */
  personId: string | null;
}

function recordPage(r: RecordPage): string {
  const [singular, plural] = kindLabels[r.kind];
  return page({
    title: `${r.name} – ${singular} – Tandem CRM demo`,
    section: 'crm',
    scripts: ['/crm.js'],
    body: html`<main class="page record" data-tenant="${r.tenant.id}" data-currency="${r.tenant.currency}"
        data-kind="${r.kind}" data-record-id="${r.sourceId}" data-person-id="${r.personId ?? ''}">
      <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/crm${query({ tenant: r.tenant.id })}">${r.tenant.name}</a>
        <span aria-hidden="true">›</span> ${plural}</nav>
      <header class="record-header">
        <span class="record-icon ${r.kind}" aria-hidden="true">${singular[0]}</span>
        <div class="record-title">
          <p class="record-type">${singular}</p>
          <h1>${r.name}</h1>
          <p class="muted">${r.subtitle}</p>
        </div>
        ${r.header}
      </header>
      <div class="record-columns">
        <div class="record-side">
          ${loopPanel()}
          <section class="card">
            <h2>Funnel <span class="muted">all leads, and how many sales sent back</span></h2>
            <tandem-funnel tenant="${r.tenant.id}"></tandem-funnel>
          </section>
          <section class="card"><h2>Details</h2>${r.details}</section>
        </div>
        <div class="record-main">
          <section class="card">
            <h2>Customer 360</h2>
            <tandem-customer-360 record-id="${r.sourceId}" tenant="${r.tenant.id}" currency="${r.tenant.currency}"></tandem-customer-360>
          </section>
        </div>
      </div>
    </main>`,
  });
}

export function personPage(tenant: TenantTable, record: PersonRecord): string {
  const { person, account } = record;
  const name = personName(person);
  const accountLink = account
    ? html`<a href="${recordHref('account', account.id, tenant.id)}">${account.name}</a>`
    : null;
  return recordPage({
    tenant,
    kind: record.kind,
    sourceId: record.sourceId,
    name,
    subtitle: [person.title, account?.name].filter(Boolean).join(' · '),
    header: highlights(record.stage?.label ?? person.stage, person.fit_grade),
    details: facts([
      ['Email', person.email],
      ['Title', person.title],
      ['Department', person.department],
      ['Region', person.region],
      ['Account', accountLink],
      ['Owner', record.owner],
      ['Lead source', person.lead_source],
      [`${kindLabels[record.kind][0]} id (CRM)`, record.sourceId],
      ['Tandem id', person.id],
    ]),
    personId: person.id,
  });
}

export function accountPage(tenant: TenantTable, record: AccountRecord): string {
  const { account } = record;
  return recordPage({
    tenant,
    kind: 'account',
    sourceId: record.sourceId,
    name: account.name,
    subtitle: [account.industry, account.segment, account.region].filter(Boolean).join(' · '),
    header: highlights(undefined, null),
    details: facts([
      ['Domain', account.domain],
      ['Industry', account.industry],
      ['Employees', account.employees],
      ['Segment', account.segment],
      ['Region', account.region],
      ['Owner', record.owner],
      ['People', record.people],
      ['Account id (CRM)', record.sourceId],
      ['Tandem id', account.id],
    ]),
    personId: null,
  });
}
