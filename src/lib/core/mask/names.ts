/**
 * Person-name masking: every place a detected person's name stands as a name.
 * Purpose: take the names name-sources.ts finds (header, "Name:" fields, signature, references, honorific
 * mentions, email local parts, caller-supplied names), table-names.ts finds (the name column of a table) and
 * gazetteer.ts finds (known and unfamiliar names wherever the layout puts them, CV file names) and mask each
 * full name in any order and case, accents
 * ignored ("José Müller" = "jose muller"); mask a name part on its own everywhere, except a part that is also
 * a skill or an everyday word ("Jenkins", "Ruby", "Grace"), which is masked only inside the full name or after
 * an honorific, so that a candidate named Jenkins keeps the skill Jenkins.
 * Non-goals: general named-entity recognition (company or place names are not masked here).
 * Shape legend: DetectedSpan.entity is `person:<n>`; all parts of one person share it, so the pii profile
 * gives "John Smith", "John" and "SMITH" the same placeholder. Adjacent name spans ("[NAME] de la [NAME]")
 * are merged, so a name yields one placeholder however it is split.
 */
import nonNameWords from '../../../../models/non-name-words.json';
import {
  detectHeaderName,
  emailAgreeingNames,
  emailNameParts,
  escapeRe,
  fieldMentions,
  isAmbiguousWord,
  isParticle,
  MAX_NAME_LENGTH,
  NICKNAME,
  occursLowercase,
  PARTICLES,
  referenceNames,
  selfIntroNames,
  signatureNames,
  SKILL_WORDS,
  ACRONYM_SKILL_WORDS,
  titledMentions,
  words
} from './name-sources';
import { foldText } from './fold';
import { fileNameMentions, gazetteerHeaderNames, gazetteerPairs, gazetteerRuns, type NeutralPlaces } from './gazetteer';
import { brokenHeaderNames, closingNames, contactLineNames, introducedNames, nicknameMentions, slotNames } from './introductions';
import { colleagueSlotNames } from './colleague-slots';
import { endSignatures, formerNameNotes } from './name-notes';
import { numberedReversedNames, signedLineNames, slugAgreeingNames, workRelationNames } from './person-slots';
import { pathFolderNames, recordNames } from './records';
import { skillListWords } from './skill-lists';
import { tableNameCells } from './table-names';
import type { DetectedSpan } from './types';
import { textRegExp } from '../text/text-regexp';

export { foldText } from './fold';

export { detectHeaderName } from './name-sources';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
// Gendered honorifics are masked with the name; "Dr." and "Prof." are qualifications and stay.
const GENDERED_TITLE_RE = /^(?:mr|mrs|ms|miss|mx|madam|sir|shri|smt|sri|kum|herr|frau|mme|mlle|sra|srta)\.?$/i;

interface Person {
  /** Full names as written in the text. */
  full: string[];
  parts: Set<string>;
}

