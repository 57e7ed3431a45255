/**
 * A candidate's home location, and how much of it blind mode may show.
 * Purpose: the recruiter chooses the location level shown in blind mode (none, country or region); the
 * candidate screens, the CSV/JSON exports and the feedback export all go through `locationLabel` so they
 * agree. The scored text never depends on the level: addresses are always masked there.
 * Non-goals: geocoding; cities (a city is finer than a region and is never shown in blind mode).
 * Shape legend: CandidateLocation { address?: the address as written; region?: a first-level region
 * ("Maharashtra", "Ontario"); country?: a country's English name }; any part may be missing.
 */
import type { ParsedResume } from '../resume/types';
import { detectAddresses } from './addresses';
import { COUNTRIES, COUNTY_RE, countyRegion, REGION_CODES, REGIONS } from './places';

/** How much of the location blind mode shows. */
export type LocationLevel = 'none' | 'country' | 'region';

export const LOCATION_LEVELS: readonly LocationLevel[] = ['none', 'country', 'region'];

export interface CandidateLocation {
  address?: string;
  region?: string;
  country?: string;
}

// Postcode shapes that name their country on their own.
const POSTCODE_COUNTRY: Array<[RegExp, string]> = [
  [/\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b/, 'Canada'],
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/, 'United Kingdom'],
  [/\bCH-\d{4}\b/, 'Switzerland'],
  [/\bD-\d{5}\b/, 'Germany'],
  [/\bF-\d{5}\b/, 'France'],
  [/\bCEP\s*\d{5}-\d{3}\b|\b[A-Z]{2},?\s+\d{5}-\d{3}\b/, 'Brazil'],
  [/〒|\b\p{L}+-ku\b/u, 'Japan'],
  [/\bPIN(?:\s?code)?\b\s*[:.-]?\s*\d{3}\s?\d{3}\b/i, 'India'],
  [/\b\d{4}\s?[A-Z]{2}\b/, 'Netherlands']
];

/** Region and country named by an address: a country or region name, a postal region code, a postcode shape. */
export function locateAddress(address: string): Omit<CandidateLocation, 'address'> {
  const parts = address.split(/[,\n|•·()]|\s[-–]\s/).map((p) => p.trim()).filter(Boolean);
  let region: string | undefined;
  let country: string | undefined;
  for (const part of [...parts].reverse()) {
    const key = part.toLowerCase().replace(/[.]+$/g, '').replace(/\s+\d[\d\s-]*$/, '');
    if (!country && COUNTRIES.has(key)) country = COUNTRIES.get(key);
    const r = REGIONS.get(key) ?? REGIONS.get(key.replace(/^.*\s(?=\S+$)/, ''));
    if (!region && r && (!country || r[1] === country)) [region, country] = [r[0], r[1]];
  }
  // "Austin, TX 78701", "Toronto, ON M5V 2T6", "Sydney NSW 2000"
  const code = /\b([A-Z]{2,3})\s+(\d{5}(?:-\d{4})?|\d{4}|[A-Z]\d[A-Z][ -]?\d[A-Z]\d)\b/.exec(address) ?? /,\s*([A-Z]{2,3})\s*$/m.exec(address);
  if (code && !region) {
    const zip = code[2] ?? '';
    const table = /^\d{5}/.test(zip) ? REGION_CODES.us : /^[A-Z]/.test(zip) ? REGION_CODES.ca : /^\d{4}$/.test(zip) ? REGION_CODES.au : undefined;
    const hit = table?.get(code[1]) ?? (zip === '' ? REGION_CODES.us.get(code[1]) ?? REGION_CODES.ca.get(code[1]) : undefined);
    if (hit && (!country || hit[1] === country)) [region, country] = hit;
  }
  const county = COUNTY_RE.exec(address);
  if (county && !region) {
    const [r, c] = countyRegion(county[1]);
    if (!country || c === country) [region, country] = [r, c];
  }
  if (!country) country = POSTCODE_COUNTRY.find(([re]) => re.test(address))?.[1];
  return { region, country };
}

// The home address sits near the top; addresses further down are usually employers'.
const HOME_AREA_CHARS = 1500;

/** The candidate's home location: the first address near the top (as masking finds it), else the parsed `basics.location`. */
export function candidateLocation(resume: Pick<ParsedResume, 'text' | 'basics'>): CandidateLocation {
  const parsed = resume.basics.location;
  const top = resume.text.slice(0, HOME_AREA_CHARS);
  const found = detectAddresses(top)[0];
  const address = found ? top.slice(found.start, found.end) : parsed?.address;
  if (!address) return {};
  const located = locateAddress(address);
  // The parser's city/region fields help only when the address itself names no country.
  return { address, ...(located.country || !parsed ? located : locateAddress([parsed.city, parsed.region].filter(Boolean).join(', '))) };
}

/**
 * What a screen or export shows of a location: everything outside blind mode; in blind mode, the country
 * or "region, country" at most, as the recruiter chose, and '' when the level is none or nothing is known.
 */
export function locationLabel(location: CandidateLocation, opts: { blind: boolean; level: LocationLevel }): string {
  if (!opts.blind) return location.address ?? [location.region, location.country].filter(Boolean).join(', ');
  if (opts.level === 'none') return '';
  if (opts.level === 'country') return location.country ?? '';
  return [location.region, location.country].filter(Boolean).join(', ');
}
