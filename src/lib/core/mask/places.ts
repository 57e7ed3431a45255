/**
 * A small gazetteer: countries (English and native names, common abbreviations) and first-level regions
 * (states, provinces, Länder, regions) with the country they belong to.
 * Purpose: recognise a home-location line in a resume header ("Pune, Maharashtra", "Berlin, Germany") for
 * masking, and reduce a detected address to the country or region a recruiter may see in blind mode.
 * Non-goals: cities (too many; an address is found by its street, postcode or label instead), geocoding.
 * Shape legend: COUNTRIES maps a lower-case alias to an ISO-3166 alpha-2 code; REGIONS maps a lower-case
 * region name to [display name, country code]; REGION_CODES are the postal abbreviations that follow a city
 * ("Austin, TX", "Toronto, ON", "Sydney NSW"), each tied to one country.
 */

const COUNTRY_LIST: Array<[string, string[]]> = [
  ['United States', ['us', 'usa', 'u.s.', 'u.s.a.', 'united states', 'united states of america', 'america']],
  ['United Kingdom', ['uk', 'u.k.', 'united kingdom', 'great britain', 'britain', 'england', 'scotland', 'wales', 'northern ireland']],
  ['Canada', ['canada']],
  ['India', ['india', 'bharat']],
  ['Germany', ['germany', 'deutschland']],
  ['Spain', ['spain', 'españa', 'espana']],
  ['France', ['france']],
  ['Italy', ['italy', 'italia']],
  ['Netherlands', ['netherlands', 'the netherlands', 'nederland', 'holland']],
  ['Australia', ['australia']],
  ['United Arab Emirates', ['uae', 'u.a.e.', 'united arab emirates', 'emirates']],
  ['Brazil', ['brazil', 'brasil']],
  ['Japan', ['japan', 'nippon']],
  ['Poland', ['poland', 'polska']],
  ['Singapore', ['singapore']],
  ['South Africa', ['south africa']],
  ['Mexico', ['mexico', 'méxico']],
  ['Nigeria', ['nigeria']],
  ['Ireland', ['ireland', 'éire', 'eire']],
  ['Switzerland', ['switzerland', 'schweiz', 'suisse', 'svizzera']],
  ['Austria', ['austria', 'österreich']],
  ['Belgium', ['belgium', 'belgië', 'belgique']],
  ['Portugal', ['portugal']],
  ['Sweden', ['sweden', 'sverige']],
  ['Norway', ['norway', 'norge']],
  ['Denmark', ['denmark', 'danmark']],
  ['Finland', ['finland', 'suomi']],
  ['China', ['china', "people's republic of china", 'prc']],
  ['Pakistan', ['pakistan']],
  ['Bangladesh', ['bangladesh']],
  ['Sri Lanka', ['sri lanka']],
  ['Nepal', ['nepal']],
  ['Philippines', ['philippines']],
  ['Malaysia', ['malaysia']],
  ['Indonesia', ['indonesia']],
  ['Vietnam', ['vietnam', 'viet nam']],
  ['Thailand', ['thailand']],
  ['South Korea', ['south korea', 'korea', 'republic of korea']],
  ['Saudi Arabia', ['saudi arabia', 'ksa']],
  ['Qatar', ['qatar']],
  ['Kuwait', ['kuwait']],
  ['Oman', ['oman']],
  ['Bahrain', ['bahrain']],
  ['Egypt', ['egypt']],
  ['Kenya', ['kenya']],
  ['Ghana', ['ghana']],
  ['Turkey', ['turkey', 'türkiye']],
  ['Russia', ['russia', 'russian federation']],
  ['Ukraine', ['ukraine']],
  ['Argentina', ['argentina']],
  ['Chile', ['chile']],
  ['Colombia', ['colombia']],
  ['Peru', ['peru', 'perú']],
  ['New Zealand', ['new zealand', 'aotearoa']],
  ['Israel', ['israel']],
  ['Greece', ['greece', 'hellas']],
  ['Czech Republic', ['czech republic', 'czechia']],
  ['Romania', ['romania']],
  ['Hungary', ['hungary', 'magyarország']]
];

