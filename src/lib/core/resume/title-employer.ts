/**
 * Where a title and an employer lie inside one value: "Security Analyst in Contoso", "Contoso group as a Test
 * Analyst", a client glued to its employer by a dash ("Northwind- Contoso BPO Ltd"), an employer in brackets after
 * a title ("Technical Lead (Contoso)"), a city glued to a name ("Contoso Bangalore", "Contoso (Pune)"); and what is no
 * employer's name at all: a client's label ("Client Contoso Systems"), a date's lead word ("… From"), a sentence.
 * Purpose: one reading of these shapes for the experience part (experience.ts) and the headline (headline.ts),
 * so "Title in Company" gives the same title and employer wherever it is written.
 * Non-goals: scoring candidates (experience.ts); cutting lines into pieces (pieces.ts).
 * Shape legend: offsets are relative to the value given ([start, end), half-open); a company needs a cue (an
 * organisation word, a legal form or a known company's name), a title a title word at its end.
 */
import type { Span } from './types';
import { CITY_EXACT_RE, COMPANY_RE, KNOWN_COMPANY_RE, LEGAL_FORM_RE, TITLE_AT_END_RE, TITLE_RE } from './vocab';

export const companyCue = (t: string) => COMPANY_RE.test(t) || KNOWN_COMPANY_RE.test(t);

const TITLE_IN_COMPANY_RE = /^(.+?)\s+(?:in|with|for|at|@)\s+(.+)$/iu;
const COMPANY_AS_TITLE_RE = /^(.+?)\s+as\s+(?:an?\s+)?(.+)$/iu;
const LEGAL_FORMS_RE = new RegExp(LEGAL_FORM_RE.source, 'giu');
const COMPANY_WORDS_RE = new RegExp(COMPANY_RE.source, 'giu');
/** A cued organisation that names someone: a known company, or a word beside its organisation words ("Contoso Services", not "Healthcare"). */
const namesSomeone = (t: string) => KNOWN_COMPANY_RE.test(t) || /\p{L}/u.test(t.replace(COMPANY_WORDS_RE, ' ').replace(LEGAL_FORMS_RE, ' ').replace(/\b(?:of|and|the|for|in|&)\b/giu, ' '));

export interface TitleEmployer {
  title: [number, number];
  company: [number, number];
}

/**
 * "Title in/with/for/at Company" ("Security Analyst in Contoso", a quoted title keeping its quotes out:
 * "\"Process Executive\" in Contoso BPO Limited") or "Company as Title" ("Contoso group as a Test Analyst"):
 * the title ends in a title word and names no organisation, the company carries a cue and a name beside it
 * ("in Healthcare" is a field). Undefined otherwise.
 */
