/**
 * Who is asking, as read from the request's verified token. Defined here, where tokens are read,
 * so that auth/ need not import the schema above it; schema/builder.ts puts it in the context.
 */
import type { RowScopes } from '../store/row-scope.js';

export interface Viewer {
  /** viewer: the widgets' operations only; analyst: any query and introspection; admin: also definitions. */
  role: 'viewer' | 'analyst' | 'admin';
  /** Recorded on mutations as who did it. */
  name: string;
  team: 'sales' | 'marketing' | null;
  /** Row scopes and locked record; the store applies them to every query (gateway/store/row-scope.ts). */
  scopes: RowScopes;
  /** The one customer record this viewer may see (`per_…` or `acc_…`), else null. */
  record: string | null;
  /** Widgets whose operations a viewer may run; null: every widget. */
  widgets: readonly string[] | null;
}
