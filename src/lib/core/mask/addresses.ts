/**
 * Postal addresses in resume text, international: street lines in the word orders of many countries
 * ("221B Baker Street", "12 rue de la Paix", "Hauptstraße 12", "Calle de Alcalá 45", "Via Roma 10",
 * "ul. Długa 5", "Flat No. 302", "P.O. Box 12345", "3-2-1 Nishi-Shinjuku"), postcodes with their city
 * (DE/FR/ES/IT "10115 Berlin", NL "1015 CJ", UK, CA "M5V 2T6", US "TX 78701", AU "NSW 2000", BR "01310-100",
 * JP "〒160-0023", IN PIN, PL "00-950", Eircode), "Address:"-style fields, and home-location lines of the
 * contact block ("Pune, Maharashtra", "Berlin, Germany").
 * Purpose: the `address` spans of maskText; one anchor (a street, a postcode, a label) grows into the run of
 * address-like words around it and onto the adjoining address lines. Layout evidence that needs no street word
 * (the address pieces beside the phone and email, the lines under an address label) is in contact-block.ts.
 * Non-goals: validating addresses; employer locations in experience lines ("Acme, Pune") are not masked.
 * Shape legend: DetectedSpan offsets are half-open into the text; entity is the normalised address text.
 */
import nonNameWords from '../../../../models/non-name-words.json';
import { contactBlockAddresses } from './contact-block';
import { detectEmails, detectPhones } from './detectors';
import { COUNTRIES, COUNTY_RE, REGION_CODES, REGIONS } from './places';
import type { DetectedSpan } from './types';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);

// Street types written after the street name (English, Indian) and before it (Romance, Slavic, German "Am …").
// "Court", "Circle", "Highway" are left out: "argued 12 High Court appeals", "led 3 Quality Circle projects".
// "Close", "Trail", "Approach", "Walk", "Place" are left out too: "Year End Close", "Audit Trail", "First Place".
const TYPE_AFTER = 'Street|St|Square|Sq|Quay|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Ct|Way|Pl|Terrace|Parkway|Pkwy|Crescent|Cres|Parade|Row|Grove|Gardens|Mews|Nagar|Marg|Colony|Layout|Salai|Chowk|Gali|Enclave|Vihar|Residency|Apartments';
// French street types are lower-case and come first: they need "de"/"du"/"l'" or a capital after them.
const TYPE_BEFORE_FR = "rue|avenue|av\\.|bd|boul\\.|boulevard|allée|allee|chemin|impasse|quai|place|cours|route|faubourg|chaussée|square|passage|voie";
// Spanish/Catalan (Rambla, Glorieta, Travesía, Avinguda, Passeig, Plaça), Portuguese (Estrada, Calçada), Italian
// (Strada, Lungarno), Mexican (Privada, Cerrada) and Belgian (Chaussée) street types too.
const TYPE_BEFORE =
  'Calle|C/|Avda\\.?|Avenida|Av\\.|Paseo|Gran Vía|Vía|Pso\\.|Plaza|Pza\\.|Carrer|Camino|Ronda|Rambla|Glorieta|Travesía|Avinguda|Passeig|Plaça|Via|Viale|Corso|Piazza|Piazzale|Largo|Vicolo|Strada|Lungarno|Rua|Travessa|Alameda|Praça|Rodovia|Estrada|Calçada|ul\\.|al\\.|pl\\.|os\\.|Am|An der|Auf der|Blvd\\.|Calzada|Carretera|Privada|Cerrada|Jalan|Jl\\.|Soi|Rue|Avenue|Boulevard|Chemin|Chaussée|Quai|Allée|Place|Ctra\\.|R\\.|Bóthar|Sráid|Ascaill';
// German, Dutch, Swiss and Nordic compound street names: "Hauptstraße 12", "Keizersgracht 123".
const COMPOUND_SUFFIX = 'straße|strasse|str\\.|weg|allee|platz|gasse|damm|ufer|chaussee|steig|gracht|straat|laan|plein|kade|singel|dijk|dreef|steenweg|quai|gatan|vägen|gränd|torget|backen|gade|vej|veien|markt|kai|lände|gürtel|zeile';
// The same types written as a word of their own after an adjective ("Hohe Straße 12", "Kärntner Ring 5").
const TYPE_WORD_DE = 'Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Gürtel|Kai|Lände|Markt|Chaussee|Steenweg|Vägen|Gatan';
const PARTICLE_WORD = String.raw`(?:de|del|della|dei|di|da|das|dos|do|du|des|la|le|los|las|y)`;
// A house number; a year ("January 1996 S.S.C. St. Teresa's") is not one.
const NUMBER = String.raw`(?!(?:19|20)\d\d\b)\d{1,5}(?:[ \t]?[a-zA-Z](?![\p{L}]))?(?:[-/]\d{1,5}[a-zA-Z]?)?`;
const NAME_WORD = String.raw`(?:\d{1,3}(?:st|nd|rd|th)|\p{Lu}[\p{L}\p{M}'’.-]*)`;