export function titleAndEmployer(value: string): TitleEmployer | undefined {
  const split = TITLE_IN_COMPANY_RE.exec(value);
  const title = split?.[1].replace(/\s*["“”]+$/, '') ?? '';
  if (split && TITLE_AT_END_RE.test(title) && companyCue(split[2]) && namesSomeone(split[2]) && !companyCue(title)) {
    const at = value.lastIndexOf(split[2]);
    return { title: [0, title.length], company: [at, at + split[2].length] };
  }
  const as = COMPANY_AS_TITLE_RE.exec(value);
  if (as && companyCue(as[1]) && namesSomeone(as[1]) && TITLE_AT_END_RE.test(as[2]) && !TITLE_RE.test(as[1])) {
    const at = value.lastIndexOf(as[2]);
    return { title: [at, at + as[2].length], company: [0, as[1].length] };
  }
  return undefined;
}

/** "Title in Field": a title ending in a title word, then an organisation word alone ("Visiting Instructor in Finance"): one title. */
export function titleWithField(value: string): boolean {
  const split = TITLE_IN_COMPANY_RE.exec(value);
  return !!split && TITLE_AT_END_RE.test(split[1]) && !companyCue(split[1]) && companyCue(split[2]) && !namesSomeone(split[2]);
}

/**
 * In Indeed's company slot, the employer after "in/with/for/at" when what comes before names no one and the
 * employer is a known company or carries a legal form ("Linux Administration in Contoso Ltd." → "Contoso Ltd"):
 * the candidate typed a phrase where the slot asks for a name. Offsets of the employer, trailing dot left out.
 */
export function employerInSlot(value: string): [number, number] | undefined {
  const split = TITLE_IN_COMPANY_RE.exec(value);
  if (!split || companyCue(split[1]) || !(KNOWN_COMPANY_RE.test(split[2]) || LEGAL_FORM_RE.test(split[2]))) return undefined;
  const name = split[2].replace(/[\s.,;]+$/, '');
  const at = value.lastIndexOf(split[2]);
  return /^\p{Lu}/u.test(name) ? [at, at + name.length] : undefined;
}

/**
 * A client glued to its employer by a dash ("Northwind- Contoso BPO Ltd", "Contoso Corporation - Contoso India
 * Support Center"): of the parts a dash with a space beside it separates, the one with a legal form, when only
 * one has it, and the other parts. Undefined when the value has no such dash or no single part with a legal form.
 */
export function legalPart(value: string): { part: [number, number]; others: Array<[number, number]> } | undefined {
  const cuts = [...value.matchAll(/\s*[-–]\s+|\s+[-–]\s*/gu)];
  if (cuts.length === 0) return undefined;
  const parts: Array<[number, number]> = [];
  let from = 0;
  for (const c of cuts) {
    parts.push([from, c.index]);
    from = c.index + c[0].length;
  }
  parts.push([from, value.length]);
  const legal = parts.filter(([s, e]) => {
    const p = value.slice(s, e);
    return LEGAL_FORM_RE.test(p) && p.replace(LEGAL_FORMS_RE, '').replace(/[\s.,&()-]+/g, '') !== '';
  });
  return legal.length === 1 ? { part: legal[0], others: parts.filter((p) => p !== legal[0]) } : undefined;
}

/** Where a title ends before a bracketed employer ("Technical Lead (Contoso Ltd)", "Engineer (Client of Contoso Ltd)"); the value's length otherwise. */
export function titleBeforeEmployerBracket(value: string): number {
  return employerBracket(value)?.titleEnd ?? value.length;
}

/** The employer in brackets after a title ("Technical Lead (Contoso Ltd)"): where the title ends, and the bracket's content. */
export function employerBracket(value: string): { titleEnd: number; employer: [number, number] } | undefined {
  const m = /^(.*?\S)(\s*\()([^()]+)\)\s*$/u.exec(value);
  // A known company's name or a legal form: an organisation word alone is as often the field ("(Software Delivery)").
  const employer = m && (KNOWN_COMPANY_RE.test(m[3]) || LEGAL_FORM_RE.test(m[3]));
  if (!m || !employer || !TITLE_AT_END_RE.test(m[1]) || KNOWN_COMPANY_RE.test(m[1]) || LEGAL_FORM_RE.test(m[1])) return undefined;
  const at = m[1].length + m[2].length;
  return { titleEnd: m[1].length, employer: [at, at + m[3].trimEnd().length] };
}

/** "Client Contoso Systems", "Client: Contoso" in the company slot: the length of the label before the client's name, or 0. */
export function clientLabel(value: string): number {
  // Not case-blind: the name after the label must start with a capital or a digit.
  return /^(?:client|Client|CLIENT)\s*[:\-–]?\s+(?=[\p{Lu}\d])/u.exec(value)?.[0].length ?? 0;
}

/** A date's lead word left at the end of a name when the date was cut out ("Contoso Technology From [March 2018]"): where the name ends. */
export function beforeDateWord(value: string): number {
  return /\s+(?:from|since|till|until|during|between)$/iu.exec(value)?.index ?? value.length;
}

/**
 * A value that reads as a sentence, not an organisation's name: a word then a verb of being ("Company is a diversified
 * manufacturer") or an article, unless a cued name that ends capitalised follows it after a word that is no verb form
 * ("Established the Contoso Networks", "Complete the verification process"; not "Contoso an Infosys Company"), a
 * participle before its preposition ("Featured in Contoso Weekly", "Commissioned by Contoso Cards Inc."), or
 * lower-case words with no legal form or known company ("medical and photonics industries", "vegan solutions").
 */
export function sentenceNotName(t: string): boolean {
  if (/^\p{L}+\s+(?:is|are|was|were)\s/u.test(t) || /^\p{L}+ed\s+(?:by|in|into|at|with|on)\s/u.test(t)) return true;
  // After an article, a subsidiary's phrase names someone ("Contoso an Infosys Company"): a cued name that ends capitalised.
  const article = /^(\p{L}+)\s+(?:the|a|an)\s+(.*)$/u.exec(t);
  if (article && (/(?:ed|ing)$/u.test(article[1]) || !companyCue(article[2]) || /\s\p{Ll}+$/u.test(t))) return true;
  return /^\p{Ll}\S*\s+\S/u.test(t) && !LEGAL_FORM_RE.test(t) && !KNOWN_COMPANY_RE.test(t);
}

/** A city glued to a company's name after a space or in brackets ("Contoso Bangalore", "Fabrikam Ltd New Delhi", "Contoso Technology (Pune)"): where the name ends, and the city. */
export function gluedCity(c: Span & { text: string }): { nameEnd: number; city: Span & { text: string } } | undefined {
  const bracketed = /^(.*?)\s*\((\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?)\)$/u.exec(c.text);
  if (bracketed && CITY_EXACT_RE.test(bracketed[2]) && /\p{L}/u.test(bracketed[1].replace(LEGAL_FORMS_RE, ''))) {
    const start = c.start + c.text.lastIndexOf('(') + 1;
    return { nameEnd: c.start + bracketed[1].length, city: { start, end: start + bracketed[2].length, text: bracketed[2] } };
  }
  for (const m of [/^(.*?)\s+(\p{Lu}\p{L}+\s+\p{Lu}\p{L}+)$/u.exec(c.text), /^(.*?)\s+(\p{Lu}\p{L}+)$/u.exec(c.text)]) {
    if (!m || !CITY_EXACT_RE.test(m[2])) continue;
    // The rest must still name someone: not "Bank of" ("Bank of Baroda"), nor a legal form alone.
    if (/(?:^|\s)(?:of|and|the|for|in|at|de|&|-)$/i.test(m[1].replace(/,$/, '')) || !m[1].replace(LEGAL_FORMS_RE, '').replace(/[\s.,&()-]+/g, '')) return undefined;
    const start = c.start + m[1].length + c.text.slice(m[1].length).search(/\S/);
    return { nameEnd: c.start + m[1].replace(/[\s,;|–—-]+$/, '').length, city: { start, end: c.end, text: m[2] } };
  }
  return undefined;
}
