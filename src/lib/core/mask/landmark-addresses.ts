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
 * - a Belarusian / Russian avenue or lane abbreviation with a number ("pr. Nezavisimosti 36-115", "per. X 4");
 * - Timorese hamlet and village units ("Aldeia X, Suco Y, Posto Z, Díli");
 * - directions as comma-separated pieces that end in a town: a landmark phrase ("next to the market", "off the
 *   main road", "Derrière la poste", "Perto do mercado", "2e rue à gauche"), a house or fence by its colour
 *   ("blue house"), or a street named with no number ("Impasse X", "Rue de Y") as one of the pieces.
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
  new RegExp(String.raw`(?<![\p{L}])(?:pr\.|prosp\.|pr-t|per\.|vul\.|bul\.|sh\.|pr-kt)[ \t]*${CAP}(?:[ \t]+${CAP})?[ \t]+\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4})?\b`, 'gu'),
  // "Aldeia Becora, Suco Culu Hun": Timorese hamlet (aldeia) and village (suco) before the town.
  new RegExp(String.raw`(?<![\p{L}])(?:Aldeia|Suco)[ \t]+${CAP}(?=[^\n|]{0,80},)`, 'gu')
];

// A piece of directions: from a landmark (English, French, Portuguese, Spanish), a turn, a coloured house or fence.
const DIRECTION_PIECE_RE = new RegExp(
  [
    String.raw`^(?:derrière|devant|face[ \t]+à|en[ \t]+face[ \t]+d|à[ \t]+côté[ \t]+d|près[ \t]+d|non[ \t]+loin[ \t]+d)\S*[ \t]*\S`,
    String.raw`^(?:perto|atrás|ao[ \t]+lado|em[ \t]+frente|junto|detrás|frente|cerca|al[ \t]+lado|enfrente)[ \t]+(?:d[oae]l?s?|a[lo]?|à)[ \t]+\S`,
    String.raw`(?:^|[ \t])(?:à|a)[ \t]+(?:gauche|droite|esquerda|direita)$|[ \t]a[ \t]+la[ \t]+(?:izquierda|derecha)$|on[ \t]+the[ \t]+(?:left|right)$`,
    String.raw`^(?:yellow|blue|green|red|white|black|pink|orange|grey|gray|brown|purple)[ \t]+(?:house|fence|gate|building|door|roof|wall|shop|store)$`
  ].join('|'),
  'iu'
);
// In English the landmark follows as "the …" or a name ("next to Shoprite", "off the main road"), never "Above and beyond".
const DIRECTION_EN_RE = /^(?:(?:[Jj]ust|[Rr]ight)[ \t]+)?(?:[Nn]ext[ \t]+to|[Nn]ear(?:[ \t]+to)?|[Bb]ehind|[Oo]pposite|[Bb]eside|[Oo]ff|[Aa]bove|[Bb]elow|[Aa]cross[ \t]+from|[Ii]n[ \t]+front[ \t]+of|[Cc]lose[ \t]+to|[Aa]djacent[ \t]+to)[ \t]+(?:the[ \t]+\p{L}|\p{Lu}|\d)/u;
// A street named with no number: "Impasse Lavaud", "Rue de la Gare", "Route de Frères" (the name capitalised).
const UNNUMBERED_STREET_RE = /^(?:Impasse|Ruelle|Rue|Rua|Travessa|Calle|Callejón|Chemin|Allée|(?:Route|Avenue|Boulevard)[ \t]+(?:de|du|des|nationale))[ \t]+(?:(?:de|du|des|la|l['’]|do|da|dos)[ \t]*)*\p{Lu}/u;
// The last piece, the town: one to three capitalised words ("Vieux Fort", "Cap-Haïtien", "St. George's").
const TOWN_PIECE_RE = /^\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,2}$/u;

/**
 * Addresses given as directions: a line piece of two to six comma-separated pieces, each of at most six words, one
 * of them a direction (DIRECTION_PIECE_RE, DIRECTION_EN_RE) or a street with no number, and the last a town. Prose that mentions a landmark has no such shape.
 */
function directionAddresses(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of text.matchAll(/[^\n|•·\t]+/g)) {
    const line = m[0];
    if (line.length > 120 || !line.includes(',')) continue;
    const pieces = line.split(',').map((p) => p.trim());
    if (pieces.length < 2 || pieces.length > 6 || pieces.some((p) => !p || p.split(/[ \t]+/).length > 6)) continue;
    if (!TOWN_PIECE_RE.test(pieces[pieces.length - 1].replace(/\.$/, '')) || !pieces.slice(0, -1).some((p) => DIRECTION_PIECE_RE.test(p) || DIRECTION_EN_RE.test(p) || UNNUMBERED_STREET_RE.test(p))) continue;
    const start = m.index + line.search(/\S/);
    const end = m.index + line.replace(/[\s.;]+$/, '').length;
    out.push({ kind: 'address', start, end, entity: text.slice(start, end).toLowerCase() });
  }
  return out;
}

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
  return [...out, ...directionAddresses(text)];
}
