/**
 * Address grammars with no house number on a street: directions from a landmark, street corners, "no number"
 * streets, villages, and Slavic avenue abbreviations.
 * Purpose: addresses.ts grows an address from a street, a postcode or a label; these forms have none of them:
 * - directions from a landmark, counted in blocks (Nicaragua, Costa Rica: "De la Rotonda X 2 c. al sur, ½ c.
 *   abajo, casa #10, León", "del antiguo cine 1 c. al lago");
 * - a corner of two streets (DR Congo, francophone Africa: "Croisement Av. X et Av. Y, Kinshasa", "Coin de
 *   l'avenue X et …", "corner of X Road and Y Street");
 * - a street with no number (Curaçao, Aruba "z/n" = zonder nummer; Spanish "s/n" = sin número);
 * - a village and a town (Samoa, the Pacific: "Vaiala village, Apia");
 * - a Belarusian / Russian avenue or lane abbreviation with a number ("pr. Nezavisimosti 36-115", "per. X 4").
 * The whole separator-bounded piece of the line that holds such an anchor is the address (line, "|", "•", tab).
 * Non-goals: employer locations; addresses that addresses.ts already finds.
 */
import type { DetectedSpan } from './types';

const CAP = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const ANCHORS: RegExp[] = [
  // "2 c. al sur", "½ c. abajo", "3 cuadras al lago", "100 vrs. al norte": blocks or yards towards a direction.
  /(?<![\p{L}\p{N}])(?:\d{1,3}|½|¼|media)[ \t]*(?:c\.|cuadras?|cdras?\.|vrs\.|varas|mts\.|metros)[ \t]+(?:(?:al|hacia(?:[ \t]+el)?)[ \t]+(?:norte|sur|este|oeste|lago|oriente|poniente|abajo|arriba)|abajo|arriba)\b/giu,
  // A corner of two streets.
  new RegExp(String.raw`(?<![\p{L}])(?:Croisement|Carrefour|Coin|Angle|Intersection)[ \t]+(?:de[ \t]+l['’][ \t]*|des[ \t]+|du[ \t]+|de[ \t]+la[ \t]+)?(?:Av\.|Avenue|avenue|Bd|Boulevard|boulevard|Rue|rue|Route|route)[ \t]+${CAP}`, 'gu'),
  new RegExp(String.raw`(?<![\p{L}])(?:Av\.|Avenue|Rue|Bd\.?|Boulevard)[ \t]+${CAP}(?:[ \t]+${CAP})?[ \t]+(?:et|&)[ \t]+(?:Av\.|Avenue|Rue|Bd\.?|Boulevard)[ \t]+${CAP}`, 'gu'),
  new RegExp(String.raw`\b[Cc]orner[ \t]+of[ \t]+${CAP}(?:[ \t]+${CAP})?[ \t]+(?:Road|Rd|Street|St|Avenue|Ave|Drive)\b[ \t]+(?:and|&)[ \t]+${CAP}`, 'gu'),
  // "Santa Rosaweg z/n", "Calle Mayor s/n": a capitalised street and "no number".
  new RegExp(String.raw`${CAP}(?:[ \t]+${CAP}){0,4}[ \t]+[sz]\/n(?=[ \t]*(?:[,|\n]|$))`, 'gu'),
  // "Vaiala village, Apia"
  new RegExp(String.raw`(?<![\p{L}])${CAP}[ \t]+village,[ \t]*${CAP}`, 'gu'),
  // "pr. Nezavisimosti 36-115", "prosp. Mira 12", "per. Lesnoy 4", "vul. Shevchenka 7"
  new RegExp(String.raw`(?<![\p{L}])(?:pr\.|prosp\.|pr-t|per\.|vul\.|bul\.|sh\.|pr-kt)[ \t]*${CAP}(?:[ \t]+${CAP})?[ \t]+\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4})?\b`, 'gu')
];

/** The piece of the line around [from, to) bounded by the line ends, "|", "•", "·" or a tab. */
export function pieceAround(text: string, from: number, to: number): [number, number] {
  let start = from;
  while (start > 0 && !/[\n|•·\t]/.test(text[start - 1])) start--;
  let end = to;
  while (end < text.length && !/[\n|•·\t]/.test(text[end])) end++;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /[\s,;.]/.test(text[end - 1])) end--;
  return [start, end];
}

/** Addresses of the grammars above, each as its whole line piece. */
export function landmarkAddresses(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const re of ANCHORS) {
    for (const m of text.matchAll(re)) {
      const [start, end] = pieceAround(text, m.index, m.index + m[0].length);
      // A long piece is prose that mentions a corner or a village, not an address line.
      if (end - start > 120) continue;
      out.push({ kind: 'address', start, end, entity: text.slice(start, end).toLowerCase() });
    }
  }
  return out;
}
