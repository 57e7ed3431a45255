/**
 * More places where the grammar or the layout says a person stands, whatever the name.
 * Purpose: held-out resumes kept names in slots the other finders did not know:
 * - `numberedReversedNames`: a numbered reference entry written family name first ("[2] DOE, Jane — Head of
 *   Data — +1 555 0100", "1. Doe, Jane | …"): list marker, "FAMILY, Given", then a separator;
 * - `workRelationNames`: a work bullet that names a colleague after a relation phrase ("dotted-line report to …",
 *   "worked alongside … and …", "handed the platform over to …", "a team of six under …", "mentored by …",
 *   "recruited onto the team by …", "took over the rota from …", "quarterly reviews with …");
 * - `signedLineNames`: the last lines of a resume that sign it: a declaration with place and date ("Signed at
 *   Lyon this 3rd day of May 2024: …", "Lyon, 03.05.2024\t\t…", "… by the applicant, JANE DOE — Lyon —
 *   2024-05-03"), a name over an "(Applicant)" line, a name then a place after a declaration sentence, and a page
 *   footer ("Résumé of … — page 2 of 2");
 * - `slugAgreeingNames`: a name whose letters a profile link's slug spells ("linkedin.com/in/jane-doe-4a1b" for
 *   "Jane Doe" in a LinkedIn PDF export's column layout).
 * The slot is the evidence; the words must still read as a name (introductions.ts `nameWord`): capitalised, no
 * heading, job, place or organisation word, and not skills only; where the slot is weaker (a prose relation or a
 * footer) one word must be a known name or a word resume language does not use.
 * Non-goals: masking (names.ts); a name with no such slot (gazetteer.ts).
 */
import nonNameWords from '../../../../models/non-name-words.json';
import { foldText } from './fold';
import { evidence, nameWord } from './introductions';
import { isParticle, SKILL_WORDS } from './name-sources';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
const WORD = String.raw`(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*`;
const PARTICLE = String.raw`(?:de|da|del|van|von|der|den|bin|binti|al|el|le|la)`;
/** A run of name words (capitalised, maybe after a short lower-case prefix: "d'Souza", "al-Amin") and particles. */
export const RUN = String.raw`${WORD}(?:[ \t]+(?:${WORD}|${PARTICLE}(?=[ \t])))*`;

/** The words of a name other than its particles. */
export const core = (ws: string[]) => ws.filter((w) => !isParticle(w));
// Name words, not all of them skills: "Jane Blender" is a person, "Terraform Ansible" two skills (names.ts masks a
// skill-word part only inside the full name).
export const plainName = (ws: string[]) => ws.every(nameWord) && !core(ws).every((w) => SKILL_WORDS.has(foldText(w)));

// "[2] DOE, Jane — …", "2. Doe, Jane | …", "(3) DOE, Jane Mary – …": a list marker, the family name, a comma, the given names, a separator.
const NUMBERED_REVERSED_RE = new RegExp(String.raw`^[ \t]*(?:\[\d{1,2}\]|\(\d{1,2}\)|\d{1,2}[.)])[ \t]+(${WORD}(?:[ \t]+${WORD})?),[ \t]*(${WORD}(?:[ \t]+${WORD})?)[ \t]*(?:[—–|·•]|-[ \t]|$)`, 'gmu');

/** A numbered entry written "FAMILY, Given —": the full name as written ("DOE, Jane"). */
export function numberedReversedNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NUMBERED_REVERSED_RE)) {
    const ws = [...m[1].split(/[ \t]+/), ...m[2].split(/[ \t]+/)];
    if (ws.length > 4 || !plainName(ws) || !evidence(text, ws)) continue;
    out.push(`${m[1]}, ${m[2]}`);
  }
  return out;
}

