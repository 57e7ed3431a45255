/**
 * Layout evidence for addresses and phones, independent of any country's street words: the contact block.
 * A resume header puts the home address beside the phone and email (same line, between "|" or "•") or on the
 * lines right above or below them; under an "Address:" label the address fills the following lines. A piece of
 * such a place that reads as an address (a house or postcode number among capitalised words, in comma-separated
 * parts) is an address whatever its street words ("20-r khoroo, Sambuu Street, bair 54", "vul. Sumska 12, kv. 19").
 * Purpose: extra `address` runs for detectAddresses and the bare numbers of the block that are phones.
 * Non-goals: addresses in prose or experience lines (addresses.ts keeps its anchored rules for those).
 * Shape legend: runs are half-open [start, end) offsets into the text.
 */
import nonNameWords from '../../../../models/non-name-words.json';
import skillsTaxonomy from '../../../../models/skills-taxonomy.json';

export interface ContactLine {
  start: number;
  end: number;
  text: string;
}

// Dates and durations are not addresses: "Jan 2019 – Present, Acme", "6 years of SQL".
// A month counts only beside a day or year: "Viña del Mar" and "Mayfair" are places.
const MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_WORDS = new RegExp(String.raw`\b(?:${MONTH})\.?,?\s+\d{1,4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTH})\b|\b(?:present|current|till\s+date|today)\b|\b\d+\+?\s*(?:years?|yrs|months?)\b`, 'i');
// A year ending the line ("B.Tech, IIT Delhi, 2019"), but not a postcode with its country prefix ("MD-2012").
const YEAR_RANGE = /\b(?:19|20)\d\d\s*[-–—]\s*(?:(?:19|20)\d\d|\d\d)\b|(?<![-\p{L}\d])(?:19|20)\d\d\s*$/u;
// Grades, scores and amounts: "CGPA 8.2/10", "85%", "$120k".
const NOT_ADDRESS = /%|[$€£¥₹]|\b(?:cgpa|gpa|grade|score|percentage|marks|salary|ctc|lpa|version|v\d)\b|\d\.\d+\s*\/\s*\d/i;
// Section headings and field labels that start a line of their own ("SUMMARY", "Mobile:", "Date of Birth:").
const FIELD_LABEL = /^\s*(?:e-?mail|phone|mobile|mob|tel|telephone|cell|whats\s?app|fax|linked\s?in|github|website|portfolio|date\s+of\s+birth|dob|born|nationality|citizenship|gender|sex|marital\s+status|religion|languages?|skills?|summary|objective|profile|experience|education|passport|visa|father'?s?\s+name|mother'?s?\s+name|age)\b\s*[:\-–]/i;
// Address signals that need no digit: a generic street or area word, a landmark, a postal label ("P.O:", "Dist:").
const WORDY_SIGNAL = /\b(?:road|rd|street|st|avenue|ave|lane|district|dist|village|vill|p\.?\s?o|po\s?box|near|opp|behind|province|county|region|ward|sector|block|colony|rue|boulevard|quartier|calle|avenida|barrio|colonia)\b\.?/i;

// Job, section and technology words ("Senior Data Analyst", "Windows 10", "Certified … Level 2") mark a headline,
// not an address; the few that sit inside addresses ("Road", "City", "Office", "School") are allowed.
const ADDRESS_HEADER_WORDS = new Set('road street city state society suite the of and at in on to for from with by office school corporation end uk usa india'.split(' '));
const HEADLINE_WORDS = new Set(nonNameWords.headerWords.filter((w) => !ADDRESS_HEADER_WORDS.has(w)));
// A piece that is a skill name ("Power BI", "Office 365") is a skills headline.
const SKILL_NAMES = new Set<string>(skillsTaxonomy.skills.flatMap((s) => [s.name, ...s.aliases]).map((n) => n.toLowerCase()));

// Location codes standing alone: GhanaPost GPS "GA-183-4567"; the Saudi short national address (four letters,
// four digits: "RIYA1234").
const LOCATION_CODE = /^(?:\p{Lu}{1,3}-\d{2,4}-\d{3,5}|\p{Lu}{4}\d{4})$/u;

