// Job screen: the route only names the job; ShortlistState loads it through the repositories.
import type { PageLoad } from './$types';

export const load = (({ params }) => ({ jobId: params.id })) satisfies PageLoad;
