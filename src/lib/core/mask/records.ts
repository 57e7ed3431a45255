/**
 * Names in machine-written records that a resume's text sometimes carries: a vCard or MECARD (QR code) dump
 * ("N:Doe;Jane;;;", "FN:Jane Doe", "MECARD:N:Doe,Jane;"), an e-mail display name ('"Jane Doe" <jane@…>',
 * "Reply-To: Jane Doe <…>"), a CSV export row under a name column ("candidate_name" over '"Jane Doe"'), an
 * applicant-tracking header ("Applicant #4711 — Doe, Jane — Stage: …") and a folder of a file path named after
 * the person ("/applicants/2024/doe_jane/resume.pdf").
 * Purpose: the record's own field says a name stands there, whatever the words are: masked in place like a
 * "Name:" value (names.ts).
 * Non-goals: "Name:" fields and tables (name-sources.ts, table-names.ts); CV file names (gazetteer.ts).
 * Shape legend: TitledMention offsets are half-open into the text and cover the name words only.
 */
import { foldText } from './fold';
import { isAmbiguousWord, looksLikeName, type TitledMention } from './name-sources';
import { isKnownName } from './person-names';
import { isVocabulary } from './vocabulary';

const NAME_VALUE_RE = /^[\p{L}\p{M}'’. -]{2,60}$/u;
const mention = (start: number, value: string): TitledMention => ({ start, end: start + value.length, name: value });

/** The trimmed pieces of `value` (at `start`) between separators, each a mention when it is made of name letters. */
function pieces(value: string, start: number, sep: RegExp): TitledMention[] {
  const out: TitledMention[] = [];
  let at = 0;
  for (const raw of value.split(sep)) {
    const piece = raw.trim();
    const from = value.indexOf(raw, at) + raw.indexOf(piece);
    at = value.indexOf(raw, at) + raw.length;
    if (piece && NAME_VALUE_RE.test(piece) && /\p{L}{2}/u.test(piece)) out.push(mention(start + from, piece));
  }
  return out;
}

// vCard "N:" (family;given;additional;prefix;suffix) and "FN:" lines, with parameters ("N;CHARSET=UTF-8:").
const VCARD_N_RE = /^(?:item\d+\.)?N(?:;[^:\n]*)?:([^\n]*)$/gimu;
const VCARD_FN_RE = /^(?:item\d+\.)?FN(?:;[^:\n]*)?:([^\n]*)$/gimu;
// MECARD: fields joined by ";", the name "N:Family,Given".
const MECARD_N_RE = /MECARD:(?:[A-Z-]+:[^;\n]*;)*?N:([^;\n]*)/giu;
// A display name before an address in angle brackets, quoted or after a mail header label.
const QUOTED_DISPLAY_RE = /"([^"\n@<>]{2,60})"[ \t]*<[^<>\s@]+@[^<>\s]+>/gu;
const LABELLED_DISPLAY_RE = /(?:^|\b)(?:from|reply-to|sender|to|cc)[ \t]*:[ \t]*([^"\n@<>:]{2,60}?)[ \t]*<[^<>\s@]+@[^<>\s]+>/gimu;
// "Applicant #4711 — Doe, Jane — Stage: Screening", "Candidate ID 4711 | Jane Doe | …".
const APPLICANT_RE = /(?:^|\n)[ \t]*(?:applicant|candidate)[ \t]*(?:#|no\.?|id:?|number)[ \t]*[\w-]+[ \t]*(?:[—–|]|-[ \t])[ \t]*([^—–|\n]{2,60}?)[ \t]*(?=[—–|]|$)/gimu;
// A CSV header that has a name column ("candidate_name", "Full Name", "name").
const CSV_NAME_COLUMN_RE = /^(?:(?:candidate|applicant|full|display|contact)[ _]?)?name$/i;

/** Names in vCard, MECARD, e-mail display-name, CSV export and applicant-record fields of `text`. */
export function recordNames(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  if (/BEGIN:VCARD/i.test(text)) {
    for (const m of text.matchAll(VCARD_N_RE)) out.push(...pieces(m[1], m.index + m[0].length - m[1].length, /;/));
    for (const m of text.matchAll(VCARD_FN_RE)) out.push(...pieces(m[1], m.index + m[0].length - m[1].length, /;/));
  }
  for (const m of text.matchAll(MECARD_N_RE)) out.push(...pieces(m[1], m.index + m[0].length - m[1].length, /,/));
  for (const re of [QUOTED_DISPLAY_RE, LABELLED_DISPLAY_RE, APPLICANT_RE]) {
    for (const m of text.matchAll(re)) {
      const value = m[1].trim();
      if (!looksLikeName(value.replace(/,/g, ' '), true)) continue;
      out.push(mention(m.index + m[0].indexOf(m[1]) + m[1].indexOf(value), value));
    }
  }
  out.push(...csvNameCells(text));
  return out;
}

/** Split one CSV line into cells with their offsets, quotes removed. */
function csvCells(line: string, at: number): Array<{ value: string; start: number }> {
  const out: Array<{ value: string; start: number }> = [];
  for (const m of line.matchAll(/[ \t]*(?:"([^"]*)"|([^,]*))[ \t]*(?:,|$)/gu)) {
    if (m[0] === '' && m.index >= line.length) break;
    const value = m[1] ?? m[2] ?? '';
    out.push({ value: value.trim(), start: at + m.index + m[0].indexOf(value) + (value.length - value.trimStart().length) });
  }
  return out;
}

/** Cells under a name column of a comma-separated export ("req_id,candidate_name,received"). */
function csvNameCells(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  const lines = text.split('\n');
  let offset = 0;
  const starts = lines.map((l) => {
    const s = offset;
    offset += l.length + 1;
    return s;
  });
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = lines[i].split(',').map((h) => h.trim());
    if (header.length < 2 || !/,/.test(lines[i]) || /\s{2,}|:/.test(lines[i])) continue;
    const col = header.findIndex((h) => CSV_NAME_COLUMN_RE.test(h));
    if (col < 0 || !header.every((h) => /^[\p{L}\p{N} _#-]{1,30}$/u.test(h))) continue;
    for (let j = i + 1; j < lines.length && lines[j].includes(','); j++) {
      const cell = csvCells(lines[j], starts[j])[col];
      if (cell && looksLikeName(cell.value, true)) out.push(mention(cell.start, cell.value));
    }
  }
  return out;
}

// A file path of two or more folders ("/home/share/applicants/2024/doe_jane/resume.pdf", "C:\Users\…\x.docx").
const PATH_RE = /(?:[A-Za-z]:\\|~?\/)?(?:[\w.-]+[\\/]){2,}[\w.-]*\.(?:pdf|docx?|odt|rtf|txt)\b/giu;
const PATH_FOLDER_RE = /^(\p{L}{2,})[_-](\p{L}{2,})(?:[_-](\p{L}{2,}))?$/u;

/**
 * Folders of a file path named after a person: two or three letter-only pieces joined by "_" or "-", each a known
 * name, a word the layout rules already found as this text's people (`neutral`), or a word resume language does
 * not use ("doe_jane"); "resume_final" and "shared-drive" are resume language.
 */
export function pathFolderNames(text: string, neutral: ReadonlySet<string>): TitledMention[] {
  const out: TitledMention[] = [];
  if (!/[\\/]/.test(text)) return out;
  for (const m of text.matchAll(PATH_RE)) {
    let at = m.index;
    for (const seg of m[0].split(/[\\/]/)) {
      const f = PATH_FOLDER_RE.exec(seg);
      const ps = f ? f.slice(1).filter((x): x is string => !!x) : [];
      const nameLike = (p: string) => {
        const w = foldText(p);
        return neutral.has(w) || ((isKnownName(p) || !isVocabulary(w)) && !isAmbiguousWord(w));
      };
      if (ps.length >= 2 && ps.every(nameLike)) out.push({ start: at, end: at + seg.length, name: ps.join(' ') });
      at += seg.length + 1;
    }
  }
  return out;
}