/** Folded parts of a name word: the word and, when hyphenated or with an apostrophe, its pieces. */
function partsOf(word: string): string[] {
  const f = foldText(word);
  const pieces = f.split(/['’-]+/).filter((p) => p.length >= 2 && !PARTICLES.has(p));
  return [...new Set([f, ...pieces])].filter((p) => p.replace(/\./g, '').length >= 2 && !PARTICLES.has(p));
}

function groupPersons(fullNames: string[], partLists: string[][]): Person[] {
  const persons: Person[] = [];
  const add = (full: string | null, ws: string[]) => {
    const lower = ws.flatMap(partsOf);
    const existing = persons.find((p) => lower.some((w) => p.parts.has(w)));
    if (existing) {
      lower.forEach((w) => existing.parts.add(w));
      if (full) existing.full.push(full);
    } else {
      persons.push({ full: full ? [full] : [], parts: new Set(lower) });
    }
  };
  for (const name of fullNames) add(name, words(name));
  for (const parts of partLists) add(null, parts);
  return persons;
}

// A word of the pattern: each letter may carry combining marks in decomposed text ("e\u0301").
const wordPattern = (w: string) => [...w].map((ch) => `${escapeRe(ch)}\\p{M}*`).join('') + (w.length === 1 ? '\\.?' : '');
const GAP = String.raw`\s+`;
// Initials or a nickname between the words of a full name ("Jane Q. Doe", "Robert \"Bob\" Smith").
const INITIALS = String.raw`(?:\s+(?:\p{L}\.?|${NICKNAME}))*`;
// Word boundaries that also refuse the inside of an email or link ("tomas" in "tomas.okafor@…" is the email's).
// Built for the text it runs on (`on`): textRegExp compiles it over that text's characters, not all of Unicode.
const boundary = (body: string, on: string) => textRegExp(on, String.raw`(?<![\p{L}\p{M}\p{N}]|[\p{L}\p{N}][.@_])(?:${body})(?![\p{L}\p{M}\p{N}]|[.@_][\p{L}\p{N}])`, 'gu');

/**
 * Regex bodies for a full name written as `source`: "Given Family" (initials allowed between words, no comma:
 * "Ada, Hudson" in a skills list is two skills) and "Family, Given" (comma required). The reversed form is
 * left out when every word is a skill or common word, unless the source itself was written that way.
 */
function fullNamePatterns(source: string): string[] {
  const reversedSource = /,/.test(source);
  const core = words(source).map(foldText).filter((w) => w.replace(/\./g, '').length > 0);
  // One word that is also a skill or common word ("Page", "Jenkins") is masked only where it stands as a name.
  if (core.length < 2) return core.filter((w) => !isAmbiguous(w)).map(wordPattern);
  let given: string[];
  let family: string[];
  if (reversedSource) {
    const [fam, giv] = source.split(',', 2).map((x) => words(x).map(foldText));
    family = fam;
    given = giv;
  } else {
    const givenEnd = core.findIndex((w, i) => i > 0 && (isParticle(w) || i === core.length - 1));
    given = core.slice(0, Math.max(1, givenEnd));
    family = core.slice(given.length);
  }
  const inOrder = [...given, ...family].map(wordPattern).join(INITIALS + GAP);
  const reversed = `${family.map(wordPattern).join(GAP)}${String.raw`\s*,\s*`}${given.map(wordPattern).join(GAP)}`;
  // Letter-spaced headers ("J O H N   S M I T H"): letters one space apart, words two or more.
  const spaced = [...given, ...family].map((w) => [...w].map((ch) => `${escapeRe(ch)}\\p{M}*`).join(' ')).join(String.raw`[ \t]{2,}`);
  const allAmbiguous = core.every((w) => isParticle(w) || isAmbiguous(w));
  return allAmbiguous && !reversedSource ? [inOrder, spaced] : [inOrder, reversed, spaced];
}

const INSTITUTION_AFTER_RE = /^[ \t]+(?:University|College|Institute|School|Academy|Hospital|Foundation|Street|St\b|Road|Avenue|Ave\b|Division|County|State\b|Center|Centre|Park|Bridge|Hall|Station|Airport|Memorial|Medical|Group|Inc\b|Ltd\b|LLC|Corporation|Company|Bank|Mutual|National|Regional|Community)/;
const INSTITUTION_BEFORE_RE = /(?:University|College|Institute|School|State|County|City|Port|Fort|Mount|Lake|Bank|Hospital)\s+of\s+(?:the\s+)?$|(?:Fort|Mount|Mt\.?|Lake|Port|Saint|St\.?|San|Santa)\s+$/;
// A lower-case verb after a capitalised word: past tense or a common present/auxiliary form.
const SUBJECT_OF_VERB = String.raw`(?=[ \t]+(?:[a-z]{2,}ed|is|was|has|had|led|won|built|made|took|leads|holds|works|joined|wrote|ran|gave|will|can)\b)`;
const isAmbiguous = isAmbiguousWord;

const MERGE_GAP_RE = new RegExp(String.raw`^(?:[ \t,.'’-]|(?<![\p{L}])(?:${[...PARTICLES].join('|')})(?![\p{L}]))*$`, 'iu');

// Initials written next to a name on the same line: "Kumar. P", "Kumar P.", "P. Kumar", "J.R. Smith".
// A quoted nickname after a name ("Jane Doe (“JD”)") goes with it too, and so does the name in another script in
// brackets ("Jignesh Vyas (જિજ્ઞેશ વ્યાસ)"): letters with no Latin letter among them.
const INITIALS_AFTER_RE = /^(?:[.,]?[ \t]?(?:\p{Lu}\.?)(?:[ \t]?\p{Lu}\.?)*(?![\p{L}\p{N}])|[ \t]\(["“][\p{L}]{2,20}["”]\))/u;
const OTHER_SCRIPT_AFTER_RE = /^[ \t]?\((?![^)\n]*\p{Script=Latin})[\p{L}\p{M}][\p{L}\p{M} ]{0,40}\)/u;
const INITIALS_BEFORE_RE = /(?<![\p{L}\p{N}])(?:\p{Lu}\.[ \t]?)+$/u;

/**
 * Merge name spans separated only by spaces, punctuation or particles ("[NAME] de la [NAME]" → one name), and
 * take in initials written beside a name, so a name is masked the same way whichever name it is.
 */
function mergeAdjacent(text: string, spans: DetectedSpan[]): DetectedSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DetectedSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else if (last && MERGE_GAP_RE.test(text.slice(last.end, s.start))) last.end = s.end;
    else out.push({ ...s });
  }
  for (const s of out) {
    const after = INITIALS_AFTER_RE.exec(text.slice(s.end, s.end + 12)) ?? OTHER_SCRIPT_AFTER_RE.exec(text.slice(s.end, s.end + 48));
    if (after) s.end += after[0].length;
    const before = INITIALS_BEFORE_RE.exec(text.slice(Math.max(0, s.start - 12), s.start));
    if (before) s.start -= before[0].length;
  }
  return out;
}

