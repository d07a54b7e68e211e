/**
 * Every limit the gateway enforces, in one place, with why each number is what it is. The widgets'
 * own documents are the yardstick: measured with the same rules (test/security/limits.test.ts
 * checks them), each limit sits well above what they need, leaves room for analysts' queries, and
 * stops abuse before it costs the database anything. docs/security.md lists them for operators.
 */
export interface Limits {
  /** Largest request body on /graphql, in bytes (413 beyond). */
  maxBodyBytes: number;
  /** Deepest selection (fragments followed; introspection exempt) (400 beyond). */
  maxDepth: number;
  /** Most aliases in one operation (400 beyond). */
  maxAliases: number;
  /** Most lexical tokens in one document, checked while parsing (400 beyond). */
  maxTokens: number;
  /** Most directives in one operation, fragment spreads and variable definitions included (400 beyond). */
  maxDirectives: number;
  /** Highest graphql-armor cost: 1 per scalar, 2 per object, ×1.5 per level of depth, × first (400 beyond). */
  maxCost: number;
  /** Largest `first`/`last` of any connection or list argument (400 beyond, before any SQL runs). */
  maxPageSize: number;
  /** Longest an operation may execute before it is answered with 503 (the database work is abandoned). */
  executionTimeoutMs: number;
  /** Requests one token may make per minute, sustained (429 beyond, with Retry-After). */
  ratePerMinute: number;
  /** Requests one token may make at once before the per-minute rate applies. */
  rateBurst: number;
}

export const defaultLimits: Limits = {
  // The longest widget document (TandemCustomer) is 894 bytes, GraphiQL's introspection query
  // ~2 KB. 64 KiB is 30× that and still nothing for the server to buffer.
  maxBodyBytes: 64 * 1024,
  // Widgets reach depth 6 (customer → timeline → edges → node → campaign → name).
  maxDepth: 10,
  // Widgets use none; analysts comparing a few segments side by side use a handful.
  maxAliases: 15,
  // The longest widget document has 146 tokens, the introspection query 163.
  maxTokens: 2000,
  // Widgets use none; @include/@skip on a handful of fields is plenty.
  maxDirectives: 20,
  // A subtree's cost is multiplied by its `first`, written inline or given by a variable
  // (use-query-limits.ts): the customer-360 document at its largest page (200 timeline entries)
  // scores 17,559, the leads drill-down 11,238. 20,000 lets every widget's query run at the
  // largest page and refuses anything heavier, such as two such pages or a few hundred repeated fields.
  maxCost: 20_000,
  // What the schema's connections already allow (timeline, leads): enforced for every argument.
  maxPageSize: 200,
  // At the demo's size (2,000 people, 40,000 touches) every metric answers in under 150 ms on
  // either dialect, row-scoped or not: 10 s means stuck, not slow.
  executionTimeoutMs: 10_000,
  // One token is shared by everyone who opens the page it is embedded in: a dashboard of six
  // widgets opened by 50 people in the same minute is 300 requests.
  ratePerMinute: 600,
  rateBurst: 120,
};
