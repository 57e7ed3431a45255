/**
 * The candidate's name where a note or the end of the document gives it, whatever the name.
 * Purpose: held-out resumes kept the candidate's name in places the other finders did not know:
 * - `formerNameNotes`: a maiden or former family name noted beside the name ("Jane Doe (née Roe)", "Jane Doe,
 *   geb. Roe", "Jane Doe (formerly Roe)", "Jane Doe (previously published as Jane Roe)", "épouse Roe");
 * - `endSignatures`: the last lines that sign a resume: a closing line of any wording and language, a short line
 *   ending in a comma ("Looking forward to your reply,", "Vänliga hälsningar,"), then the name alone, perhaps
 *   after a dash, with a role ("| Candidate") or a date line after it, or a given name and an initial ("— Jane
 *   D."); a signature line with the name in brackets ("Signed ………… (Jane Doe)"); and an end-of-document line
 *   ("End of Curriculum Vitae — Jane Doe").
 * The slot is the evidence; the words must still read as a name (introductions.ts `nameWord`), not skills only.
 * Non-goals: masking (names.ts); closings the word lists already know (name-sources.ts signatureNames,
 * introductions.ts closingNames).
 */
import { foldText } from './fold';
import { nameWord } from './introductions';
import { isParticle, isTeamName, SKILL_WORDS } from './name-sources';

const WORD = String.raw`(?:\p{Ll}{1,3}['’-])?\p{Lu}[\p{L}\p{M}'’-]*`;
const PARTICLE = String.raw`(?:de|da|del|van|von|der|den|bin|binti|al|el|le|la|Bin|Al|El)`;
const RUN = String.raw`${WORD}(?:[ \t]+(?:${WORD}|${PARTICLE}(?=[ \t])))*`;

const core = (ws: string[]) => ws.filter((w) => !isParticle(w));
/** Two to four (or, where `one`, one to four) name words, not all skills, the ends no particles. */
function nameWords(s: string, one = false): string[] | null {
  const ws = s.trim().split(/[ \t]+/).filter(Boolean);
  const c = core(ws);
  if (c.length < (one ? 1 : 2) || c.length > 4 || isParticle(ws[ws.length - 1])) return null;
  if (!ws.every(nameWord) || c.every((w) => SKILL_WORDS.has(foldText(w)))) return null;
  return ws;
}

// Markers only a person's name takes ("née", "geb.", "épouse", "z domu", "de soltera", "born").
const PERSON_NOTE = String.raw`n[ée]e|geb\.|geborene?|born|[ée]pouse|ép\.|verh\.|z[ \t]+domu|de[ \t]+soltera`;
// Markers a renamed firm also takes ("Contoso (formerly Globex)"): only beside the name on the first lines.
const FORMER_NOTE = String.raw`formerly|previously(?:[ \t]+\p{Ll}+){0,2}[ \t]+as|also[ \t]+known[ \t]+as|a\.k\.a\.?|aka`;
const NOTE_RE = new RegExp(String.raw`(?:\(|,[ \t]*|[ \t]+)(?:(${PERSON_NOTE})|(${FORMER_NOTE}))[ \t]+(${RUN})[ \t]*(?=[),;|\n]|$)`, 'gimu');
const HEAD_LINES = 4;

/** The offset where the first HEAD_LINES non-empty lines end. */
function headEnd(text: string): number {
  let n = 0;
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (text.slice(at, end).trim() && ++n >= HEAD_LINES) return end;
    at = end + 1;
  }
  return text.length;
}

/** Maiden and former names noted beside a name: "(née Roe)", ", geb. Roe", "(previously published as Jane Roe)". */
export function formerNameNotes(text: string): string[] {
  const out: string[] = [];
  const head = headEnd(text);
  for (const m of text.matchAll(NOTE_RE)) {
    // A former-name marker reads as a person's only on the header lines, after a name that opens the line.
    if (m[2]) {
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      if (m.index > head || !nameWords(text.slice(lineStart, m.index).replace(/^[ \t#*>|-]+/, ''))) continue;
    }
    const ws = nameWords(m[3], true);
    if (ws) out.push(ws.join(' '));
  }
  return out;
}

const TAIL_LINES = 5;
// A closing: a short line of words (no digits, no sentence inside) ending in a comma.
const CLOSING_LINE_RE = /^\p{Lu}[^\d\n.:;!?]{1,48},$/u;
// What may follow the name: a date, a role, nothing.
const AFTER_NAME_RE = /^(?:\(?(?:candidate|applicant|signature)\)?|\d{1,2}[ .]\p{L}+\.?[ ]\d{4}|\p{L}+\.?[ ]\d{1,2},?[ ]\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4})$/iu;
const SIGNED_BRACKET_RE = /^(?:signed|signature|sign)\b[ \t.…_:·-]*\(([^()\n]{3,60})\)$/iu;
const END_OF_RE = /^(?:end\s+of|fin\s+d[eu]|ende\s+d(?:es|er))\b[^\n]*?(?:[—–|:]|\s-)\s*([^—–|:\n]+)$/iu;
// "— Jane D.", "Jane D.": a given name and an initial.
const GIVEN_INITIAL_RE = new RegExp(String.raw`^(${WORD}(?:[ \t]+${WORD})?)[ \t]+\p{Lu}\.$`, 'u');

/** The name in a signing line: the first piece before a "|" or tab, after a dash, perhaps a given name and an initial. */
function signingName(line: string): string | null {
  const piece = line.replace(/^[—–-]+[ \t]*/, '').split(/[ \t]*(?:\||\t|[ \t][—–][ \t])[ \t]*/)[0];
  const initial = GIVEN_INITIAL_RE.exec(piece);
  const ws = initial ? nameWords(initial[1], true) : nameWords(piece);
  return ws ? ws.join(' ') : null;
}

/** Names that sign the end of a resume: after a closing line of any wording, in a signature bracket, in an end line. */
export function endSignatures(text: string): string[] {
  const out: string[] = [];
  const lines = text.slice(Math.max(0, text.length - 600)).split('\n').map((l) => l.trim()).filter(Boolean).slice(-TAIL_LINES);
  lines.forEach((line, i) => {
    const bracket = SIGNED_BRACKET_RE.exec(line);
    const endOf = END_OF_RE.exec(line);
    const name = bracket ? nameWords(bracket[1])?.join(' ') : endOf ? nameWords(endOf[1])?.join(' ') : null;
    if (name) out.push(name);
    // A closing line, then the name on the last line or over a date or role line only.
    if (!CLOSING_LINE_RE.test(line) || i + 1 >= lines.length) return;
    const rest = lines.slice(i + 2);
    if (rest.length > 1 || (rest.length === 1 && !AFTER_NAME_RE.test(rest[0]))) return;
    // "Kind regards,\nTalent Desk": a team signs, not a person.
    const signed = signingName(lines[i + 1]);
    if (signed && !isTeamName(signed)) out.push(signed);
  });
  return out;
}