/** Lower-case alias → country display name. */
export const COUNTRIES = new Map<string, string>(COUNTRY_LIST.flatMap(([name, aliases]) => aliases.map((a) => [a, name] as [string, string])));

// Country → its first-level regions (and the city-states and capitals addresses use as regions).
const REGIONS_BY_COUNTRY: Record<string, string[]> = {
  'United States': [
    'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia', 'Hawaii', 'Idaho',
    'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts', 'Michigan', 'Minnesota',
    'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire', 'New Jersey', 'New Mexico', 'New York', 'North Carolina',
    'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania', 'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas',
    'Utah', 'Vermont', 'Virginia', 'Washington', 'West Virginia', 'Wisconsin', 'Wyoming', 'District of Columbia'
  ],
  Canada: ['Ontario', 'Quebec', 'Québec', 'British Columbia', 'Alberta', 'Manitoba', 'Saskatchewan', 'Nova Scotia', 'New Brunswick', 'Newfoundland and Labrador', 'Prince Edward Island'],
  India: [
    'Andhra Pradesh', 'Arunachal Pradesh', 'Assam', 'Bihar', 'Chhattisgarh', 'Goa', 'Gujarat', 'Haryana', 'Himachal Pradesh', 'Jharkhand',
    'Karnataka', 'Kerala', 'Madhya Pradesh', 'Maharashtra', 'Manipur', 'Meghalaya', 'Mizoram', 'Nagaland', 'Odisha', 'Orissa', 'Punjab',
    'Rajasthan', 'Sikkim', 'Tamil Nadu', 'Telangana', 'Tripura', 'Uttar Pradesh', 'Uttarakhand', 'West Bengal', 'Delhi', 'New Delhi',
    'Jammu and Kashmir', 'Puducherry', 'Chandigarh'
  ],
  Australia: ['New South Wales', 'Victoria', 'Queensland', 'Western Australia', 'South Australia', 'Tasmania', 'Australian Capital Territory', 'Northern Territory'],
  Germany: [
    'Baden-Württemberg', 'Bayern', 'Bavaria', 'Berlin', 'Brandenburg', 'Bremen', 'Hamburg', 'Hessen', 'Hesse', 'Niedersachsen', 'Lower Saxony',
    'Mecklenburg-Vorpommern', 'Nordrhein-Westfalen', 'North Rhine-Westphalia', 'Rheinland-Pfalz', 'Saarland', 'Sachsen', 'Saxony',
    'Sachsen-Anhalt', 'Schleswig-Holstein', 'Thüringen', 'Thuringia'
  ],
  Spain: ['Andalucía', 'Andalusia', 'Cataluña', 'Catalunya', 'Catalonia', 'Comunidad de Madrid', 'Comunidad Valenciana', 'Galicia', 'País Vasco', 'Basque Country', 'Castilla y León', 'Aragón'],
  Italy: ['Lombardia', 'Lombardy', 'Lazio', 'Piemonte', 'Piedmont', 'Veneto', 'Toscana', 'Tuscany', 'Campania', 'Sicilia', 'Sicily', 'Emilia-Romagna', 'Puglia'],
  France: ['Île-de-France', 'Ile-de-France', 'Provence-Alpes-Côte d’Azur', 'Auvergne-Rhône-Alpes', 'Occitanie', 'Nouvelle-Aquitaine', 'Bretagne', 'Brittany', 'Normandie', 'Normandy', 'Grand Est', 'Hauts-de-France'],
  Netherlands: ['Noord-Holland', 'North Holland', 'Zuid-Holland', 'South Holland', 'Utrecht', 'Noord-Brabant', 'Gelderland', 'Groningen'],
  'United Kingdom': ['England', 'Scotland', 'Wales', 'Northern Ireland', 'Greater London'],
  'United Arab Emirates': ['Dubai', 'Abu Dhabi', 'Sharjah', 'Ajman', 'Ras Al Khaimah', 'Fujairah', 'Umm Al Quwain'],
  Brazil: ['São Paulo', 'Rio de Janeiro', 'Minas Gerais', 'Paraná', 'Rio Grande do Sul', 'Pernambuco', 'Bahia', 'Santa Catarina'],
  Japan: ['Tokyo', 'Osaka', 'Kanagawa', 'Aichi', 'Hokkaido', 'Fukuoka', 'Kyoto'],
  Nigeria: ['Lagos', 'Abuja', 'Federal Capital Territory', 'Rivers', 'Kano', 'Oyo'],
  'South Africa': ['Gauteng', 'Western Cape', 'KwaZulu-Natal', 'Eastern Cape'],
  Poland: ['Mazowieckie', 'Masovia', 'Małopolskie', 'Lesser Poland', 'Pomorskie', 'Śląskie', 'Dolnośląskie', 'Wielkopolskie'],
  Switzerland: ['Zürich', 'Zurich', 'Genève', 'Geneva', 'Bern', 'Basel-Stadt', 'Vaud', 'Ticino'],
  Mexico: ['Ciudad de México', 'CDMX', 'Jalisco', 'Nuevo León', 'Puebla', 'Baja California', 'Yucatán']
};

