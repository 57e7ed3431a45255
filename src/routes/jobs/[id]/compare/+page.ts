// Compare screen: the two candidate ids come from the query (?a=…&b=…).
import type { PageLoad } from './$types';

export const load = (({ params, url }) => ({
  jobId: params.id,
  candidateIds: [url.searchParams.get('a'), url.searchParams.get('b')].filter((id): id is string => Boolean(id))
})) satisfies PageLoad;
