/**
 * Words this text uses as skills: items of a list below the header lines whose other items are skills ("Docker,
 * Kubernetes, Kuka, Lumion"), and a word joined by "and" or a comma to a skill after "with" or "using" ("Built
 * CI/CD with Python and Kuka").
 * Purpose: a name part that this text also writes as a skill is masked only where it stands as a name (inside the
 * full name, after an honorific, in a name field), like a skill of the taxonomy ("Jenkins"), so that a candidate or
 * referee named Kuka does not take the skill Kuka out of the scored text (names.ts).
 * Non-goals: recognising skills for scoring (the taxonomy matcher does); words no skill stands beside.
 * Shape legend: folded (lower-case, accent-free) single words.
 */
import { foldText } from './fold';
import { isSkillName } from './name-sources';

const HEADER_LINES = 3;
// A label before a list on its line ("Skills:", "Tools —").
const LABEL_RE = /^[^,;|•·:]{0,40}?(?::|\s[–—-])\s+/u;
const ITEM_SPLIT_RE = /\s*(?:[,;|•·]|\s\/\s)\s*/u;
const WORD_ITEM_RE = /^\p{Lu}[\p{L}\p{M}'’-]*$/u;
const ITEM = String.raw`\p{Lu}[\p{L}\p{M}+#.'’-]*`;
// "with Python and Kuka", "using Kafka, Flink and Beam": items joined to a skill after a tool preposition.
const TOOL_PHRASE_RE = new RegExp(String.raw`\b(?:with|using|via|in)[ \t]+(${ITEM}(?:[ \t]*,[ \t]*${ITEM})*[ \t]+(?:and|&)[ \t]+${ITEM})`, 'gu');

/** Folded one-word items of the skill lists and tool phrases of `text` (see the header). */
export function skillListWords(text: string): Set<string> {
  const out = new Set<string>();
  const addFrom = (items: string[], minSkills: number) => {
    const skills = items.filter((i) => isSkillName(i)).length;
    if (skills < minSkills) return;
    for (const i of items) if (WORD_ITEM_RE.test(i)) out.add(foldText(i));
  };
  // The first lines hold the header, where "Doe, Jane | Python | AWS" names the person beside a headline.
  for (const raw of text.split('\n').slice(HEADER_LINES)) {
    const items = raw.trim().replace(LABEL_RE, '').split(ITEM_SPLIT_RE).map((x) => x.trim()).filter(Boolean);
    // A list: three or more short items, at least half of them (and two or more) skills of the taxonomy.
    if (items.length < 3 || items.some((i) => i.split(/\s+/).length > 4)) continue;
    addFrom(items, Math.max(2, Math.ceil(items.length / 2)));
  }
  // A sentence's full stop is not part of its last item ("with Python and Kuka.").
  for (const m of text.matchAll(TOOL_PHRASE_RE)) addFrom(m[1].split(/[ \t]*(?:,|\band\b|&)[ \t]*/u).map((i) => i.replace(/\.+$/, '')).filter(Boolean), 1);
  return out;
}
