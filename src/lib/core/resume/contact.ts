/**
 * Contact fields for JSON Resume `basics`: name, email, phone, url, profiles, location.
 * Purpose: reuse the masking detectors (one implementation of each pattern) to fill basics with provenance.
 * Non-goals: validating that an email or phone actually exists.
 * Shape legend: provenance paths are 'basics.name', 'basics.email', 'basics.phone', 'basics.url',
 * 'basics.profiles[i].url', 'basics.location.address'; spans are offsets into the text. The location is read
 * from the contact block only (the first lines of the header, and header lines that carry an email, phone
 * or profile link): a "Location:"/"Address:" field, else "City, Region" with a known region or city, else
 * a known place on its own.
 */
import { detectEmails, detectPhones, detectUrls } from '../mask/detectors';
import { detectHeaderName } from '../mask/names';
import type { JsonResumeBasics, Provenance, ResumeSection } from './types';
import { CITY_EXACT_RE, PLACE_EXACT_RE, REGION_EXACT_RE, US_STATE_CODE_EXACT_RE } from './vocab';

const NETWORKS: Array<[RegExp, string]> = [
  [/linkedin/i, 'LinkedIn'],
  [/github/i, 'GitHub'],
  [/gitlab/i, 'GitLab'],
  [/twitter|(?:^|[/.])x\.com\b/i, 'Twitter'],
  [/indeed/i, 'Indeed'],
  [/behance/i, 'Behance'],
  [/dribbble/i, 'Dribbble'],
  [/stackoverflow/i, 'Stack Overflow'],
  [/kaggle/i, 'Kaggle'],
  [/medium/i, 'Medium']
];
const LOCATION_FIELD_RE = /\b(?:location|address|city|based\s+in|residence|current\s+location)\s*[:\-–]\s*([^\n|•]{3,80})/i;
/** "City, Region" inside a line: group 1 the city (up to four words), group 2 the region or country. */
const CITY_REGION_RE = /(?<![\p{L}])((?:[\p{L}][\p{L}.'’-]*\s){0,3}[\p{L}][\p{L}.'’-]*)\s*,\s*([\p{L}][\p{L}.]*(?:\s[\p{L}][\p{L}.]*){0,3}?)(?=\s*(?:$|[,|•–—(]|\s-\s|\s-$|\s\d|\s{2,}))/gmu;
/** Lines at the top of the header that count as the contact block. */
const CONTACT_LINES = 6;
const HEADER_SCAN = 1500;

/** The contact block: the first lines of the header and the header's lines holding an email, phone or link. */
function contactLines(text: string, headerEnd: number): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  let pos = 0;
  let kept = 0;
  while (pos < headerEnd) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > headerEnd ? headerEnd : nl;
    const line = text.slice(pos, end);
    if (line.trim()) {
      kept++;
      if (kept <= CONTACT_LINES || /@|\+?\d[\d\s().-]{7,}\d|https?:|www\.|indeed\.com|linkedin/i.test(line)) out.push({ start: pos, text: line });
    }
    pos = end + 1;
  }
  return out;
}

const isRegion = (s: string) => REGION_EXACT_RE.test(s) || US_STATE_CODE_EXACT_RE.test(s);