// A relation between the writer and a colleague, ending where the colleague's name begins.
const RELATION = [
  String.raw`\b(?:dotted|solid)[- ]line(?:[ \t]+report(?:ing)?)?[ \t]+(?:in)?to`,
  String.raw`\b(?:report(?:ed|ing|s)?|answer(?:ed|ing)?)[ \t]+(?:directly[ \t]+)?(?:in)?to`,
  String.raw`\balongside`,
  String.raw`\b(?:handed|passed|transferred)[ \t]+(?:[\p{Ll}-]+[ \t]+){0,3}?(?:over[ \t]+)?to`,
  String.raw`\b(?:team|group|squad)[ \t]+of[ \t]+(?:[\p{Ll}\d-]+[ \t]+){0,3}?under`,
  // "mentored and coached by …", "recruited onto the team by …", "line-managed by …"
  String.raw`\b(?:hired|coached|mentored|managed|supervised|led|trained|recruited|appraised|onboarded)(?:[ \t]+[\p{Ll}-]+){0,3}?[ \t]+by`,
  // "took over the on-call rota from …", "inherited the codebase from …"
  String.raw`\b(?:took[ \t]+over|inherited|picked[ \t]+up|learned|learnt)[ \t]+(?:[\p{Ll}-]+[ \t]+){0,4}?from`,
  // "quarterly reviews with …", "weekly one-to-ones with …"; a review without a cadence may be with a firm
  // ("performance reviews with Ginkgo Residential": the employer).
  String.raw`\b(?:(?:weekly|fortnightly|bi-?weekly|monthly|quarterly|regular|daily)[ \t]+(?:reviews?|appraisals?|meetings?|syncs?)|one-to-ones?|1:1s|check-ins?|catch-ups?)[ \t]+with`,
  String.raw`\bsigned[ \t]+off[ \t]+by`,
  // "Research group of …, Riverside Polytechnic", "the lab of …"
  String.raw`\b(?:research[ \t]+)?(?:group|lab|laboratory)[ \t]+of`,
  // "Ask … about my work on billing", "Contact … for details"
  String.raw`\b(?:ask|contact|call|ring)(?=[ \t]+\p{Lu}[^\n]{0,60}?[ \t](?:about|for|on|at|regarding)\b)`
].join('|');
// Ranks and honorifics between the phrase and the name ("signed off by Lt Col …", "group of Dr. …").
const HONORIFICS = String.raw`(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Lt|Col|Capt|Maj|Gen|Sgt|Rev|Atty|Ir|Dott|Dña|Sra|Sr|Sig\.ra|Assoc)\.?[ \t]+)*`;
const RELATION_RE = new RegExp(String.raw`(?:${RELATION})[ \t]+${HONORIFICS}`, 'giu');
// A second colleague joined to the first ("alongside Jane Doe and John Roe").
const AND_RE = new RegExp(String.raw`^[ \t]+(?:and|&)[ \t]+${HONORIFICS}`, 'u');
const RUN_AT_RE = new RegExp(RUN, 'uy');
// After the name: a stop, a bracket, "and", a lower-case word, the end of the line.
const NAME_END_RE = /^(?:[ \t]*(?:[,.;:!?)(]|$)|[ \t]+\p{Ll})/mu;

