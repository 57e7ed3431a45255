/**
 * The shortlist's search: every word of the query must occur in one of a row's fields (label, file label,
 * title, skills, masked resume text). Case-insensitive substring match, so "spark" finds "Apache Spark".
 * Purpose: one matching rule for the table and its tests.
 * Non-goals: ranking by relevance (the table keeps its sort), fuzzy matching, what may be searched in blind
 * mode (the caller passes only blind-safe fields there: see profile.ts).
 */

/** The query's words, lower-cased; quotes keep a phrase together ("general ledger"). */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const m of query.toLowerCase().matchAll(/"([^"]+)"|(\S+)/g)) {
    const term = (m[1] ?? m[2]).replace(/\s+/g, ' ').trim();
    if (term) terms.push(term);
  }
  return terms;
}

/** Whether every term occurs in at least one of `fields` (compared lower-cased). An empty query matches. */
export function matchesTerms(terms: readonly string[], fields: ReadonlyArray<string | null | undefined>): boolean {
  if (terms.length === 0) return true;
  const haystacks = fields.filter((f): f is string => !!f).map((f) => f.toLowerCase());
  return terms.every((term) => haystacks.some((h) => h.includes(term)));
}
