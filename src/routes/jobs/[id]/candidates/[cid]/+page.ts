// Candidate screen: the route names the job and candidate; CandidateViewState loads them.
import type { PageLoad } from './$types';

export const load = (({ params }) => ({ jobId: params.id, candidateId: params.cid })) satisfies PageLoad;
