/**
 * Contact fields for JSON Resume `basics`: name, email, phone, url, profiles, location.
 * Purpose: reuse the masking detectors (one implementation of each pattern) to fill basics with provenance.
 * Non-goals: validating that an email or phone actually exists.
 * Shape legend: provenance paths are 'basics.name', 'basics.email', 'basics.phone', 'basics.url',
 * 'basics.profiles[i].url', 'basics.location.address'; spans are offsets into the text.
 */
import { detectEmails, detectPhones, detectUrls } from '../mask/detectors';
import { detectHeaderName } from '../mask/names';
import { TITLE_CUE } from './experience';
import type { JsonResumeBasics, Provenance, ResumeSection } from './types';

const NETWORKS: Array<[RegExp, string]> = [
  [/linkedin/i, 'LinkedIn'],
  [/github/i, 'GitHub'],
  [/gitlab/i, 'GitLab'],
  [/twitter|x\.com/i, 'Twitter'],
  [/indeed/i, 'Indeed'],
  [/behance/i, 'Behance'],
  [/dribbble/i, 'Dribbble'],
  [/stackoverflow/i, 'Stack Overflow'],
  [/kaggle/i, 'Kaggle'],
  [/medium/i, 'Medium']
];
const LOCATION_FIELD_RE = /\b(?:location|address|city|based\s+in)\s*[:\-–]\s*([^\n|•]{3,80})/i;
const CITY_REGION_RE = /\b([A-Z][a-zA-Z.]{1,40}(?:[ -][A-Z][a-zA-Z.]{1,40})?)\s{0,3},\s{0,3}([A-Z]{2}|[A-Z][a-z]{1,40}(?: [A-Z][a-z]{1,40})?)\b/;
const HEADER_SCAN = 1500;

const HEADLINE_LINES = 4;

/**
 * The headline: among the first lines of the header, a short line that names a role ("SENIOR ACCOUNTANT",
 * "Data Analyst | SQL, Tableau") and is not the name, a contact line or prose.
 */
function detectHeadline(text: string, headerEnd: number, name: string | undefined): { value: string; start: number; end: number } | undefined {
  let seen = 0;
  for (const m of text.slice(0, headerEnd).matchAll(/[^\n]+/g)) {
    const line = m[0].trim();
    if (!line) continue;
    if (++seen > HEADLINE_LINES) break;
    const head = line.split(/\s[|•–—]\s|\s{3,}|\t/)[0].trim();
    if (name && head.toLowerCase().includes(name.toLowerCase())) continue;
    if (/[@\d:[\]]|https?:|www\./i.test(head) || head.split(/\s+/).length > 8 || head.length < 3) continue;
    if (!TITLE_CUE.test(head) && !(head === head.toUpperCase() && /\p{Lu}{3}/u.test(head))) continue;
    const start = m.index + m[0].indexOf(head);
    return { value: head, start, end: start + head.length };
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
  const headline = detectHeadline(text, headerEnd, basics.name);
  if (headline) {
    basics.label = headline.value;
    provenance.push({ path: 'basics.label', start: headline.start, end: headline.end });
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
  const urls = detectUrls(text).sort((a, b) => a.start - b.start);
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
  const headerText = text.slice(0, headerEnd);
  const field = LOCATION_FIELD_RE.exec(headerText);
  const cityRegion = field ? undefined : CITY_REGION_RE.exec(headerText);
  const loc = field ?? cityRegion;
  if (loc) {
    const value = (field ? field[1] : loc[0]).trim();
    const start = loc.index + loc[0].indexOf(value);
    basics.location = { address: value };
    if (cityRegion) basics.location = { address: value, city: cityRegion[1], region: cityRegion[2] };
    provenance.push({ path: 'basics.location.address', start, end: start + value.length });
  }
  return { basics, provenance };
}
