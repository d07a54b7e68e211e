/**
 * The Marketo connector: programs with their costs, then activities through the paging token
 * (which also bring the leads: new and changed leads are read again by id, and a touch of a lead
 * not yet known fetches it). Leads with no activity in the read window are not read: Marketo
 * offers no incremental lead listing short of its bulk export.
 */
import type { PersonRef, SourceRecordInput } from '../../ingest/records.js';
import { channelOf } from '../channels.js';
import { SourceError } from '../http.js';
import type { Connector, SourceStream } from '../source.js';
import { activityPages } from './activities.js';
import { MarketoClient } from './client.js';
import type { MarketoConfig } from './config.js';
import { readLeads } from './leads.js';
import { type Program, programPages } from './programs.js';

export class MarketoConnector implements Connector {
  readonly source = 'marketo';
  readonly client: MarketoClient;
  readonly streams: SourceStream[];
  private readonly channels = new Map<string, string>();

  constructor(config: MarketoConfig, now = Date.now()) {
    this.client = new MarketoClient(config);
    const learn = (program: Program) => this.channels.set(String(program.id), channelOf(program.channel));
    this.streams = [
      { name: 'programs', pages: (cursor) => programPages(this.client, cursor, now, learn) },
      {
        name: 'activities',
        pages: (cursor) => activityPages(this.client, cursor, now, (id) => this.programChannel(id)),
      },
    ];
  }

  stats() {
    return this.client.stats();
  }

  fetchPeople(refs: PersonRef[]): Promise<SourceRecordInput[]> {
    const ids = refs.flatMap((ref) => ('sourceId' in ref && ref.system === 'marketo' ? [ref.sourceId] : []));
    return readLeads(this.client, ids);
  }

  /** A program's channel, read once per program: activities name their program only by id. */
  private async programChannel(id: string): Promise<string> {
    let channel = this.channels.get(id);
    if (channel === undefined) {
      try {
        const page = await this.client.get<Program>(`/rest/asset/v1/program/${encodeURIComponent(id)}.json`);
        channel = channelOf(page.result?.[0]?.channel);
      } catch (error) {
        // A deleted program still names its touches; they keep an unknown channel rather than fail the sync.
        if (!(error instanceof SourceError)) throw error;
        channel = 'other';
      }
      this.channels.set(id, channel);
    }
    return channel;
  }
}
