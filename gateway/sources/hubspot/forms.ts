/**
 * Form submissions, as `form_submit` touches of the submitter (by email). The submissions API
 * lists each form's submissions newest first, so a form's high-water mark can only move once all
 * its new submissions are read: the pages before that carry no cursor (an interrupted form is read
 * again from its newest submission, which replays idempotently).
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { SourcePage } from '../source.js';
import type { HubSpotClient, Paged } from './client.js';

interface Submission {
  conversionId?: string;
  submittedAt: number;
  pageUrl?: string;
  values?: { name: string; value: string }[];
}

export async function* formSubmissionPages(
  client: HubSpotClient,
  stored: string | null,
): AsyncGenerator<SourcePage> {
  const marks: Record<string, number> = stored ? (JSON.parse(stored).forms ?? {}) : {};
  const forms: string[] = [];
  let after: string | undefined;
  do {
    const page = await client.get<Paged<{ id: string }>>('/marketing/v3/forms', { limit: 100, after });
    forms.push(...(page.results ?? []).map((form) => String(form.id)));
    after = page.paging?.next?.after;
  } while (after);

  for (const form of forms) {
    const seen = marks[form] ?? 0;
    let newest = seen;
    let next: string | undefined;
    do {
      const page = await client.get<Paged<Submission>>(`/form-integrations/v1/submissions/forms/${form}`, {
        limit: 50,
        after: next,
      });
      const fresh = (page.results ?? []).filter((submission) => submission.submittedAt > seen);
      newest = fresh.reduce((max, submission) => Math.max(max, submission.submittedAt), newest);
      next = fresh.length === (page.results ?? []).length ? page.paging?.next?.after : undefined;
      const records = fresh.flatMap((submission) => submissionTouch(form, submission));
      const done = !next;
      if (done) marks[form] = newest;
      yield { records, cursor: done ? JSON.stringify({ forms: marks }) : undefined };
    } while (next);
  }
}

function submissionTouch(form: string, submission: Submission): SourceRecordInput[] {
  const email = submission.values?.find((value) => value.name === 'email')?.value;
  if (!email) return [];
  return [
    {
      kind: 'touch',
      system: 'hubspot',
      sourceId: `form:${form}:${submission.conversionId ?? `${submission.submittedAt}:${email}`}`,
      person: { email },
      channel: 'content',
      type: 'form_submit',
      url: submission.pageUrl ?? null,
      occurredAt: submission.submittedAt,
    },
  ];
}
