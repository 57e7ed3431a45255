// Compare screen: the two or three candidate ids come from the query (?a=…&b=…&c=…), in column order.
import { COMPARE_KEYS } from '$lib/state/shortlist.svelte';
import type { PageLoad } from './$types';

export const load = (({ params, url }) => ({
  jobId: params.id,
  candidateIds: [...new Set(COMPARE_KEYS.map((key) => url.searchParams.get(key)).filter((id): id is string => Boolean(id)))]
})) satisfies PageLoad;