/** Lower-case region name → [display name, country]. */
export const REGIONS = new Map<string, [string, string]>(
  Object.entries(REGIONS_BY_COUNTRY).flatMap(([country, names]) => names.map((n) => [n.toLowerCase(), [n, country]] as [string, [string, string]]))
);

const US_CODES = 'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC';
const US_NAMES = REGIONS_BY_COUNTRY['United States'];
const CA_CODES: Record<string, string> = { ON: 'Ontario', QC: 'Quebec', BC: 'British Columbia', AB: 'Alberta', MB: 'Manitoba', SK: 'Saskatchewan', NS: 'Nova Scotia', NB: 'New Brunswick', NL: 'Newfoundland and Labrador', PE: 'Prince Edward Island' };
const AU_CODES: Record<string, string> = { NSW: 'New South Wales', VIC: 'Victoria', QLD: 'Queensland', WA: 'Western Australia', SA: 'South Australia', TAS: 'Tasmania', ACT: 'Australian Capital Territory', NT: 'Northern Territory' };

/** Postal region abbreviations → [region, country], by the postcode shape that follows them. */
export const REGION_CODES = {
  us: new Map<string, [string, string]>(US_CODES.split(' ').map((c, i) => [c, [US_NAMES[i] ?? c, 'United States']] as [string, [string, string]])),
  ca: new Map<string, [string, string]>(Object.entries(CA_CODES).map(([c, n]) => [c, [n, 'Canada']] as [string, [string, string]])),
  au: new Map<string, [string, string]>(Object.entries(AU_CODES).map(([c, n]) => [c, [n, 'Australia']] as [string, [string, string]]))
};

// The counties of the island of Ireland (Wikipedia, "Counties of Ireland"): Irish addresses name the county
// after "Co." ("Ennis, Co. Clare"); the last six are in Northern Ireland. Listed apart from REGIONS because
// several are everyday words ("Down", "Clare") that must not make a line a place on their own.
const IE_COUNTIES = 'Carlow Cavan Clare Cork Donegal Dublin Galway Kerry Kildare Kilkenny Laois Leitrim Limerick Longford Louth Mayo Meath Monaghan Offaly Roscommon Sligo Tipperary Waterford Westmeath Wexford Wicklow';
const NI_COUNTIES = 'Antrim Armagh Down Fermanagh Londonderry Derry Tyrone';

/** "Co. Cork", "County Antrim" → [region, country]. */
export const COUNTY_RE = new RegExp(String.raw`\b(?:Co\.?|County)[ \t]+(${[IE_COUNTIES, NI_COUNTIES].join(' ').replace(/ /g, '|')})\b`);
export const countyRegion = (county: string): [string, string] => [`County ${county}`, NI_COUNTIES.split(' ').includes(county) ? 'United Kingdom' : 'Ireland'];