/** Every occurrence of each detected person's name where it stands as a name, as `name` (and `title`) spans. */
export function detectNames(text: string, knownNames: string[] = []): DetectedSpan[] {
  const folded = foldText(text);
  const header = detectHeaderName(text);
  // Names after an honorific and values of "Name:" fields are masked where they stand, even a one-word value that is
  // also a skill or everyday word ("Surname: Head").
  // So are name words interleaved with the contact fields of a header line, a lone name after a closing, and header
  // name words that PDF extraction broke into fragments.
  const titled = [...titledMentions(text), ...fieldMentions(text), ...tableNameCells(text), ...contactLineNames(text), ...closingNames(text), ...brokenHeaderNames(text), ...nicknameMentions(text), ...recordNames(text)];
  const known = knownNames.filter((n) => words(n).length > 0 && n.length <= MAX_NAME_LENGTH * 2);
  const fullNames = [...known, ...(header ? [header] : []), ...signatureNames(text), ...referenceNames(text), ...selfIntroNames(text), ...introducedNames(text), ...slotNames(text), ...emailAgreeingNames(text), ...numberedReversedNames(text), ...workRelationNames(text), ...signedLineNames(text), ...slugAgreeingNames(text), ...formerNameNotes(text), ...endSignatures(text), ...colleagueSlotNames(text)];
  // The people the layout rules found are neutral to the gazetteer finders: their words never serve as evidence,
  // so a candidate with a known name and one with an unknown name get the same masking around it.
  const neutral = new Set([...fullNames, ...titled.map((t) => t.name)].flatMap(words).flatMap(partsOf));
  // A file name with the name in it ("CV_jane_doe_2025.pdf") is masked whole, like a titled name.
  titled.push(...fileNameMentions(text, neutral).map((f) => ({ start: f.start, end: f.end, name: f.parts.join(' ') })), ...pathFolderNames(text, neutral));
  // Known given and family names, whatever the layout: a header segment that is wholly a name, a referee without a label.
  // Where those names stand whole: only there are their words neutral (see gazetteer.ts NeutralPlaces).
  // Where each full name stands, matched once: the neutral places now and the masked spans below.
  const seen = new Map<string, Array<[number, number]>>();
  const occurrences = (full: string) => {
    let found = seen.get(full);
    if (!found) {
      found = fullNamePatterns(full).flatMap((body) => [...folded.matchAll(boundary(body, folded))].map((m): [number, number] => [m.index, m.index + m[0].length]));
      seen.set(full, found);
    }
    return found;
  };
  const places: NeutralPlaces = {
    spans: [...titled.map((t): [number, number] => [t.start, t.end]), ...fullNames.flatMap(occurrences)],
    names: fullNames.map((n) => words(n).map((w) => foldText(w))).filter((n) => n.length >= 2)
  };
  fullNames.push(...gazetteerHeaderNames(text, neutral, places), ...gazetteerPairs(text, neutral, places), ...gazetteerRuns(text, neutral, places));
  // A labelled full name ("Name: ZAKARIA Siti") is also matched whole in any case ("ふりがな: zakaria siti").
  fullNames.push(...titled.filter((t) => words(t.name).length >= 2).map((t) => t.name));
  // An email local part names a person only where its parts stand together in the text ("Jane Doe" for
  // jane.doe@…): "build.release@…" must not mask "Build and Release Engineer".
  for (const parts of emailNameParts(text)) {
    // "alemu.tesfaye@…" for "Tesfaye Alemu": an address may put the family name first.
    const orders = [parts, [...parts].reverse()];
    const m = orders.flatMap((o) => fullNamePatterns(o.join(' '))).map((body) => boundary(body, folded).exec(folded)).find((x) => x);
    if (m) fullNames.push(text.slice(m.index, m.index + m[0].length));
  }
  const persons = groupPersons(fullNames, titled.map((t) => words(t.name)));
  const spans: DetectedSpan[] = [];
  const titles: DetectedSpan[] = [];
  // A part this text also lists as a skill ("Docker, Kuka, Lumion") is treated like a skill of the taxonomy.
  const listedSkills = skillListWords(text);
  persons.forEach((person, index) => {
    const entity = `person:${index + 1}`;
    const push = (start: number, end: number) => spans.push({ kind: 'name', start, end, entity });
    for (const full of person.full) {
      for (const [start, end] of occurrences(full)) push(start, end);
    }
    for (const part of person.parts) {
      if (isAmbiguous(part) || listedSkills.has(part)) {
        // "Grace received the award": an everyday-word name as the subject of a verb is the person. Skills are
        // left alone ("Jenkins triggered the build" is the tool).
        if (SKILL_WORDS.has(part) || HEADER_WORDS.has(part) || listedSkills.has(part)) continue;
        for (const m of folded.matchAll(boundary(wordPattern(part) + SUBJECT_OF_VERB, folded))) {
          if (/^\p{Lu}/u.test(text[m.index])) push(m.index, m.index + part.length);
        }
        continue;
      }
      // A part that is also an ordinary lower-case word here ("Rose", "Hunter") is masked only capitalised.
      const caseSensitive = occursLowercase(text, part[0].toUpperCase() + part.slice(1));
      for (const m of folded.matchAll(boundary(wordPattern(part), folded))) {
        if (caseSensitive && !/^\p{Lu}/u.test(text[m.index])) continue;
        // "MEI" in capitals is the skill (a case-sensitive acronym); "Mei" is the person.
        if (ACRONYM_SKILL_WORDS.has(part) && text.slice(m.index, m.index + m[0].length) === m[0].toUpperCase()) continue;
        // "Washington University", "University of Washington", "Jackson Street": a place or institution.
        if (INSTITUTION_AFTER_RE.test(text.slice(m.index + m[0].length, m.index + m[0].length + 16)) || INSTITUTION_BEFORE_RE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
        push(m.index, m.index + m[0].length);
      }
    }
  });
  for (const t of titled) {
    const person = persons.findIndex((p) => words(t.name).some((w) => partsOf(w).some((x) => p.parts.has(x))));
    spans.push({ kind: 'name', start: t.start, end: t.end, entity: `person:${person + 1}` });
    const before = /(\S+)\s+$/.exec(text.slice(Math.max(0, t.start - 12), t.start));
    if (before && GENDERED_TITLE_RE.test(before[1])) titles.push({ kind: 'title', start: t.start - before[0].length, end: t.start - before[0].length + before[1].length, entity: 'title' });
  }
  return [...mergeAdjacent(text, spans), ...titles];
}
