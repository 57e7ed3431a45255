/**
 * Address grammars of a street or neighbourhood with no house number, placed by a nearby landmark.
 * Purpose: held-out addresses of Yemen, the Comoros, Palau, São Tomé and other places kept these forms, which
 * addresses.ts (a number, a postcode or a label) and landmark-addresses.ts (blocks, corners, "s/n") do not read:
 * - a named street, then a direction from a landmark as its own comma piece, then the town ("Hadda Street,
 *   behind the old post office, Sana'a"; "Rue du Port, face à la mairie, Moroni"; "Rua X, em frente ao mercado");
 * - a named neighbourhood then the town ("Bairro Alto Verde, Neves", "Barrio San Luis, Colón", "Quartier
 *   Mangrove, Moroni").
 * The whole separator-bounded piece of the line is the address (landmark-addresses.ts `pieceAround`).
 * Non-goals: a village and a town with no street, neighbourhood or label word ("Loubiere, Roseau" reads like a
 * location, which blind mode may show); prose that gives directions ("sat opposite the team").
 */
import { pieceAround } from './landmark-addresses';
import type { DetectedSpan } from './types';

const CAP = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const LOW = String.raw`(?:de|da|do|das|dos|del|de[ \t]+la|des|du|la|le|al|el|ar|as|ash|az|bin)`;
// A named street: a street word before or after capitalised words ("Al-Zubairi Street", "Rue de la Corniche").
const STREET_BEFORE = String.raw`(?:Rue|Route|Avenue|Av\.|Boulevard|Bd|Calle|Avenida|Rua|Travessa|Chemin|Allée|Impasse|Via|Jalan|Jln\.?|Shari|Sharia)`;
const STREET_AFTER = String.raw`(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Way|Drive|Highway|Boulevard)`;
const NAMES = String.raw`${CAP}(?:[ \t]+(?:${CAP}|${LOW}(?=[ \t])))*`;
const STREET = String.raw`(?:${STREET_BEFORE}[ \t]+(?:${LOW}[ \t]+)?${NAMES}|${NAMES}[ \t]+${STREET_AFTER})`;
// A direction from a landmark, the landmark a few lower-case words or a capitalised one.
const DIRECTION = String.raw`(?:behind|opposite|across[ \t]+from|next[ \t]+to|beside|near|adjacent[ \t]+to|in[ \t]+front[ \t]+of|off|face[ \t]+(?:à|au|aux)|en[ \t]+face[ \t]+d[eu']|derrière|à[ \t]+côté[ \t]+d[eu']|près[ \t]+d[eu']|frente[ \t]+a[ol]?|em[ \t]+frente[ \t]+a[o]?|atrás[ \t]+d[aoe]|junto[ \t]+a[lo]?|cerca[ \t]+de)`;
const STREET_DIRECTION_RE = new RegExp(String.raw`(?<![\p{L}\p{N}])${STREET},[ \t]*${DIRECTION}(?=[ \t])[^,\n|]{2,50},[ \t]*${CAP}`, 'gu');
// A named neighbourhood and the town after it.
const QUARTER_RE = new RegExp(String.raw`(?<![\p{L}])(?:Bairro|Barrio|Quartier|Colonia|Urbanización|Urbanizacion|Urb\.|Kampung|Mahalla)[ \t]+${NAMES},[ \t]*${CAP}`, 'gu');

/** Addresses of the grammars above, each as its whole line piece. */
export function directionAddresses(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const re of [STREET_DIRECTION_RE, QUARTER_RE]) {
    for (const m of text.matchAll(re)) {
      const [start, end] = pieceAround(text, m.index, m.index + m[0].length);
      if (end - start > 140) continue;
      out.push({ kind: 'address', start, end, entity: text.slice(start, end).toLowerCase() });
    }
  }
  return out;
}
