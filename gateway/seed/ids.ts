/**
 * Source ids that look like the real systems' ids, because the ingest and the people reading
 * the demo database meet them: Salesforce's 15-character ids start with a key prefix per object
 * (00Q lead, 003 contact, 001 account, 006 opportunity, 701 campaign, 00T task, 00U event,
 * 017 field history); Marketo numbers leads and activities.
 */

export type SalesforceObject =
  | 'lead'
  | 'contact'
  | 'account'
  | 'opportunity'
  | 'campaign'
  | 'task'
  | 'event'
  | 'history';

const keyPrefixes: Record<SalesforceObject, string> = {
  lead: '00Q',
  contact: '003',
  account: '001',
  opportunity: '006',
  campaign: '701',
  task: '00T',
  event: '00U',
  history: '017',
};

/** Counters per object: ids come out in generation order, so the same seed gives the same ids. */
export class SourceIds {
  private readonly salesforceCounters: Record<SalesforceObject, number> = {
    lead: 0,
    contact: 0,
    account: 0,
    opportunity: 0,
    campaign: 0,
    task: 0,
    event: 0,
    history: 0,
  };
  private marketoLead = 1_000_000;
  private marketoActivity = 50_000_000;

  salesforce(object: SalesforceObject): string {
    const serial = ++this.salesforceCounters[object];
    // '5e0000' stands for the org's pod and reserved characters, as in real ids.
    return `${keyPrefixes[object]}5e${serial.toString(36).toUpperCase().padStart(10, '0')}`;
  }

  marketoLeadId(): string {
    return String(++this.marketoLead);
  }

  /** Marketo activity ids: touches and the program status changes that move stages. */
  marketoActivityId(): string {
    return String(++this.marketoActivity);
  }
}
