/**
 * Pattern detectors for contact data and protected attributes in resume text.
 * Purpose: find emails, phones, URLs/handles, dates of birth, ages, gender, marital status,
 * nationality, honorific titles and gendered pronouns as raw spans.
 * Non-goals: names (names.ts), postal addresses (addresses.ts), overlap resolution and
 * placeholders (mask-text.ts).
 * Shape legend: each detector returns DetectedSpan[] with half-open [start, end) offsets into `text`;
 * `entity` is a normalised key so the same email/phone/URL written twice maps to one placeholder.
 */
import { standaloneNumber } from './contact-block';
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

// A phone candidate: optional country code ("+49", "0049", "(+971)"), optional trunk "(0)", optional (area) with
// the North American or Mexican "1" or the post-Soviet trunk "8" before it ("1 (416) …", "+52 1 (33) …",
// "8 (050) …"), then digit groups joined by space, NBSP, . - or / (" / " too), then an optional extension. Never
// across a line break: a postcode in brackets above a number ("(29783)" / "0034 …") is not its area code.
// The extension ("ext. 23", "extn 4", "x204", FR "poste 12", ES "anexo 342", PT "ramal 12", DE "Durchwahl 5") is
// part of the match, not of the digit count.
const PHONE_EXTENSION = String.raw`[ \t]?(?:ext\.?|extn\.?|x|poste|anexo|ramal|interno|int\.|[Dd]urchwahl|[Dd]w\.?)[ \t]?\d{1,5}`;
const PHONE_RE = new RegExp(
  String.raw`(?<![\w+/.])(?:(?:\+|00)[ \t]?\d{1,3}[ \t.\u00a0-]{0,2}|\([ \t]?(?:\+|00)[ \t]?\d{1,3}[ \t]?\)[ \t.\u00a0-]{0,2})?(?:\(0\)[ \t]?)?(?:(?:[108][ \t.-]?)?\(\d{1,5}(?:[ -]\d{1,4})?\)[ \t.\u00a0-]{0,2})?\d(?:(?:[ \t.\u00a0\-/]{0,2}|[ \t]\/[ \t])\d){3,16}(?:${PHONE_EXTENSION})?(?!\w)`,
  'g'
);
// Global: a number can have both ("0049 (0) 151-1234 5678 ext. 12"); removing only the first left the extension counted.
const TRUNK_OR_EXTENSION_RE = new RegExp(String.raw`\(0\)|${PHONE_EXTENSION}$`, 'g');
const YEAR_RE = /^(?:19|20)\d\d$/;
const DATE_LIKE_RE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
// A number after a phone label ("Mobile: 9123 4567") is a phone whatever its grouping.
const PHONE_LABEL_RE = /\b(?:phone|mobile|mob|tel|telephone|cell|cellphone|contact\s*(?:no|number)?|ph|whats\s?app|handy|telefon|tel[eé]fono|t[eé]l[eé]phone|t[eé]l|celular|m[oó]vil|portable)\.?\s*(?:no\.?|number|#)?\s*[:\-–]?\s*$/i;

// The header area where a stand-alone number is taken for a phone.
const CONTACT_TOP = 600;

const ID_LABEL_RE = /\b(?:ISBN|ISSN|DOI|CVE|RFC|PMID|arXiv)(?:-1[03])?[\s:#-]*$/i;

function isPhoneLike(raw: string, labelled: boolean, explicit = false): boolean {
  // The trunk "(0)" and an extension are not counted: "0049 (0) 151-1234 5678 ext. 12" has a 12-digit number.
  const digits = raw.replace(TRUNK_OR_EXTENSION_RE, '').replace(/\D/g, '');
  // A labelled six-digit number in groups is a phone of a small numbering plan (Andorra "Mobile: 673 657").
  const shortPlan = labelled && digits.length === 6 && /^\d{2,3}(?:[\s.-]\d{2,3}){1,2}$/.test(raw.trim());
  if ((digits.length < 7 && !shortPlan) || digits.length > 15) return false;
  const groups = raw.match(/\d+/g) ?? [];
  if (groups.length > 1 && groups.every((g) => YEAR_RE.test(g))) return false; // "2019 - 2021"
  // "12.05.2019" is a date, not a phone; a six-digit "28.44.16" after a phone label, or that no calendar has, is a
  // phone of a small numbering plan (New Caledonia, French Polynesia).
  if (DATE_LIKE_RE.test(raw.trim()) && !(shortPlan && (explicit || !plausibleDate(raw)))) return false;
  if (labelled) return true;
  const international = /^(?:\+|00|\(\s?(?:\+|00))/.test(raw);
  if (!international && groups.length <= 2 && YEAR_RE.test(groups[0] ?? '')) return false; // "2016-0031": a year-prefixed ID
  // Short numbers need a phone's shape: an international prefix, an area code in brackets, or 3-4 / 3-3-3 groups.
  // Four or more short groups of eight or more digits is a European grouping ("652 89 85 14", "01/317 86 53");
  // all-dot groups (an IP address) and groups with a year ("01/2019 - 05/2021") are left out.
  const shaped =
    // A trunk-prefixed area code before the local number: KR "02-702-9455", TR "0212 555 1234".
    /^\d{3}[\s.-]\d{4}$|^\d{3}[\s.-]\d{3}[\s.-]\d{3}$|^0\d{1,3}[\s.-]\d{3,4}[\s.-]\d{4}$/.test(raw.trim()) ||
    (groups.length >= 4 && digits.length >= 8 && groups.every((g) => g.length <= 4 && !YEAR_RE.test(g)) && !/^[\d.]+$/.test(raw));
  if (digits.length < 10 && !international && !raw.includes('(') && !shaped) return false;
  return true;
}

/** Whether "dd.mm.yy" / "mm.dd.yy" could be a date: one of the first two groups a month, the other a day. */
function plausibleDate(raw: string): boolean {
  const [a, b] = (raw.match(/\d+/g) ?? []).map(Number);
  return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (b >= 1 && b <= 31 && a >= 1 && a <= 12);
}

/** Phone numbers in common national and international formats; year ranges and dates are excluded. */
export function detectPhones(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of text.matchAll(PHONE_RE)) {
    const raw = m[0].replace(/[\s.\u00a0/-]+$/, '');
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    // A publication or vulnerability identifier ("ISBN 978-3-16-148410-0", "CVE-2021-44228") is not a phone.
    if (ID_LABEL_RE.test(before)) continue;
    // The number part of a GhanaPost GPS digital address ("GA-183-4567") is an address (addresses.ts), not a phone.
    if (/(?<![\p{L}\p{N}-])[A-Z]{2}-$/u.test(before) && /^\d{3,4}-\d{4}$/.test(raw)) continue;
    // A number standing alone as a line or a "|" piece of the contact block is a phone whatever its grouping
    // ("01-7320114", "8831-7742"): the header has no other bare numbers of seven or more digits.
    const labelled = PHONE_LABEL_RE.test(before) || (m.index < CONTACT_TOP && standaloneNumber(text, m.index, m.index + raw.length));
    if (!isPhoneLike(raw, labelled, PHONE_LABEL_RE.test(before))) continue;
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
// Profile links written short on a header line ("gh/jane-doe", "gl/jdoe", "dev.to/janed"): a lower-case host
// abbreviation and a lower-case slug, so "GitHub/GitLab CI" in a skills list stays.
const SHORT_PROFILE_RE = /(?<![\w./@-])(?:gh|gl|dev\.to|hashnode|codeberg)\/[a-z0-9][a-z0-9_.-]{1,38}[a-z0-9]/g;
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
  const short = collect(text, SHORT_PROFILE_RE, 'url', (m) => m[0].toLowerCase());
  return [...urls, ...fields, ...handles, ...short];
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

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_VALUE = String.raw`(?:\d{1,2}(?:st|nd|rd|th)?[\s./-]+(?:${MONTHS}|\d{1,2})[\s.,/-]+\d{2,4}|(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:${MONTHS})\.?\s+\d{4}|\d{4})`;
const DOB_LABEL = String.raw`date\s+of\s+birth|d\.\s?o\.\s?b\.?|dob|birth\s?date|birthday|born(?:\s+(?:on|in))?|geburtsdatum|geb\.|geboren(?:\s+am)?|fecha\s+de\s+nacimiento|date\s+de\s+naissance|n[ée]e?\s+le|data\s+di\s+nascita|data\s+de\s+nascimento|geboortedatum`;
const DOB_RE = new RegExp(String.raw`(?<![\p{L}])(?:${DOB_LABEL})\s*[:\-–]?\s*${DATE_VALUE}`, 'giu');
// "Age: 34", "34 years old", "34-year-old", "aged 34" — but not "aged 10-14" or "Age group 3–5" (pupils, patients).
// "aged 65 and over", "aged 18+" describe a group of people too.
const AGE_RE = /\b(?:age|alter|edad|âge|età|idade|leeftijd)\s*[:\-–]?\s*\d{2}(?!\s*[-–]\s*\d)(?:\s*(?:years|yrs|jahre|años|ans|anni|anos|jaar)(?:\s+old)?)?\b|\b\d{2}[\s-]*(?:years?|yrs)[\s-]+old\b|\baged\s+\d{2}\b(?!\s*[-–]\s*\d|\s*\+|\s+(?:and|or)\s+(?:over|above|older|up)|\s+plus)/gi;

/** Dates of birth ("DOB: 12/05/1985", "born 1985") — kept as `dob` in both profiles. */
export function detectDatesOfBirth(text: string): DetectedSpan[] {
  return collect(text, DOB_RE, 'dob', (m) => m[0].replace(/\D/g, ''));
}

// A "Label: value" field; the value ends at a line break, list punctuation, a tab or a run of spaces.
const FIELD = (labels: string) => new RegExp(String.raw`\b(?:${labels})\s*[:\-–]\s*(?:(?![ ]{2}|\t)[^\n,;|]){1,40}`, 'gi');
const GENDER_FIELD_RE = FIELD('gender|sex');
const MARITAL_FIELD_RE = FIELD('marital\\s+status|civil\\s+status|marriage\\s+status');
const NATIONALITY_FIELD_RE = FIELD('nationality|citizenship|national\\s+origin|place\\s+of\\s+birth|birth\\s?place');
const PERSONAL_FIELD_RE = FIELD("religion|caste|father'?s\\s+name|mother'?s\\s+name|husband'?s\\s+name|wife'?s\\s+name|spouse(?:'?s)?\\s+name|blood\\s+group|height|weight|passport\\s+(?:no|number)|konfession|religi[oó]n|estado\\s+civil|familienstand|état\\s+civil|nationalit[ée]|nacionalidad|staatsangehörigkeit");
// "Children: 2" is family status; "CHILDREN: Age group 3–5" is who a teacher taught.
const CHILDREN_FIELD_RE = /\b(?:children|dependents|dependants|kids)\s*[:\-–]\s*(?:\d{1,2}|no|none|nil|yes|one|two|three|four|five)\b/gi;
// Nationality stated outside a field: "Indian national", "US citizen", "citizen of Brazil".
const NATIONALITY_PHRASE_RE = /\b(?:[A-Z][a-z]+(?:an|ian|ese|ish|ch|i|ic)|U\.?S\.?|U\.?K\.?|EU)\s+(?:citizen(?:ship)?|national|passport(?:\s+holder)?)\b|\bcitizen(?:ship)?\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}/g;
// A photo on a resume: "Photo", "[PHOTO]", "Photograph attached", "passport size photo".
const PHOTO_RE = /^[ \t]*[[(]?(?:photo(?:graph)?|foto|picture|headshot)[\])]?[ \t]*:?[ \t]*$|\b(?:passport[\s-]size\s+)?(?:photo(?:graph)?|foto)\s+(?:attached|enclosed|affixed)\b|\bpassport[\s-]size\s+(?:photo(?:graph)?|foto)\b/gim;
// "women's apparel", "women's health" are subject matter; the self-descriptors are masked.
const GENDER_WORD_RE = /\b(?:male|female|transgender|non-binary)\b/gi;
const MARITAL_WORD_RE = /\b(?:married|unmarried|divorced|widowed|widow|widower|spouse|husband|wife|engaged to)\b/gi;
// Gendered titles that are always titles; "Ms", "Miss", "Shri", "Sri"… are masked by names.ts only before a name.
const TITLE_RE = /\b(?:Mr|Mrs|Mstr)\b\.?|\bMx\./g;
const PRONOUN_RE = /\b(?:he|she|him|her|his|hers|himself|herself)\b/gi;
// "He/She", "his or her", "s/he": gender-neutral forms quoted from job descriptions reveal nothing.
const NEUTRAL_PRONOUN_RE = /\b(?:s\/he|(?:he|she|him|her|his|hers)\s*(?:\/|\bor\b|\band\b)\s*(?:he|she|him|her|his|hers))\b/gi;

/** A span without the spaces at its ends (line-anchored patterns include the indentation). */
function trimSpan(text: string) {
  return (s: DetectedSpan): DetectedSpan => {
    const raw = text.slice(s.start, s.end);
    const start = s.start + raw.length - raw.trimStart().length;
    return { ...s, start, end: start + raw.trim().length };
  };
}

/** Age statements ("Age: 34", "34 years old"). */
export function detectAges(text: string): DetectedSpan[] {
  return collect(text, AGE_RE, 'age', () => 'age');
}

/** Gender, marital status, nationality, religion and other personal-details fields, photo cues, honorifics and gendered pronouns. */
export function detectProtectedAttributes(text: string): DetectedSpan[] {
  const constant = (k: string) => () => k;
  const neutral = collect(text, NEUTRAL_PRONOUN_RE, 'pronoun', constant('pronoun'));
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
    ...collect(text, CHILDREN_FIELD_RE, 'personal', constant('personal')),
    ...collect(text, NATIONALITY_PHRASE_RE, 'nationality', constant('nationality')),
    ...collect(text, PHOTO_RE, 'personal', constant('personal')).map(trimSpan(text)),
    ...collect(text, TITLE_RE, 'title', constant('title')),
    ...collect(text, PRONOUN_RE, 'pronoun', constant('pronoun')).filter((p) => !neutral.some((n) => p.start >= n.start && p.end <= n.end))
  ];
}
