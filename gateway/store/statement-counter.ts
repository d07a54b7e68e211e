/** Counts the statements a Kysely instance runs (Kysely's log hook): tests and benchmarks read it. */
export function counter() {
  const stats = { queries: 0 };
  return { stats, log: () => void stats.queries++ };
}
