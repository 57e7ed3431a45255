// A pure client-side SPA: everything runs on the recruiter's device.
export const ssr = false;
export const prerender = false;