// Street types that are also everyday words ("Close", "Rise", "Walk", "Highway"): a street only after a house number
// and at the end of the address piece ("23 Rowan Close," / line end), never inside prose ("argued 12 High Court appeals").
const TYPE_AFTER_STRICT = 'Close|Rise|Walk|Approach|Highway|Hwy|Court|Circle|Place|Trail|View|Wynd|Lawn|Green|Park|Hill|Heights|Row';
// Turkish street words before "No:" ("Atatürk Cad. No: 12", "18. Sokak No: 4"), Korean road and district names
// ("Teheran-ro 48", "Jong-ro23-gil", "Gangnam-gu"), Vietnamese and Philippine units ("Số 16", "Phường 5", "Brgy. Tisa").
const TR_STREET = String.raw`(?:Cad|Cd|Sok|Sk|Blv|Bulv)\.|Caddesi|Sokak|Sokağı|Bulvarı`;
const STREET_RES: RegExp[] = [
  new RegExp(String.raw`(?<![\p{L}\d])${NUMBER},?[ \t]+(?:${NAME_WORD}[ \t]+){1,3}(?:${TYPE_AFTER_STRICT})(?=[ \t]*(?:[,\n]|$))`, 'gu'),
  // "Zhongshan Road 280-9": an English street type with the number after it (Chinese and Greek romanisations).
  new RegExp(String.raw`(?<![\p{L}])(?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]+){1,3}(?:Road|Avenue|Street|Rd|Ave|St)[ \t]+(?!(?:19|20)\d\d\b)\d{1,5}(?:-\d{1,4})?(?=[ \t]*(?:[,\n]|$))`, 'gu'),
  new RegExp(String.raw`(?:${TR_STREET})[ \t]*(?:No|Nr)[:.]?[ \t]*\d{1,4}|\b(?:Mah\.|Mahallesi)(?=[ \t]+\p{Lu}|,)`, 'gu'),
  /\b\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*-(?:gu|dong|si|eup|myeon|ro|daero|gil)\b|\b\p{Lu}\p{L}{3,}-do\b|\b\p{L}+-(?:ro|daero)[ \t]+\d{1,4}\b|\b\d{1,4}-dong[ \t]+\d{1,5}-ho\b/gu,
  /(?<![\p{L}])(?:Số|Phường|Quận|Ngõ|Ngách|Hẻm|Ward|District)[ \t]+\d{1,3}(?=,)|(?<![\p{L}])(?:Brgy\.?|Barangay|Purok|Sitio|Komplek|Kompleks|Perumahan|Urb\.|Urbanización)[ \t]+(?:\p{Lu}|\d)/gu,
  /\b(?:Sector|Pocket|Phase)[ \t]+\d{1,3}[A-Z]?(?=,)/g,
  // A named building or house before the street (FR "Résidence", ES/VE "Edificio", "Quinta Los Pinos", "Qta. María").
  /(?<![\p{L}])(?:Résidence|Bât\.|Bâtiment|Immeuble|Lotissement|Edif\.|Edificio|Quinta|Qta\.|Residencias|Conjunto[ \t]+Residencial)[ \t]+\p{Lu}/gu,
  // A corner of two streets (Latin America: "Calle El Conde esq. Calle Duarte"); a Bulgarian housing estate ("zh.k.").
  /(?<![\p{L}])(?:esq\.|esquina)[ \t]+(?:Calle|Av\.|Avenida|Carrera|Avda\.)[ \t]+\p{Lu}|(?<![\p{L}])(?:zh\.[ \t]?k\.|ж\.[ \t]?к\.)[ \t]*\p{Lu}/gu,
  // "221B Baker Street", "1600 Pennsylvania Ave NW", "45 MG Road"
  new RegExp(String.raw`(?<![\p{L}\d])${NUMBER},?[ \t]+(?:${NAME_WORD}[ \t]+){1,4}(?:${TYPE_AFTER}|${TYPE_AFTER.toUpperCase()})\b\.?`, 'gu'),
  // "5th Main", "12th Cross", "2nd Stage" (Indian layouts)
  /\b\d{1,2}(?:st|nd|rd|th)\s+(?:Main|Cross|Block|Stage|Phase|Sector|Floor)\b/g,
  // "12 rue de la Paix", "80 bis avenue Victor Hugo", "4500 rue Sherbrooke Ouest"
  new RegExp(String.raw`(?<![\p{L}\d])${NUMBER}(?:[ \t]+(?:bis|ter))?,?[ \t]+(?:${TYPE_BEFORE_FR})[ \t]+(?:d[eu]s?[ \t]|d'|l'|\p{Lu})`, 'gu'),
  // "Calle de Alcalá 45", "Via Roma 10", "Rua Augusta, 1500", "ul. Długa 5", "Avda. Diagonal nº 12"
  // The name may hold a date ("Avenida 25 de Abril") or an elided article ("Chaussée d'Ixelles"); "s/n" is "no number".
  new RegExp(
    String.raw`(?<![\p{L}])(?:${TYPE_BEFORE})[ \t]+(?:(?:(?:d['’])?\p{Lu}[\p{L}\p{M}'’.-]*|${PARTICLE_WORD}|[IVX]+|\d{1,2})[ \t]+){0,4}?(?:d['’])?\p{Lu}[\p{L}\p{M}'’.-]*,?[ \t]+(?:n\.?[º°o]?\.?[ \t]*|#[ \t]*)?(?:\d{1,5}(?!\d)|s\/n\b)`,
    'gu'
  ),
  // Street types written after the name in the Baltic states, Hungary and Slavic countries, then the number:
  // LT "Gedimino pr. 9-16", "Pilies g. 4", LV "Brīvības iela 12", EE "Pärnu mnt. 5", HU "Andrássy út 12".
  /(?<![\p{L}])\p{Lu}[\p{L}\p{M}-]*[ \t]+(?:(?:pr|g|al|pl|pst|prosp|mnt|tn|krt|bul|ul)\.|iela|gatvė|prospektas|prospekt|utca|út|tér|körút|bulvar|bulevardi?)[ \t]+(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?(?:-\d{1,4})?(?![\p{L}\d])/gu,
  // Numbered streets: "Calle 60 #768", "Carrera 7 No. 45".
  /(?<![\p{L}])(?:Calle|Carrera|Avenida|Rua|Via|Strada)[ \t]+\d{1,3}[ \t]+(?:#|No\.?|n[º°])[ \t]*\d{1,5}/gu,
  // "Hauptstraße 12", "Keizersgracht 123", "Bahnhofstr. 4a" (a year after it is a date: "Arbeitsmarkt 2019")
  new RegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{L}\p{M}-]*(?:${COMPOUND_SUFFIX}|-(?:${TYPE_WORD_DE}))[ \t]+(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?(?![\p{L}\d])`, 'gu'),
  // "Hohe Straße 12", "Kärntner Ring 5"
  new RegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{L}\p{M}-]*[ \t]+(?:${TYPE_WORD_DE})[ \t]+(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?(?![\p{L}\d])`, 'gu'),
  // "Flat No. 302", "H.No. 12-3-45", "Plot 7", "Apartment 1204", "Villa 23", "P.O. Box 12345", "P.O. Box W582" (a lettered box), "Blk 123", MX "Mz. 4"
  /\b(?:Flat|Apartment|Apt|Villa|H\.?\s?No|House\s?No|Door\s?No|Plot|Blk|Blok|Portal|Quarter\s?No|Appt|Apto|Postfach|Apartado|Casilla|Mz|Manzana|Lote)\.?\s*(?:No\.?\s*)?[#:]?\s*[A-Z]?\d[\w/-]*(?![\w%])|\bP\.?\s?O\.?\s?Box\s*[A-Z]{0,2}-?\d+/g,
  // "Unit 5/22 …", "Suite 300, …", "Block 4, …": only when the address goes on after the number.
  /\b(?:Unit|Suite|Block|Room|Bldg|Building|Level|Quarter|Tower)\s*(?:No\.?\s*)?(?!(?:19|20)\d\d\b)\d{1,5}[A-Z]?(?=\s*[,/]\s*[^\s,]{0,30}\d)/g,
  // "#12, 5th Cross", "#05-67" (Indian and Singaporean unit numbers)
  /(?<![\w#])#\s?\d{1,4}[-/]\d{1,4}(?=,)|(?<![\w#])#\d{2,4},(?=\s*\d)/g,
  // Japanese wards and chōme-ban-gō: "Shinjuku-ku", "3-2-1 Nishi-Shinjuku", "2-chome"
  /\b\p{Lu}[\p{L}]+-(?:ku|shi|gun|machi)\b|\b\d{1,2}-chome\b/gu
];

// What may follow a postcode or region code: the end of the address, not more words ("SA 6500 SSL VPN").
const ADDRESS_END = String.raw`(?=[ \t]*(?:[,;|•·)\n\r]|$|\s{2}|-\d{3,4}\b|[ \t]+(?:USA|U\.S\.A\.|United States|Australia|Canada|India|Germany|France|Spain|Italy)\b))`;

const STRONG_POSTCODE_RES: RegExp[] = [
  /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g, // UK
  /\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b/g, // Canada
  new RegExp(String.raw`\b(?:NSW|VIC|QLD|TAS|WA|SA|ACT|NT)\s+\d{4}\b${ADDRESS_END}`, 'g'), // Australia ("Juniper SA 6500 SSL" is not)
  /\b[A-Z][a-zA-Z.]{1,40}(?:\s[A-Z][a-zA-Z.]{1,40}){0,2},\s?(?:[A-Z]{2}|[A-Z][a-z]+)\s\d{5}(?:-\d{4})?\b/g, // US "City, ST 12345"
  new RegExp(String.raw`\b(?:${[...REGION_CODES.us.keys()].join('|')})\s\d{5}(?:-\d{4})?\b${ADDRESS_END}`, 'g'), // US "IL 62704"
  // "CH-8001 Zürich", "D-10115 Berlin", "LT-01103 Vilnius", "LV-1050 Rīga": a European country code before the postcode.
  /\b(?:CH|D|DE|F|FR|A|AT|B|BE|I|IT|E|ES|NL|L|LU|LT|LV|EE|FI|SE|S|DK|NO|PL|CZ|SK|SI|HR|HU|RO|BG|GR|CY|MT|PT|IE)-\d{4,5}(?=\s+\p{Lu})/gu,
  /(?:\bCEP:?\s*|\b[A-Z]{2},?\s+)\d{5}-\d{3}\b/g, // Brazil CEP after its label or state ("SP, 01310-100")
  // NL "2514 EA Den Haag", "3512AE Utrecht" (a year-shaped one is a weak postcode below; PostNL never uses SA, SD, SS).
  /(?<![\d.,-])(?!(?:19|20)\d\d)[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}[ \t]+\p{Lu}[\p{L}\p{M}-]+(?![\p{L}:+])/gu,
  /〒\s?\d{3}-\d{4}/g, // Japan
  /(?<![\p{L}\p{N}-])[A-Z]{2}-\d{3,4}-\d{4}(?![\p{N}-])/gu, // GhanaPost GPS digital address "GA-183-4567"
  /\b[AC-FHKNPRTV-Y]\d[\dW]\s(?=[AC-FHKNPRTV-Y\d]{0,3}\d)(?=[AC-FHKNPRTV-Y\d]{0,3}[A-Z])[AC-FHKNPRTV-Y\d]{4}\b/g, // Eircode "D02 X285"
  /\b(?:T\.\s?K\.|PSČ|P\.S\.Č\.)\s*\d{3}\s?\d{2}\b/gu, // GR "T.K. 106 82", CZ "PSČ 120 00"
  new RegExp(COUNTY_RE.source, 'g'), // Ireland "Co. Cork", "County Antrim"
  /\b(?:pin(?:\s?code)?|zip(?:\s?code)?|postal\s?code|post\s?code|c\.?\s?p\.?|cep|plz)\s*[:\-.]?\s*\d{3}[\s-]?\d{2,5}(?:-\d{3,4})?\b/gi,
  /\b\d{5}\s+\p{Lu}[\p{L}\p{M}-]+\s+Cedex\b/gu
];

// Postcodes that need an address nearby: bare numbers with a city after them.
const YEAR_SHAPED = /^(?:19|20)\d\d\b/;
const WEAK_POSTCODE_RES: RegExp[] = [
  /(?<![\d.,-])\d{5}\s+\p{Lu}[\p{L}\p{M}-]+(?![\p{L}:+])/gu, // DE/FR/ES/IT/MX "10115 Berlin"
  // Year-shaped ones ("1983 AJ Utrecht", "2000 Neuchâtel") count only beside a street line (YEAR_SHAPED below).
  /(?<![\d.,-])\d{4}\s?[A-Z]{2}\s+\p{Lu}[\p{L}\p{M}-]+(?![\p{L}:+])/gu, // NL "1015 CJ Amsterdam"
  /(?<![\d.,-])\d{4}\s+\p{Lu}[\p{L}\p{M}-]+(?![\p{L}:+])/gu, // CH/AT/BE/DK "8001 Zürich"
  /(?<![\d.,-])\d{2}-\d{3}\s+\p{Lu}[\p{L}\p{M}-]+|\p{Lu}[\p{L}\p{M}-]+\s+\d{2}-\d{3}(?![\d-])/gu, // PL "00-950 Warszawa"
  /(?<![\d.,-])\d{3}\s\d{2}\s+\p{Lu}[\p{L}\p{M}-]+(?![\p{L}:+])/gu, // SE "114 55 Stockholm"
  /(?<![\d.,-])\d{4}-\d{3}\s+\p{Lu}[\p{L}\p{M}-]+|\p{Lu}[\p{L}\p{M}-]+\s+\d{4}-\d{3}(?![\d-])/gu, // PT "1100-148 Lisboa"
  /(?<![\d-])\d{3}-\d{4}(?![\d-])/g, // JP "160-0023"
  /(?<![\d.,])(?:-\s?)?\d{3}\s?\d{3}(?![\d.,])/g, // IN PIN "560001", "- 500 034"
  /(?<![\d.,-])(?!(?:19|20)\d\d\b)\d{4,5}(?![\d.,-])/g, // AU/ZA/US bare postcode after a city
  /\b[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}\b/g // Ireland Eircode
];

// "IP address:", "Email address:" are not postal addresses.
const LABEL_RE = /(?<!\b(?:ip|mac|e-?mail|web|url|ipv[46]|server|wallet)\s)\b(?:(?:permanent|present|current|residential|home|postal|mailing|correspondence|communication|local)\s+)?(?:address|adresse|anschrift|dirección|direccion|indirizzo|adres|endereço|endereco|domicilio|residence|wohnort|location|based\s+in|lives?\s+in|city\s+of\s+residence|home(?=\s*:)|wohnadresse|wohnanschrift|hauptwohnsitz|wohnsitz|domicile|morada|adress|bostadsadress|postadress|residenza|residencia|adres\s+zamieszkania|endereço\s+residencial|wohnhaft|residência|bydliště|adresa|alamat|địa\s+chỉ|adresi|gps|digital\s+address|plus\s+code)\s*(?:for\s+communication\s*)?(?::|\s[-–]\s)\s*/gi;

// Lower-case words that may sit inside an address ("12 rue de la Paix", "Calle de Alcalá", "Sai Residency, near …").
const ADDRESS_LOWER = new Set(
  (
    'de la le les du des del della di da do dos das e y et und am an der den van von bis ter apto apt nº n° no no. nr nr. n. int. col. c/ s/n rue avenue av. bd boulevard allée chemin impasse quai place cours route ul. al. pl. os. m. via viale corso rua near opp. opp opposite behind beside off chome ku shi cedex floor fl. and of the at ' +
    // Floor, door and box words after the house number: ES "bajo, izq.", PT "r/c, esq.", SE "lgh", BE "bus"/"bte".
    'bajo izq izq. izda izda. dcha dcha. dcho puerta piso esc esc. escalera r/c esq esq. dto dto. andar lgh bus bte bte. boîte ' +
    // DE "4. OG links", "c/o", "Freiburg im Breisgau"; PL "lok. 3"; SE "2 tr"; BR "casa 2"; IT "scala B", "int. 4".
    'og links rechts c/o im lok lok. tr casa scala int app. appt s/n ' +
    // BR "sala 46", "conj. 12"; TR "Kat 3"; GR "1os orofos"; KR "10F".
    'sala conj. conj bl. ap. orofos republika na ' +
    // BG "vh. V, et. 11" (entrance, floor); ES "Santiago de los Caballeros".
    'vh. et. los las'
  ).split(' ')
);
const CONTACT_TOKEN_RE = /@|https?:|www\.|^\+?\(?\d[\d().\s-]{8,}$/;

const isPlaceWord = (w: string) => {
  const k = w.toLowerCase().replace(/^[(]+|[),.;]+$/g, '');
  return COUNTRIES.has(k) || REGIONS.has(k) || REGION_CODES.us.has(k.toUpperCase()) || REGION_CODES.ca.has(k.toUpperCase()) || REGION_CODES.au.has(k.toUpperCase());
};

/** Whether a whitespace-delimited token can belong to an address run. */
function addressToken(token: string): boolean {
  if (/^[|•·]$/.test(token) || CONTACT_TOKEN_RE.test(token)) return false;
  // A province code in brackets: IT "Torino (TO)", ES "(M)".
  if (/^\(\p{Lu}{1,2}\)[,.;]?$/u.test(token)) return true;
  const bare = token.replace(/^[("'«]+|[)"'»,;:.]+$/g, '');
  if (bare === '' || /^[-–—/&]$/.test(token)) return true;
  // "The Palms", "The Hague": a capitalised article inside an address belongs to it.
  if (HEADER_WORDS.has(bare.toLowerCase()) && bare !== 'The' && !/^(?:road|street|city|state|society|suite|republic)$/i.test(bare) && !isPlaceWord(bare)) return false;
  if (/\d/.test(bare) || /^[〒#]/.test(bare)) return true;
  // Korean road names written in lower case ("Worldcup buk-ro", "dong-ro").
  if (/^\p{Ll}+-(?:ro|gil|daero)$/u.test(bare)) return true;
  if (/^\p{Lu}/u.test(bare)) return true;
  return ADDRESS_LOWER.has(bare.toLowerCase()) || ADDRESS_LOWER.has(token.toLowerCase());
}

/** A token that ends an address run: a label ("Series:"), a product ("Network+"), an acronym ("CCNA"). */
function stopsRun(token: string, capsAddress: boolean): boolean {
  if ((/:$/.test(token) && !/^(?:Daire|D|Kat|No|Nr|Apt|Flat|Blok):$/i.test(token)) || /[+®™]/.test(token)) return true;
  const bare = token.replace(/^[("'«]+|[)"'»,;:.]+$/g, '');
  return !capsAddress && /^\p{Lu}{3,}$/u.test(bare) && !isPlaceWord(bare);
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const piece of text.split('\n')) {
    out.push({ start, end: start + piece.length, text: piece });
    start += piece.length + 1;
  }
  return out;
}

// Tokens a run may grow on each side ("Flat 8, Al Qusais Building 4, near Union Metro Station, Street 23, Ajman").
const MAX_GROW = 14;

/** The run of address-like tokens around [from, to) on one line, stopping at separators, labels and prose. */
function growOnLine(line: Line, from: number, to: number): [number, number] {
  const tokens = [...line.text.matchAll(/[^\s|•·]+|[|•·]/g)].map((m) => ({ start: line.start + m.index, end: line.start + m.index + m[0].length, text: m[0] }));
  let first = tokens.findIndex((t) => t.end > from);
  let last = tokens.findLastIndex((t) => t.start < to);
  if (first < 0 || last < 0) return [from, to];
  const anchorText = line.text.slice(from - line.start, to - line.start);
  // A capitals anchor, or a state code and postcode ("WA 6160"): a city in capitals before it belongs to it
  // ("FREMANTLE WA 6160").
  const caps = anchorText === anchorText.toUpperCase() && (/\p{Lu}{3}/u.test(anchorText) || /^\p{Lu}{2,3}\s+\d{4,5}$/u.test(anchorText));
  // A run of three or more spaces or a tab separates columns of flattened PDF text.
  const gap = (a: number, b: number) => /\s{3,}|\t/.test(line.text.slice(tokens[a].end - line.start, tokens[b].start - line.start));
  // An acronym before an address word stays inside ("Opp. SBI Bank", "HSR Layout", "BTM 2nd Stage").
  const acronymInName = (i: number) => /^\p{Lu}{3,5},?$/u.test(tokens[i].text) && i + 1 < tokens.length && /^(?:\p{Lu}\p{Ll}|\d)/u.test(tokens[i + 1].text);
  // A landmark after "Behind", "Near", "Opp." belongs to the address even when it is a heading word ("Behind Post Office").
  const landmark = (i: number) => [tokens[i - 1], tokens[i - 2]].some((t) => t && /^(?:near|opp\.?|opposite|behind|beside|off)$/i.test(t.text)) && /^\p{Lu}/u.test(tokens[i].text);
  // A city in capitals between commas or after a slash ("…, EDINBURGH, G12 8DJ", "Bornova / İZMİR").
  const capsPlace = (i: number) => /^\p{Lu}{3,}[,]?$/u.test(tokens[i].text) && i > 0 && /(?:,|^\/)$/.test(tokens[i - 1].text) && (i === tokens.length - 1 || tokens[i].text.endsWith(',') || /^[|•·]$/.test(tokens[i + 1].text));
  // "Republic of Korea": "of" inside a country name.
  // "6th of October City": "of" after an ordinal.
  const ofPlace = (i: number) => /^of$/i.test(tokens[i].text) && i + 1 < tokens.length && (isPlaceWord(tokens[i + 1].text) || (i > 0 && /^\d{1,2}(?:st|nd|rd|th)$/.test(tokens[i - 1].text) && /^\p{Lu}/u.test(tokens[i + 1].text)));
  // "Office 704, 13th Floor": a unit word before its number.
  const unitWord = (i: number) => /^(?:Office|Shop|Store)$/.test(tokens[i].text) && i + 1 < tokens.length && /^\d{1,5}[A-Z]?,?$/.test(tokens[i + 1].text);
  const ok = (i: number) => (addressToken(tokens[i].text) || landmark(i) || ofPlace(i) || unitWord(i)) && (!stopsRun(tokens[i].text, caps) || acronymInName(i) || capsPlace(i));
  for (let n = 0; n < MAX_GROW && first > 0 && ok(first - 1) && !gap(first - 1, first); n++) {
    // A sentence end before the address ("… in 2019. 12 Baker St") stops it; abbreviations do not.
    // A short capitalised abbreviation ("Bât.", "Esc.", "Co.") is not a sentence end either.
    if (/[.;]$/.test(tokens[first - 1].text.replace(/\b(?:No|St|Rd|Ave|Av|Apt|H|P|O|Dr|Nr|ul|al|pl|Avda|Bldg)\.$/i, '')) && !/^\p{Lu}\p{Ll}{0,3}\.$/u.test(tokens[first - 1].text)) break;
    first--;
  }
  for (let n = 0; n < MAX_GROW && last < tokens.length - 1 && ok(last + 1) && !gap(last, last + 1) && !/;$/.test(tokens[last].text); n++) last++;
  // Trailing connectors and dashes are not part of the address.
  while (last > first && /^(?:[-–—/&]|and|of|the|at|near)$/i.test(tokens[last].text)) last--;
  return [Math.min(from, tokens[first].start), Math.max(to, tokens[last].end)];
}

/** A short stretch of place words: "Berlin, Germany", "London", "Dubai Marina, Dubai", "10115 Berlin". */
function placeLike(s: string): boolean {
  const t = s.trim().replace(/[.,;]$/, '');
  if (!t || t.length > 60 || /@|https?:/.test(t)) return false;
  const ws = t.split(/[\s,]+/).filter(Boolean);
  return ws.length <= 6 && ws.every((w) => addressToken(w) && !stopsRun(w, false) && !/^[a-z]{4,}$/.test(w));
}

function knownPlace(s: string): boolean {
  const parts = s.split(/,|\s[-–]\s/).map((p) => p.trim().toLowerCase().replace(/[.()]+$/g, '').replace(/^\(/, ''));
  if (COUNTRIES.has(parts[parts.length - 1] ?? '') || REGIONS.has(parts[parts.length - 1] ?? '')) return true;
  // "Springfield, IL", "Toronto, ON": one to three capitalised words, a comma and a state or province code.
  const coded = /^(?:\p{Lu}[\p{L}.'-]*\s){0,2}\p{Lu}[\p{L}.'-]*,\s*([A-Z]{2})$/u.exec(s.trim());
  return !!coded && (REGION_CODES.us.has(coded[1]) || REGION_CODES.ca.has(coded[1]));
}

// The contact area: the top of the resume and the neighbourhood of an email or international phone.
const TOP_CHARS = 500;
const CONTACT_RADIUS = 150;
const NEAR = 60;

/** Postal addresses: labelled fields, street lines, postcodes with their city and header location lines. */
export function detectAddresses(text: string): DetectedSpan[] {
  const lines = linesOf(text);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const runs: Array<[number, number]> = [];
  const addRun = (from: number, to: number) => {
    const li = lineAt(from);
    runs.push(growOnLine(lines[li], from, Math.min(to, lines[li].end)));
  };
  for (const re of [...STREET_RES, ...STRONG_POSTCODE_RES]) for (const m of text.matchAll(re)) addRun(m.index, m.index + m[0].length);
  // "Address: …" (the value, or the line under a label that ends its line).
  const labels = [...text.matchAll(LABEL_RE)];
  for (const m of labels) {
    const at = m.index + m[0].length;
    const li = lineAt(m.index);
    // The label goes with the value, so "Address: [ADDRESS]" and a bare address mask to the same text.
    if (text.slice(at, lines[li].end).trim()) runs.push([m.index, growOnLine(lines[li], at, at + 1)[1]]);
    else if (lines[li + 1]?.text.trim()) {
      runs.push([m.index, at]);
      addRun(lines[li + 1].start, lines[li + 1].start + 1);
    }
  }
  // Layout evidence: the address pieces of the contact block and the lines under an address label.
  // (The label pattern eats the line break after a label that ends its line, so its end is taken before the spaces.)
  const labelEnds = labels.map((m) => m.index + m[0].trimEnd().length).filter((at) => !text.slice(at, lines[lineAt(at)].end).trim());
  const phones = detectPhones(text);
  runs.push(...contactBlockAddresses(text, lines, [...phones, ...detectEmails(text)], labelEnds));
  const strong = [...runs];
  // A weak postcode continues a street line: only spaces, commas or dashes between them.
  // Separators of one contact line ("Prinsengracht 88 | 1983 AJ Utrecht") count as joining too.
  const between = /^[\s,;.–|•·-]*$/;
  const near = (a: number, b: number) =>
    strong.some(([s, e]) => (a >= e && a - e <= NEAR && between.test(text.slice(e, a))) || (b <= s && s - b <= NEAR && between.test(text.slice(b, s))) || (a < e && b > s));
  const contacts = [...text.matchAll(/@|(?:\+|\(\+)\d{1,3}[\s(.-]/g)].map((m) => m.index);
  const inContactArea = (at: number) => at < TOP_CHARS || contacts.some((c) => Math.abs(c - at) <= CONTACT_RADIUS) || strong.some(([s, e]) => at >= s - CONTACT_RADIUS && at <= e + CONTACT_RADIUS);
  /** The separator-bounded piece of the line around an offset. */
  const segmentAt = (at: number): [number, number] => {
    const l = lines[lineAt(at)];
    const rel = at - l.start;
    const before = l.text.slice(0, rel).search(/(?:[|•·\t]|\s{3})(?!.*(?:[|•·\t]|\s{3}))/);
    const after = l.text.slice(rel).search(/[|•·\t]|\s{3}/);
    const s = before < 0 ? l.start : l.start + before + 1;
    return [s, after < 0 ? l.end : at + after];
  };
  for (const re of WEAK_POSTCODE_RES) {
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      const bare = /^[-\s\d]+$/.test(m[0]);
      // Digits of a phone number are not a postcode; a bare number must share the line of the street.
      if (phones.some((p) => p.start < end && p.end > m.index)) continue;
      // A year before a capitalised word ("2019 BA Economics", "2015 Infosys") is a date away from a street;
      // under a continental street line ("Meir 50 bus 3" / "2000 Antwerpen") it is the postcode.
      if (YEAR_SHAPED.test(m[0]) && !near(m.index, end)) {
        const li = lineAt(m.index);
        const [s0, e0] = segmentAt(m.index);
        if (li > 0 && !text.slice(lines[li].start, m.index).trim() && continentalStreetLine(lines[li - 1]) && inContactArea(m.index) && placeLike(text.slice(s0, e0))) addRun(m.index, end);
        continue;
      }
      if (near(m.index, end) && !(bare && !strong.some(([s, e]) => (e <= m.index && !text.slice(e, m.index).includes('\n')) || (s >= end && !text.slice(end, s).includes('\n'))))) {
        addRun(m.index, end);
        continue;
      }
      if (!inContactArea(m.index)) continue;
      // "Národní 158, 551 00 Olomouc": a continental street starts the line the postcode ends.
      const li = lineAt(m.index);
      const segStart = segmentAt(m.index)[0];
      const head = text.slice(segStart, m.index);
      if (LEADING_STREET_RE.test(head) && !bare && placeLike(m[0])) {
        runs.push([segStart + (head.length - head.trimStart().length), growOnLine(lines[li], m.index, end)[1]]);
        continue;
      }
      // Away from a street line, a postcode needs a line of place words around it ("75002 Paris",
      // "Pune, Maharashtra 411001"); a bare number also needs a known place before it.
      const [s, e] = segmentAt(m.index);
      const seg = text.slice(s, e);
      if (!placeLike(seg) || (bare && !knownPlace(text.slice(s, m.index).replace(/[\s,-]+$/, '')))) continue;
      runs.push([s + (seg.length - seg.trimStart().length), s + seg.trimEnd().length]);
    }
  }
  // Home-location segments of the contact area: "Pune, Maharashtra", "Berlin, Germany", "Lagos - Nigeria".
  for (const l of lines) {
    if (!inContactArea(l.start) && !inContactArea(l.end)) continue;
    for (const seg of l.text.matchAll(/[^|•·\t]+/g)) {
      for (const part of seg[0].split(/\s{3,}/)) {
        const p = part.trim();
        if (!p.includes(',') && !/^\p{Lu}[\p{L}\p{M}.' -]+\s[-–]\s\p{Lu}/u.test(p)) continue;
        const numbered = /^\d{1,5}[A-Za-z]?\s+\p{Lu}/u.test(p) && p.split(/[\s,]+/).length <= 10 && p.split(/\s+/).every((w) => addressToken(w) && !stopsRun(w, false));
        if (!(placeLike(p) || numbered) || !knownPlace(p)) continue;
        const at = l.start + seg.index + seg[0].indexOf(p);
        runs.push([at, at + p.length]);
      }
    }
  }
  return joinLines(text, lines, runs);
}

// The start of a line that is a continental street and house number, with only floor words before the postcode.
const LEADING_STREET_RE = /^\s*(?:\p{Lu}[\p{L}\p{M}.'’-]*[ \t]+){1,3}(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?(?:\/\d{1,4})?,[ \t]*(?:\d{1,2}os[ \t]+orofos,[ \t]*)?$/u;

// A street line in the continental order: capitalised words, then a house number that is not a year.
const CONTINENTAL_STREET_RE = /^\p{Lu}[\p{L}\p{M}.'’-]*(?:[ \t]+[\p{L}\p{M}.'’-]+){0,3}[ \t]+(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4})?(?:[ \t]*(?:bus|bte|boîte|lgh|Top|app\.?|apt\.?|\/)[ \t]*\d{1,4}[a-zA-Z]?)?,?$/u;

/** "Spalenberg 10", "Meir 50 bus 3": a line that is a street in the continental order and nothing else. */
function continentalStreetLine(line: Line): boolean {
  const t = line.text.trim();
  return CONTINENTAL_STREET_RE.test(t) && t.split(/\s+/).every((w) => addressToken(w) && !stopsRun(w, false));
}

const UK_STREET_LINE_RE = /^(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?,?[ \t]+\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}'’-]*|na|an|de|la|du|of)){0,3}$/u;

/** Merge runs, and join an address to the place lines right after it ("12 Kings Road" / "Brighton" / "BN1 1NB"). */
function joinLines(text: string, lines: Line[], runs: Array<[number, number]>): DetectedSpan[] {
  const sorted = runs.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const merged: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    // Runs on consecutive lines, or separated only by commas and spaces, form one address.
    if (last && (r[0] <= last[1] || /^[\s,;–-]*$/.test(text.slice(last[1], r[0])) && !/\n\s*\n/.test(text.slice(last[1], r[0])))) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  for (const m of merged) {
    // A postcode line ("7986 Lausanne") takes in the street line above it written as name and number
    // ("Spalenberg 10", "Rämistrasse 71"), the continental order that has no street-type word to anchor it.
    const li = lines.findIndex((l) => l.start <= m[0] && m[0] <= l.end);
    const above = lines[li - 1];
    if (li > 0 && /^\s*(?:[A-Z]{1,2}-)?\d/.test(text.slice(lines[li].start, m[1])) && !text.slice(lines[li].start, m[0]).trim() && continentalStreetLine(above)) {
      m[0] = above.start + (above.text.length - above.text.trimStart().length);
    }
    // A postcode line ("G12 8QQ", "T.K. 106 82") takes in the place lines above it up to the street line that starts
    // the address ("23 Rowan Close" / "Hyndland" / "Glasgow"); without such a street line nothing is taken.
    if (li > 0 && !text.slice(lines[li].start, m[0]).trim()) {
      for (let k = li - 1, taken = 0; k >= 0 && taken < 4 && lines[k].text.trim(); k--, taken++) {
        const t = lines[k].text.trim();
        if (UK_STREET_LINE_RE.test(t) || continentalStreetLine(lines[k])) {
          m[0] = lines[k].start + (lines[k].text.length - lines[k].text.trimStart().length);
          break;
        }
        if (!placeLike(t) || t.split(/\s+/).length > 4) break;
      }
    }
    // A run that ends its line absorbs the next line when it is only place words ("London", "Dubai, UAE").
    for (let k = 0; k < 2; k++) {
      const nl = text.indexOf('\n', m[1]);
      if (nl < 0 || text.slice(m[1], nl).trim()) break;
      const next = lines.find((l) => l.start === nl + 1);
      if (!next || !next.text.trim() || !placeLike(next.text) || next.text.trim().split(/\s+/).length > 4) break;
      m[1] = next.start + next.text.trimEnd().length;
    }
  }
  return merged.map(([start, end]) => ({ kind: 'address', start, end, entity: text.slice(start, end).toLowerCase().replace(/\s+/g, ' ').trim() }));
}