// Address grammars that need no house number among capitalised words, each strong enough alone inside the contact
// block: directions from a landmark (Costa Rica, Nicaragua: "200 metros al sur de la Iglesia", "100 varas al
// norte"), a neighbourhood and a landmark (Francophone Africa: "Quartier Bastos, près de la pharmacie …", "BP
// 1234"), street words in Persian and Arabic script (خیابان street, کوچه lane, پلاک number, شارع street, حي
// district) and their romanisations ("Kuche", "Khiaban", "Pelak"), and a Han-script street with its number
// (台北市信義區信義路5段7號8樓, 上海市徐汇区建国路760号).
const ADDRESS_GRAMMAR_RES = [
  /\b\d{1,4}\s*(?:metros|mts?\.?|m|varas|cuadras|km)\s+(?:al\s+)?(?:norte|sur|este|oeste|noreste|noroeste|sureste|suroeste)\b/i,
  /(?<![\p{L}])(?:Quartier|Qtr\.|Lieu-dit|Carrefour)\s+\p{Lu}|\bprès\s+d[eu]\s+(?:la\s+|l['’]|le\s+)?(?:station|pharmacie|école|ecole|église|eglise|marché|marche|mosquée|mosquee|carrefour|rond-point|hôpital|hopital|boulangerie|stade|gare|chefferie|poste)\b|\bB\.?P\.?\s+\d{2,5}\b/iu,
  /(?:خیابان|کوچه|پلاک|بلوار|میدان|کوی|شارع|حي|ص\.ب)/u,
  // Directions from a landmark in English (Ghana, Mauritius, Nigeria, India: "behind the police station", "opposite
  // Total filling station", "near the Presby church").
  /\b(?:behind|opposite|opp\.|near|next\s+to|adjacent\s+to|beside|off)\s+(?:the\s+)?(?:[\p{L}'’-]+\s+){0,3}(?:police\s+station|filling\s+station|fuel\s+station|station|church|chapel|mosque|market|school|hospital|clinic|junction|roundabout|pharmacy|post\s+office|stadium|temple|mall|lorry\s+park|bus\s+stop)\b/iu,
  /\b(?:Kuche|Kucheh|Koucheh|Koocheh|Khiaban|Khiyaban|Kh\.|Pelak|Plaque|Bonbast|Meydan)\b/i,
  // Directions from a landmark in Spanish (Central America: "frente a la Iglesia Los Dolores", "contiguo al parque").
  /\b(?:frente\s+a|contiguo\s+a|detr[aá]s\s+de|atr[aá]s\s+de|a\s+la\s+par\s+de|costado\s+\p{L}+\s+de|cerca\s+de)l?\s+(?:la\s+|el\s+|los\s+|las\s+)?\p{Lu}/iu,
  // Dhivehi street words after the name (Maldives: "Ameenee Magu", "Majeedhee Hingun"); Romanian and Moldovan
  // abbreviations before it ("bd. Moscova", "mun. Cahul", "șos. Hâncești").
  /(?<![\p{L}])\p{Lu}[\p{L}'’-]+\s+(?:Magu|Hingun|Goalhi)\b|(?<![\p{L}])(?:bd|bul|șos|sos|mun|jud|sat|sect)\.\s*\p{Lu}/u,
  // A corner of two streets without a house number ("Camp Street & Lamaha Street", "Brickdam & Church Street").
  /(?<![\p{L}])\p{Lu}[\p{L}'’-]+(?:\s+(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?))?\s+&\s+\p{Lu}[\p{L}'’-]+\s+(?:Street|Road|Avenue|St\.?|Rd\.?|Ave\.?)(?![\p{L}])/u,
  /[\p{Script=Han}].*\d+\s*[號号]|[市區区縣县镇鎮].*[路道街巷弄]/u
];

const digitsOf = (s: string) => (s.match(/\d/g) ?? []).length;

/** Whether a separator-bounded piece of the contact block reads as a postal address. */
export function addressLikeSegment(seg: string): boolean {
  const t = seg.trim().replace(/[.,;]+$/, '');
  // A location code standing alone: GhanaPost GPS "GA-183-4567" and codes of its shape.
  if (LOCATION_CODE.test(t)) return true;
  if (t.length <= 180 && !/@|https?:|www\.|\/\//.test(t) && !FIELD_LABEL.test(t) && ADDRESS_GRAMMAR_RES.some((re) => re.test(t))) return true;
  // A bullet is a line of prose or a list, not an address.
  if (t.length < 6 || t.length > 180 || /@|https?:|www\.|\/\/|[+®™]/.test(t) || /^[-–•*▪►✓]\s/.test(t)) return false;
  if (DATE_WORDS.test(t) || YEAR_RANGE.test(t) || NOT_ADDRESS.test(t) || FIELD_LABEL.test(t)) return false;
  const parts = t.split(/,|\s[-–]\s/).map((p) => p.trim()).filter(Boolean);
  const words = t.split(/[\s,]+/).filter((w) => /[\p{L}\d]/u.test(w));
  // A headline piece holds a job, section or technology word or is a skill; when half the pieces are such, the
  // line is a headline ("AWS Certified Architect, Level 2"); one among place pieces is a landmark or a place
  // ("Jr. Ayacucho 2769, Dpto. 802, Arequipa", "Business Bay Tower, …", "Tel Aviv-Yafo").
  const headline = (p: string) => {
    const ws = p.split(/\s+/).map((w) => w.toLowerCase().replace(/^[("'«]+|[)"'».,;:]+$/g, ''));
    // A skill named by one to three words of the piece: "Office 365", "Teams and SharePoint".
    const skill = ws.some((_, i) => [1, 2, 3].some((n) => i + n <= ws.length && SKILL_NAMES.has(ws.slice(i, i + n).join(' '))));
    return skill || ws.some((w) => HEADLINE_WORDS.has(w));
  };
  if (parts.filter(headline).length * 2 >= parts.length) return false;
  if (words.length < 2 || words.length > 24) return false;
  // Capitalised words and numbers carry an address; prose is mostly lower-case words.
  const strong = words.filter((w) => /^[("'«]?(?:\p{Lu}|\d)/u.test(w)).length;
  const longLower = words.filter((w) => /^\p{Ll}{5,}$/u.test(w.replace(/[.,;:()]+/g, ''))).length;
  if (strong / words.length < 0.5 || longLower > 3) return false;
  // Sentences end in a full stop before a capital: "Led a team of 5 people. Built …" (not "vul. Sumska").
  if (/\p{Ll}+\s+\p{Ll}{4,}\.\s+\p{Lu}\p{Ll}/u.test(t)) return false;
  const d = digitsOf(t);
  // A number with a capitalised place: "Butwal-15, Chipledhunga", "Álfheimar 37a, 101 Reykjavík".
  if (d > 0 && d <= 16 && parts.length >= 2) return parts.some((p) => /\p{Lu}\p{L}{2,}/u.test(p));
  // One part with a number: a street and house number or a postcode and city only ("Fő tér 61/W",
  // "Mannerheimintie 22 as. 3", "77365 HELSINKI", "H-8856 Szeged"): a few words, one a capitalised name, the
  // others numbers or short abbreviations.
  if (d > 0 && d <= 10 && parts.length === 1) {
    return words.length <= 6 && words.some((w) => /^\p{Lu}[\p{L}\p{M}'’-]+$/u.test(w)) && words.every((w) => /\d|^\p{Lu}/u.test(w) || /^\p{Ll}{1,5}\.?$/u.test(w));
  }
  // Without digits: three or more parts and an address word or a postal label.
  return d === 0 && parts.length >= 3 && WORDY_SIGNAL.test(t);
}

// How far down the header of a resume reaches, in characters, when no section heading ends it earlier.
const HEADER_CHARS = 400;

const SEGMENT_RE = /[^|•·\t]+/g;

/** The pieces of a line between separators ("|", "•", tabs, runs of three spaces). */
function segmentsOf(line: ContactLine): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of line.text.matchAll(SEGMENT_RE)) {
    let at = m.index;
    for (const part of m[0].split(/(\s{3,})/)) {
      if (part.trim() && !/^\s{3,}$/.test(part)) {
        const lead = part.length - part.trimStart().length;
        out.push([line.start + at + lead, line.start + at + part.trimEnd().length]);
      }
      at += part.length;
    }
  }
  return out;
}

/**
 * Address runs of the contact block: pieces of a contact line (one that holds a phone or an email) other than the
 * contact itself, and whole lines just above or below it, that read as an address; and the lines under an
 * address label that ends its line.
 */
export function contactBlockAddresses(text: string, lines: ContactLine[], contacts: Array<{ start: number; end: number }>, labelEnds: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const overlapsContact = (s: number, e: number) => contacts.some((c) => c.start < e && c.end > s);
  const isContactLine = (l: ContactLine) => contacts.some((c) => c.start < l.end && c.end > l.start);
  const tryLine = (l: ContactLine) => {
    // The phone finder may take the digits of a location code ("GA-183-4567"): the code is still an address.
    for (const [s, e] of segmentsOf(l)) if ((!overlapsContact(s, e) || LOCATION_CODE.test(text.slice(s, e).trim())) && addressLikeSegment(text.slice(s, e))) runs.push([s, e]);
  };
  for (let i = 0; i < lines.length; i++) {
    if (!isContactLine(lines[i])) continue;
    tryLine(lines[i]);
    // Up to three lines above (a multi-line address) and two below, inside the block (no blank line).
    for (let k = i - 1; k >= Math.max(0, i - 3) && lines[k].text.trim(); k--) if (!isContactLine(lines[k])) tryLine(lines[k]);
    for (let k = i + 1; k <= Math.min(lines.length - 1, i + 2) && lines[k].text.trim(); k++) if (!isContactLine(lines[k])) tryLine(lines[k]);
  }
  // The header above the first section heading holds the contact details even where the address stands apart
  // from the phone and email (a blank line between them, or the contacts at the end of the resume).
  for (const l of lines) {
    if (l.start > HEADER_CHARS || /^\s*\p{Lu}[\p{Lu}\s&/]{3,}:?\s*$/u.test(l.text)) break;
    if (l.text.trim() && !isContactLine(l)) tryLine(l);
  }
  // "Permanent Address:" / lines of the address / "Mobile: …": every line until a blank line, a contact line,
  // another field label or a heading; the first line counts whatever its words, later ones must read as places.
  for (const at of labelEnds) {
    let li = lines.findIndex((l) => l.start > at);
    for (let taken = 0; li >= 0 && li < lines.length && taken < 4; li++, taken++) {
      const l = lines[li];
      const t = l.text.trim();
      if (!t || isContactLine(l) || FIELD_LABEL.test(t) || /^\p{Lu}[\p{Lu}\s&]{3,}$/u.test(t)) break;
      if (taken > 0 && !addressLikeSegment(t) && !/^[\p{L}\s.]{1,12}:\s*\S/u.test(t) && !/^[\p{Lu}\d][\p{L}\p{M}\d\s,.'’()/-]{0,60}$/u.test(t)) break;
      const lead = l.text.length - l.text.trimStart().length;
      runs.push([l.start + lead, l.start + lead + t.length]);
    }
  }
  return runs;
}

/** Offsets where a stand-alone number of the contact block may be a phone: a whole line or separator-bounded piece. */
export function standaloneNumber(text: string, start: number, end: number): boolean {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  const le = text.indexOf('\n', end);
  const before = text.slice(ls, start);
  const after = text.slice(end, le < 0 ? text.length : le);
  return /(?:^|[|•·\t]|\s{3})\s*$/.test(before) && /^\s*(?:$|[|•·\t]|\s{3})/.test(after);
}