/** The candidate's location from the contact block (see the shape legend). */
function contactLocation(text: string, headerEnd: number): { address: string; city?: string; region?: string; start: number } | undefined {
  const lines = contactLines(text, headerEnd);
  for (const l of lines) {
    const field = LOCATION_FIELD_RE.exec(l.text);
    if (field) {
      const value = field[1].trim().replace(/[\s,;.-]+$/, '');
      return { address: value, start: l.start + field.index + field[0].indexOf(value) };
    }
  }
  for (const l of lines) {
    for (const m of l.text.matchAll(CITY_REGION_RE)) {
      // The city part may carry words of the line before it ("Associate, Cognizant ..."): keep the last words
      // that make a known city, else the last up to two words.
      const region = m[2].trim();
      const words = m[1].trim().split(/\s+/);
      let city: string | undefined;
      for (let k = Math.max(0, words.length - 3); k < words.length && !city; k++) {
        const c = words.slice(k).join(' ');
        if (CITY_EXACT_RE.test(c)) city = c;
      }
      if (!city && isRegion(region)) city = words.slice(-Math.min(words.length, 2)).join(' ');
      if (!city || (!isRegion(region) && !CITY_EXACT_RE.test(city))) continue;
      if (/^(?:email|phone|mobile|e-mail|tel)$/i.test(city) || /\d/.test(city)) continue;
      const cityAt = m.index + m[1].lastIndexOf(city);
      const address = l.text.slice(cityAt, m.index + m[0].length).trim();
      return { address, city, region, start: l.start + cityAt };
    }
  }
  for (const l of lines) {
    for (const piece of l.text.split(/\s*(?:[|•,]|\s[-–—]\s)\s*/)) {
      const value = piece.trim();
      if (value && PLACE_EXACT_RE.test(value) && !US_STATE_CODE_EXACT_RE.test(value)) {
        return { address: value, city: CITY_EXACT_RE.test(value) ? value : undefined, start: l.start + l.text.indexOf(value) };
      }
    }
  }
  return undefined;
}

/** Extract basics (contact fields) from the resume; the header block is searched first. */
export function extractBasics(text: string, sections: ResumeSection[]): { basics: JsonResumeBasics; provenance: Provenance[] } {
  const basics: JsonResumeBasics = { profiles: [] };
  const provenance: Provenance[] = [];
  const header = sections.find((s) => s.kind === 'header');
  // The header block, at most HEADER_SCAN characters (a resume without headings is all header).
  const headerEnd = Math.min(text.length, Math.max(Math.min(header?.end ?? 0, HEADER_SCAN * 2), HEADER_SCAN));

  const name = detectHeaderName(text);
  if (name) {
    // The detected name joins words with single spaces; the text may use runs of spaces between them.
    const pattern = name.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
    const m = new RegExp(pattern).exec(text);
    if (m && m.index < headerEnd) {
      basics.name = name;
      provenance.push({ path: 'basics.name', start: m.index, end: m.index + m[0].length });
    }
  }
  const email = detectEmails(text)[0];
  if (email) {
    basics.email = text.slice(email.start, email.end).replace(/\s/g, '');
    provenance.push({ path: 'basics.email', start: email.start, end: email.end });
  }
  const phone = detectPhones(text).sort((a, b) => a.start - b.start)[0];
  if (phone) {
    basics.phone = text.slice(phone.start, phone.end);
    provenance.push({ path: 'basics.phone', start: phone.start, end: phone.end });
  }
  // A domain inside an email address ("jo@x.com") is no profile link.
  const emails = detectEmails(text);
  const urls = detectUrls(text)
    .filter((u) => !emails.some((e) => u.start < e.end && u.end > e.start))
    .sort((a, b) => a.start - b.start);
  for (const u of urls) {
    const value = text.slice(u.start, u.end).replace(/\s+/g, '');
    const network = NETWORKS.find(([re]) => re.test(value))?.[1];
    if (network) {
      if (basics.profiles.some((p) => p.url === value)) continue;
      const username = /\/(?:in|r|u|user)?\/?([^/?#\s]+)\/?$/.exec(value)?.[1];
      provenance.push({ path: `basics.profiles[${basics.profiles.length}].url`, start: u.start, end: u.end });
      basics.profiles.push({ network, url: value, ...(username ? { username } : {}) });
    } else if (!basics.url && !value.startsWith('@')) {
      basics.url = value;
      provenance.push({ path: 'basics.url', start: u.start, end: u.end });
    }
  }
  const loc = contactLocation(text, headerEnd);
  if (loc) {
    basics.location = { address: loc.address, ...(loc.city ? { city: loc.city } : {}), ...(loc.region ? { region: loc.region } : {}) };
    provenance.push({ path: 'basics.location.address', start: loc.start, end: loc.start + loc.address.length });
  }
  return { basics, provenance };
}
