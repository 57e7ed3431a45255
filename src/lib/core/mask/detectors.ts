/**
 * Pattern detectors for contact data and protected attributes in resume text.
 * Purpose: find emails, phones, URLs/handles, postal addresses, dates of birth, ages, gender, marital status,
 * nationality, honorific titles and gendered pronouns as raw spans.
 * Non-goals: names (names.ts), overlap resolution and placeholders (mask-text.ts).
 * Shape legend: each detector returns DetectedSpan[] with half-open [start, end) offsets into `text`;
 * `entity` is a normalised key so the same email/phone/URL written twice maps to one placeholder.
 */
import type { DetectedSpan, MaskKind } from './types';

function collect(text: string, re: RegExp, kind: MaskKind, entityOf: (m: RegExpExecArray) => string, group = 0): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of text.matchAll(re)) {
    const match = m as RegExpExecArray;
    const value = match[group];
    if (!value) continue;
    const start = match.index + (group === 0 ? 0 : match[0].indexOf(value));
    out.push({ kind, start, end: start + value.length, entity: entityOf(match) });
  }
  return out;
}

// Quantifiers are bounded (RFC limits: local part 64, label 63) so a long run of letters cannot make the
// regex backtrack quadratically: resume text is untrusted input.
const EMAIL_RE = /[A-Za-z0-9._%+'-]{1,64}\s?@\s?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;

/** Email addresses (tolerates a stray space around "@", as PDF extraction produces). */
export function detectEmails(text: string): DetectedSpan[] {
  if (!text.includes('@')) return [];
  return collect(text, EMAIL_RE, 'email', (m) => m[0].replace(/\s/g, '').toLowerCase());
}

// A phone candidate: optional +country, optional (area), then digit groups joined by space . - or /.
const PHONE_RE = /(?<![\w+/.])(?:\+\s?\d{1,3}[\s.-]{0,2})?(?:\(\d{1,5}\)[\s.-]{0,2})?\d(?:[ \t.\-]{0,2}\d){5,16}(?!\w)/g;
const YEAR_RE = /^(?:19|20)\d\d$/;
const DATE_LIKE_RE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

function isPhoneLike(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const groups = raw.match(/\d+/g) ?? [];
  if (groups.length > 1 && groups.every((g) => YEAR_RE.test(g))) return false; // "2019 - 2021"
  if (DATE_LIKE_RE.test(raw.trim())) return false; // "12.05.2019" is a date, not a phone
  if (groups.length <= 2 && YEAR_RE.test(groups[0] ?? '')) return false; // "2016-0031": a year-prefixed ID
  // Short numbers need a phone's shape: an international prefix, an area code in brackets, or 3-4 digits.
  if (digits.length < 10 && !raw.startsWith('+') && !raw.includes('(') && !/^\d{3}[\s.-]\d{4}$/.test(raw.trim())) return false;
  return true;
}

/** Phone numbers in common national and international formats; year ranges and dates are excluded. */
export function detectPhones(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of text.matchAll(PHONE_RE)) {
    const raw = m[0].replace(/[\s.-]+$/, '');
    if (!isPhoneLike(raw)) continue;
    const digits = raw.replace(/\D/g, '');
    out.push({ kind: 'phone', start: m.index, end: m.index + raw.length, entity: digits.slice(-9) });
  }
  return out;
}

const SOCIAL_HOSTS = 'linkedin|github|gitlab|bitbucket|indeed|twitter|x|facebook|instagram|behance|dribbble|medium|stackoverflow|kaggle|youtube|about\\.me|angel|wellfound|xing|researchgate|orcid|scholar\\.google';
const URL_RE = new RegExp(
  [
    String.raw`\b(?:https?|ftp):\/\/[^\s<>"')\]]+`,
    String.raw`\bwww\.[^\s<>"')\]]+`,
    String.raw`\b(?:[\w-]{1,63}\.){0,4}(?:${SOCIAL_HOSTS})\.(?:com|in|org|net|io|me|co)(?:\/[^\s<>"')\]]*)?`,
    String.raw`\b(?:[a-z0-9-]{1,63}\.){1,4}(?:com|org|net|io|dev|me|co|ai|app|edu|gov|in|uk|de|fr|info|biz|site|xyz|tech)\/[^\s<>"')\]]*`
  ].join('|'),
  'gi'
);
// "ASP.Net/MVC", "VB.NET/C#": technology names shaped like a domain with a path.
const TECH_NAME_RE = /^(?:asp|vb|ado|dot)\.net\b/i;
const HANDLE_FIELD_RE = /\b(?:linked\s?in|github|git\s?hub|gitlab|twitter|skype|telegram|instagram|facebook|behance|dribbble|portfolio|website|blog)\s*(?:id|profile|handle)?\s*[:\-–]\s*(@?[\w.\-\/]{1,100})/gi;
const AT_HANDLE_RE = /(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]{1,30}[A-Za-z0-9_])?(?![\w@])/g;

