// Bias audit and decision log of one job: the route only names the job; AuditState loads it through the repositories.
import type { PageLoad } from './$types';

export const load = (({ params }) => ({ jobId: params.id })) satisfies PageLoad;
