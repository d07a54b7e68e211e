/**
 * An operation's name and type from the request's parameters, without parsing the document: the
 * `operationName` sent, else the first operation's own name. Used as metric labels, so the set of
 * names is bounded: a client inventing a new name per request would otherwise make a new time
 * series per request.
 */
import type { OperationType } from './request-facts.js';

const graphQLName = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const firstOperation =
  /^(?:\s|#[^\n]*\n|,)*(query|mutation|subscription)\b(?:\s|#[^\n]*\n|,)*([_A-Za-z][_0-9A-Za-z]*)?/;

export interface OperationLabel {
  name: string;
  type: OperationType | 'unknown';
}

export function operationOf(params: { query?: string; operationName?: string | null }): OperationLabel {
  const query = params.query ?? '';
  const match = firstOperation.exec(query);
  const name = params.operationName ?? match?.[2] ?? 'anonymous';
  if (!graphQLName.test(name)) return { name: 'invalid', type: 'unknown' };
  // The operation named, in a document holding several; else the first one. A document starting
  // with `{` is an anonymous query; one starting with a fragment is unknown here.
  const named = params.operationName
    ? new RegExp(`\\b(query|mutation|subscription)\\s+${name}\\b`).exec(query)
    : match;
  const type = named ? (named[1] as OperationType) : /^\s*\{/.test(query) ? 'query' : 'unknown';
  return { name, type };
}

/** At most `max` distinct names; those after are counted as `other`. */
export class BoundedNames {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 200) {}

  label(name: string): string {
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}