/** URLs, profile links and social handles (LinkedIn/GitHub "field: value" pairs and bare "@handle"). */
export function detectUrls(text: string): DetectedSpan[] {
  const norm = (s: string) => s.toLowerCase().replace(/^(?:https?|ftp):\/\//, '').replace(/^www\./, '').replace(/[\/.,;:]+$/, '');
  const urls = collect(text, URL_RE, 'url', (m) => norm(m[0]))
    .filter((s) => !TECH_NAME_RE.test(text.slice(s.start, s.end)))
    .map(trimTrailingPunctuation(text))
    .map(extendAcrossLineBreak(text));
  const fields = collect(text, HANDLE_FIELD_RE, 'url', (m) => norm(m[1]), 1).map(trimTrailingPunctuation(text));
  const handles = collect(text, AT_HANDLE_RE, 'url', (m) => m[0].toLowerCase());
  return [...urls, ...fields, ...handles];
}

// PDF extraction wraps long links: "indeed.com/r/Jane-\nDoe/4f2a9c1". A URL ending in "/" or "-" continues
// on the next line when that line starts with one space-free path token holding a digit or a slash.
const URL_CONTINUATION_RE = /^\r?\n[ \t]*([A-Za-z0-9_\-\/.]+)/;

function extendAcrossLineBreak(text: string) {
  return (s: DetectedSpan): DetectedSpan => {
    if (!/[\/-]$/.test(text.slice(s.start, s.end))) return s;
    const m = URL_CONTINUATION_RE.exec(text.slice(s.end, s.end + 200));
    if (!m || !/[\d\/]/.test(m[1])) return s;
    return { ...s, end: s.end + m[0].length };
  };
}

function trimTrailingPunctuation(text: string) {
  return (s: DetectedSpan): DetectedSpan => {
    let end = s.end;
    while (end > s.start + 1 && /[.,;:!?]/.test(text[end - 1])) end--;
    return { ...s, end };
  };
}

// Case-sensitive (Title or UPPER case) so that "3, Oracle, PL/SQL" or "5 Rd" in prose do not read as streets.
const STREET_SUFFIXES = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Court', 'Way', 'Place', 'Terrace', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Circle', 'Square', 'Nagar', 'Marg', 'Colony', 'Sector'];
const STREET_SUFFIX = [...STREET_SUFFIXES, ...STREET_SUFFIXES.map((x) => x.toUpperCase())].join('|');
const STREET_RE = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?(?:[ ,/-]{1,3}[A-Z][\w'.-]{0,40}){1,5}[ ,]{1,3}(?:${STREET_SUFFIX})\b\.?(?:[ ,]+(?:Apt|Suite|Unit|APT|SUITE|UNIT|#)\.?\s*\w+)?`,
  'g'
);
const CITY_STATE_ZIP_RE = /\b[A-Z][a-zA-Z.]{1,40}(?:\s[A-Z][a-zA-Z.]{1,40}){0,2},\s?(?:[A-Z]{2}|[A-Z][a-z]+)\s\d{5}(?:-\d{4})?\b/g;
const UK_POSTCODE_RE = /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g;
const INDIA_PIN_RE = /\b(?:pin(?:\s?code)?|zip(?:\s?code)?|postal\s?code)\s*[:\-]?\s*\d{5,6}\b/gi;
const ADDRESS_FIELD_RE = /\b(?:(?:permanent|present|current|residential|home|postal|mailing|correspondence)\s+)?address\s*[:\-–]\s*([^\n]+)/gi;

/** Postal addresses: "Address:" fields, street lines, "City, ST 12345", UK postcodes and PIN/ZIP fields. */
export function detectAddresses(text: string): DetectedSpan[] {
  const key = (m: RegExpExecArray, g = 0) => m[g].toLowerCase().replace(/\s+/g, ' ').trim();
  return [
    ...collect(text, ADDRESS_FIELD_RE, 'address', (m) => key(m, 1), 1),
    ...collect(text, STREET_RE, 'address', (m) => key(m)),
    ...collect(text, CITY_STATE_ZIP_RE, 'address', (m) => key(m)),
    ...collect(text, UK_POSTCODE_RE, 'address', (m) => key(m)),
    ...collect(text, INDIA_PIN_RE, 'address', (m) => key(m))
  ];
}

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_VALUE = String.raw`(?:\d{1,2}(?:st|nd|rd|th)?[\s./-]+(?:${MONTHS}|\d{1,2})[\s.,/-]+\d{2,4}|(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:${MONTHS})\.?\s+\d{4}|\d{4})`;
const DOB_RE = new RegExp(
  String.raw`\b(?:date\s+of\s+birth|d\.\s?o\.\s?b\.?|dob|birth\s?date|birthday|born(?:\s+(?:on|in))?)\s*[:\-–]?\s*${DATE_VALUE}`,
  'gi'
);
const AGE_RE = /\bage\s*[:\-–]?\s*\d{2}(?:\s*(?:years|yrs)(?:\s+old)?)?\b|\b\d{2}\s*(?:years|yrs)\s+old\b|\baged\s+\d{2}\b/gi;

/** Dates of birth ("DOB: 12/05/1985", "born 1985") — kept as `dob` in both profiles. */
export function detectDatesOfBirth(text: string): DetectedSpan[] {
  return collect(text, DOB_RE, 'dob', (m) => m[0].replace(/\D/g, ''));
}

// A "Label: value" field; the value ends at a line break, list punctuation, a tab or a run of spaces.
const FIELD = (labels: string) => new RegExp(String.raw`\b(?:${labels})\s*[:\-–]\s*(?:(?![ ]{2}|\t)[^\n,;|]){1,40}`, 'gi');
const GENDER_FIELD_RE = FIELD('gender|sex');
const MARITAL_FIELD_RE = FIELD('marital\\s+status|civil\\s+status|marriage\\s+status');
const NATIONALITY_FIELD_RE = FIELD('nationality|citizenship|national\\s+origin|place\\s+of\\s+birth|birth\\s?place');
const PERSONAL_FIELD_RE = FIELD("religion|caste|father'?s\\s+name|mother'?s\\s+name|husband'?s\\s+name|wife'?s\\s+name|spouse(?:'?s)?\\s+name|children|dependents|blood\\s+group|height|weight|passport\\s+(?:no|number)");
const GENDER_WORD_RE = /\b(?:male|female|woman|women|transgender|non-binary)\b/gi;
const MARITAL_WORD_RE = /\b(?:married|unmarried|divorced|widowed|widow|widower|spouse|husband|wife|engaged to)\b/gi;
// Gendered titles that are always titles; "Ms", "Miss", "Shri", "Sri"… are masked by names.ts only before a name.
const TITLE_RE = /\b(?:Mr|Mrs|Mstr)\b\.?|\bMx\./g;
const PRONOUN_RE = /\b(?:he|she|him|her|his|hers|himself|herself)\b/gi;

/** Age statements ("Age: 34", "34 years old"). */
export function detectAges(text: string): DetectedSpan[] {
  return collect(text, AGE_RE, 'age', () => 'age');
}

/** Gender, marital status, nationality and other personal-details fields, honorifics and gendered pronouns. */
export function detectProtectedAttributes(text: string): DetectedSpan[] {
  const constant = (k: string) => () => k;
  // Lone "male"/"man" words are only protected-attribute indicators outside compound terms like "man-hours".
  const genderWords = collect(text, GENDER_WORD_RE, 'gender', constant('gender')).filter(
    (s) => text[s.end] !== '-' && text[s.start - 1] !== '-'
  );
  return [
    ...collect(text, GENDER_FIELD_RE, 'gender', constant('gender')),
    ...genderWords,
    ...collect(text, MARITAL_FIELD_RE, 'marital', constant('marital')),
    ...collect(text, MARITAL_WORD_RE, 'marital', constant('marital')),
    ...collect(text, NATIONALITY_FIELD_RE, 'nationality', constant('nationality')),
    ...collect(text, PERSONAL_FIELD_RE, 'personal', constant('personal')),
    ...collect(text, TITLE_RE, 'title', constant('title')),
    ...collect(text, PRONOUN_RE, 'pronoun', constant('pronoun'))
  ];
}