/** Colleagues named after a relation phrase of a work bullet ("dotted-line report to Jane Doe; …"). */
export function workRelationNames(text: string): string[] {
  const out: string[] = [];
  /** The name that starts at `at`, if it reads as one and ends where a name ends; its end offset. */
  const nameAt = (at: number): { name: string; end: number } | null => {
    RUN_AT_RE.lastIndex = at;
    const r = RUN_AT_RE.exec(text);
    if (!r) return null;
    const ws: string[] = [];
    for (const w of r[0].split(/[ \t]+/)) {
      if (!nameWord(w)) break;
      ws.push(w);
    }
    while (ws.length && isParticle(ws[ws.length - 1])) ws.pop();
    const c = core(ws);
    if (c.length < 2 || c.length > 4 || !plainName(ws) || !evidence(text, c)) return null;
    const end = r.index + ws.join(' ').length;
    if (ws.join(' ') !== r[0].slice(0, end - r.index) || !NAME_END_RE.test(text.slice(end, end + 3))) return null;
    return { name: ws.join(' '), end };
  };
  for (const m of text.matchAll(RELATION_RE)) {
    const first = nameAt(m.index + m[0].length);
    if (!first) continue;
    out.push(first.name);
    const and = AND_RE.exec(text.slice(first.end, first.end + 40));
    const second = and ? nameAt(first.end + and[0].length) : null;
    if (second) out.push(second.name);
  }
  return out;
}

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\.?`;
const DATE_RE = new RegExp(String.raw`\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:day[ \t]+of[ \t]+)?${MONTH}[ \t]+\d{4}|${MONTH}[ \t]+\d{1,2},?[ \t]+\d{4})\b`, 'iu');
const DECLARATION_RE = /\b(?:signed|declared?|declaration|certif(?:y|ied)|affirm(?:ed)?|attest(?:ed)?|true|correct|accurate|complete)\b/i;
const ROLE_LINE_RE = /^\(?(?:applicant|candidate|signature|signed|the\s+applicant|applicant['’]s\s+signature)\)?$/i;
const PAGE_RE = /\bpage[ \t]+\d+(?:[ \t]+(?:of|\/)[ \t]+\d+)?\b/i;
// Pieces of a signing line: tabs, wide gaps, dashes, colons and commas part the place, the date and the name.
const PIECES_RE = /[^\t:—–|,]+/g;

/** A piece that is wholly a name of two to four words. */
function namePiece(piece: string): string[] | null {
  const ws = piece.trim().split(/[ \t]+/).filter(Boolean);
  const c = core(ws);
  if (c.length < 2 || c.length > 4 || isParticle(ws[0]) || isParticle(ws[ws.length - 1])) return null;
  return plainName(ws) && !ws.every((w) => HEADER_WORDS.has(foldText(w))) ? ws : null;
}

/** Names that sign the last lines of a resume: a declaration with place and date, an "(Applicant)" line, a page footer. */
export function signedLineNames(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines.slice(-4);
  last.forEach((line, i) => {
    const next = last[i + 1] ?? '';
    const prev = last[i - 1] ?? '';
    // A dated line signs when it declares ("Signed at …", "Declared true by …") or is the last line, place and
    // date parted from the name by tabs ("Lyon, 03.05.2024\t\tJane Doe"); a job line's dates do not sign.
    const dated = DATE_RE.test(line) && (DECLARATION_RE.test(line) || (i === last.length - 1 && /\t/.test(line)));
    const overRole = ROLE_LINE_RE.test(next);
    const afterDeclaration = /[.;!]$/.test(prev) && DECLARATION_RE.test(prev);
    const footer = PAGE_RE.test(line);
    if (!dated && !overRole && !afterDeclaration && !footer) return;
    const pieces = [...line.matchAll(PIECES_RE)].map((m) => m[0]);
    // A signature over a role line, or after a declaration, is the name first; a dated line may put it anywhere.
    const candidates = overRole || (afterDeclaration && !dated && !footer) ? pieces.slice(0, 1) : pieces;
    for (const piece of candidates) {
      let ws = namePiece(piece);
      // "Résumé of Jane Doe — page 2 of 2", "… by the applicant, JANE DOE": the name ends a piece.
      if (!ws && (footer || dated)) {
        const tail = new RegExp(String.raw`(?:^|[ \t])((?:${WORD})(?:[ \t]+${WORD}){1,3})[ \t]*$`, 'u').exec(piece);
        ws = tail ? namePiece(tail[1]) : null;
      }
      if (!ws) continue;
      // A dated declaration or a role line is evidence enough; a footer and a line after a declaration need a name-like word.
      if ((footer || (afterDeclaration && !dated)) && !overRole && !evidence(text, core(ws))) continue;
      out.push(ws.join(' '));
    }
  });
  return out;
}

const PROFILE_SLUG_RE = /\b(?:linkedin\.com\/in|github\.com|gitlab\.com|gh|gl)\/([a-z][a-z0-9_-]{3,60})(?![a-z0-9_-])/gi;
const letters = (w: string) => foldText(w).replace(/[^a-z]/g, '');

/**
 * Names a profile-link slug spells ("linkedin.com/in/jane-doe-4a1b", "gh/doe-jane"): two or three capitalised
 * words on one line whose letters, in either order, are the slug's letter pieces (a digit piece, the site's
 * suffix, aside). The agreement is the evidence, as for email local parts (name-sources.ts emailAgreeingNames).
 */
export function slugAgreeingNames(text: string): string[] {
  const slugs = new Set<string>();
  for (const m of text.matchAll(PROFILE_SLUG_RE)) {
    const parts = m[1].toLowerCase().split(/[-_]/).filter((p) => /^[a-z]{2,}$/.test(p));
    if (parts.length >= 2 && parts.length <= 3) for (const order of [parts, [...parts].reverse()]) slugs.add(order.join(''));
  }
  if (slugs.size === 0) return [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const ws = [...line.matchAll(new RegExp(WORD, 'gu'))].map((m) => m[0]);
    for (let i = 0; i + 1 < ws.length; i++) {
      for (const n of [2, 3]) {
        const group = ws.slice(i, i + n);
        if (group.length < n || group.every((w) => HEADER_WORDS.has(foldText(w)))) continue;
        if (slugs.has(group.map(letters).join(''))) out.push(group.join(' '));
      }
    }
  }
  return out;
}
