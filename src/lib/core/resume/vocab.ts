/**
 * Word lists the resume parser reads entries with: job-title words, company-name cues, institution cues,
 * places (regions, countries, large cities), and the labels that open a description rather than an entry.
 * Purpose: one place for the vocabulary, so experience.ts, education.ts, contact.ts and headline.ts agree.
 * Non-goals: completeness (a cue raises a score; the layout decides too); skills (models/skills-taxonomy.json).
 * Shape legend: every RegExp here is case-insensitive and tests for a whole word somewhere in a string,
 * unless its name ends in _AT_END / _EXACT.
 */

const words = (list: string) => list.trim().split(/\s*\|\s*/).join('|');

/** Words that make a phrase a job title ("Senior Data Engineer", "Process Associate", "SME"). */
const TITLE_WORDS = words(`
  engineer|engineers|engg|developer|programmer|manager|mgr|analyst|intern|internship|consultant|specialist|lead|leader|director|
  administrator|admin|officer|assistant|asst|associate|executive|exec|designer|architect|coordinator|co-ordinator|technician|
  supervisor|superintendent|representative|rep|teacher|nurse|accountant|scientist|head|president|vp|founder|co-founder|
  owner|trainee|tester|clerk|agent|advisor|adviser|instructor|lecturer|professor|researcher|auditor|writer|editor|chef|cook|
  driver|operator|planner|buyer|recruiter|generalist|partner|volunteer|fellow|tutor|therapist|pharmacist|physician|advocate|
  lawyer|attorney|paralegal|secretary|receptionist|cashier|salesman|salesperson|curator|archivist|librarian|expert|sme|
  ceo|cto|cfo|coo|cio|chairman|principal|apprentice|contractor|freelancer|freelance|dba|sde|qa|controller|strategist|
  counsel|counselor|counsellor|coach|trainer|mentor|inspector|surveyor|mechanic|electrician|machinist|welder|carpenter|
  technologist|faculty|educator|housekeeper|attendant|steward|stewardess|hostess|bartender|barista|waiter|
  waitress|crew|staff|employee|worker|member|student|aide|caregiver|dietitian|nutritionist|paramedic|surgeon|dentist|
  veterinarian|photographer|artist|animator|illustrator|copywriter|journalist|reporter|translator|interpreter|
  estimator|scheduler|dispatcher|merchandiser|stylist|cosmetologist|officer|commander|sergeant|captain|lieutenant|
  soldier|specialist|handler|processor|investigator|examiner|underwriter|banker|teller|broker|trader|economist|
  statistician|actuary|bookkeeper|storekeeper|foreman|producer|coordinator|facilitator|liaison|ambassador|
  evangelist|practitioner|clinician|co-op|coop|associate|paraprofessional|para|aide|technologist|hygienist|assistant|deputy|chief|senior|junior|sr|jr|fresher|
  pmo|smts|mts|sdet|sre|dir|chair|chairperson|co-chair|observer|merchant|airman`);
export const TITLE_RE = new RegExp(String.raw`(?<![\p{L}])(?:${TITLE_WORDS})(?![\p{L}])`, 'iu');
/** A title word as the phrase's last word: the head noun of a title ("Senior Program Coordinator"). */
export const TITLE_AT_END_RE = new RegExp(String.raw`(?<![\p{L}])(?:${TITLE_WORDS})\.?\s*(?:\([^)]*\))?\s*$`, 'iu');

/** Legal forms and words that end or mark an organisation's name. */
const COMPANY_WORDS = words(`
  inc|incorporated|ltd|limited|llc|llp|plc|pvt|pte|private|corp|corporation|company|co\.|technologies|technology|tech|
  solutions|systems|services|software|consulting|consultancy|consultants|group|labs|lab|bank|hospital|hospitals|clinic|
  agency|enterprises|enterprise|industries|international|global|infotech|infosystems|infoway|networks|communications|
  telecom|motors|pharma|pharmaceuticals|healthcare|foods|retail|stores|ventures|holdings|partners|associates|bpo|kpo|
  studios|studio|media|entertainment|logistics|airlines|airways|insurance|finance|financial|capital|securities|
  automation|electronics|engineering works|constructions|construction|builders|developers|exports|traders|trading|
  gmbh|srl|pty|department|ministry|government|govt|council|authority|corporation|
  foundation|trust|society|association|ngo|museum|university|college|institute|school|academy|center|centre`);
export const COMPANY_RE = new RegExp(String.raw`(?<![\p{L}])(?:${COMPANY_WORDS})\.?(?![\p{L}])`, 'iu');

/** Legal forms: the strongest sign of an organisation's name ("Contoso BPO Ltd" over a client named beside it). */
export const LEGAL_FORM_RE = /(?<![\p{L}])(?:inc|incorporated|ltd|limited|llc|llp|plc|pvt|pte|corp|corporation|gmbh|srl|pty|co\.)\.?(?![\p{L}])/iu;

/** Organisations that resumes name without a legal form (a cue, not a list of employers to match). */
const KNOWN_COMPANIES = words(`
  infosys|tcs|wipro|accenture|cognizant|capgemini|ibm|microsoft|amazon|google|oracle|deloitte|hcl|genpact|mindtree|mphasis|
  unisys|dell|hp|hewlett packard|intel|cisco|sap|adobe|salesforce|facebook|meta|apple|netflix|uber|ola|flipkart|paytm|
  ey|kpmg|pwc|pricewaterhousecoopers|ernst|mckinsey|barclays|hsbc|citi|citibank|jpmorgan|goldman sachs|morgan stanley|
  walmart|target|starbucks|mcdonald's|convergys|teleperformance|concentrix|sutherland|hgs|syntel|igate|patni|hexaware|
  l&t|larsen|tata|reliance|mahindra|birla|godrej|bosch|siemens|philips|honeywell|ge|nokia|ericsson|samsung|lg|sony|
  red hat|vmware|tableau|informatica|servicenow|workday|atlassian|teradata|mongodb|splunk|cloudera|vodafone|airtel|idea|jio|bsnl|icici|hdfc|axis|kotak|sbi|yes bank|zensar|cgi|atos|ntt|dxc|virtusa|ust|mu sigma|niit|
  company name`);
export const KNOWN_COMPANY_RE = new RegExp(String.raw`(?<![\p{L}])(?:${KNOWN_COMPANIES})(?![\p{L}])`, 'iu');

/** Words that name an educational institution. */
export const INSTITUTION_RE =
  /(?<![\p{L}])(?:university|universit[éàa]|univ|college|collage|institute|institution|school|academy|polytechnic|vidyalaya|vidyapeeth|vidyapith|mahavidyalaya|vishwavidyalaya|iit|nit|iiit|bits|iim|jntu|jntuh|vtu|anna|board|cbse|icse|kendriya|campus|seminary|conservatory|faculty of)(?![\p{L}])/iu;

/** Phrases that head a part of a job description, never an entry ("Roles and Responsibilities:", "PROJECT SUMMARY"). */
export const DESCRIPTION_LABEL_RE =
  /^(?:key\s+|major\s+|main\s+|my\s+|job\s+|project\s+|other\s+|additional\s+|daily\s+|primary\s+|core\s+)?(?:roles?|responsibilit(?:y|ies)|duties|achievements?|accomplishments?|highlights?|description|summary|environment|technolog(?:y|ies)(?:\s+used)?|tools(?:\s+used)?|platforms?|team\s+size|client|project(?:s|\s+title|\s+name|\s+details|\s+summary|\s+description)?|tasks?|activities|deliverables|profile|contribution|skills?\s+used|operating\s+system|languages?|software|hardware|database|domain|scope|objective|key\s+result\s+areas?|kra|work\s+done|functions?|area\s+of\s+work|areas?\s+of\s+responsibilit(?:y|ies))\b(?:\s*(?:and|&|\/)\s*\p{L}+)?\s*[:\-–]?/iu;

/** "Company: X", "Organisation - X": a labelled company field (group 1 = the value). */
export const COMPANY_LABEL_RE = /^(?:(?:company|organi[sz]ation|employer|firm)(?:\s+name)?\s*:|company\s+-|organi[sz]ation\s+-|working\s+(?:at|with|in|for)\s*[:\-–])\s*(.+)$/iu;
/** "Designation: X", "Role: X", "Position: X", "Job Title: X": a labelled title field (group 1 = the value). */
export const TITLE_LABEL_RE = /^(?:designation|position|job\s+title|title|job\s+role|role|post|profile)\s*[:\-–]\s*(.+)$/iu;
/** "Duration: …", "Period: …", "Tenure: …": a label before dates. */
export const DATE_LABEL_RE = /^(?:duration|period|tenure|dates?|from|since|timeline|worked\s+from|working\s+since)\s*[:\-–]?\s*/iu;

const US_STATES = words(`
  alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|
  iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|
  nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|
  rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|
  wyoming|district of columbia`);
const US_STATE_CODES = 'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC';
const INDIA_STATES = words(`
  andhra pradesh|arunachal pradesh|assam|bihar|chhattisgarh|goa|gujarat|haryana|himachal pradesh|jharkhand|karnataka|
  kerala|madhya pradesh|maharashtra|manipur|meghalaya|mizoram|nagaland|odisha|orissa|punjab|rajasthan|sikkim|tamil nadu|
  telangana|tripura|uttar pradesh|uttarakhand|uttaranchal|west bengal|delhi|new delhi|jammu and kashmir|jammu|kashmir|
  puducherry|pondicherry|chandigarh|ncr`);
const OTHER_REGIONS = words(`
  ontario|quebec|british columbia|alberta|manitoba|saskatchewan|nova scotia|new south wales|victoria|queensland|
  england|scotland|wales|bavaria|state|province|region|county|district`);
const COUNTRIES = words(`
  india|usa|u\.s\.a|us|united states|united states of america|uk|u\.k|united kingdom|canada|australia|germany|france|
  singapore|uae|united arab emirates|dubai|qatar|saudi arabia|oman|kuwait|bahrain|malaysia|japan|china|ireland|netherlands|
  new zealand|south africa|nigeria|kenya|pakistan|bangladesh|sri lanka|nepal|philippines|indonesia|italy|spain|sweden|
  switzerland|belgium|poland|mexico|brazil`);
const CITIES = words(`
  bangalore|bengaluru|mumbai|bombay|pune|hyderabad|secunderabad|chennai|madras|kolkata|calcutta|delhi|new delhi|noida|
  greater noida|gurgaon|gurugram|ghaziabad|faridabad|ahmedabad|surat|vadodara|baroda|jaipur|lucknow|kanpur|nagpur|indore|
  bhopal|patna|ranchi|bhubaneswar|bhubaneshwar|cuttack|visakhapatnam|vizag|vijayawada|guntur|coimbatore|madurai|
  trichy|tiruchirappalli|mysore|mysuru|mangalore|mangaluru|hubli|belgaum|kochi|cochin|trivandrum|thiruvananthapuram|
  kozhikode|calicut|chandigarh|mohali|ludhiana|amritsar|dehradun|nashik|aurangabad|thane|navi mumbai|raipur|jabalpur|
  gwalior|agra|varanasi|allahabad|prayagraj|meerut|goa|panaji|guwahati|jamshedpur|dhanbad|kolhapur|solapur|tirupati|
  warangal|nellore|salem|erode|vellore|udaipur|jodhpur|kota|ajmer|srinagar|jammu|shimla|
  london|new york|san francisco|seattle|chicago|boston|austin|dallas|houston|atlanta|denver|los angeles|san jose|
  san diego|philadelphia|phoenix|toronto|vancouver|montreal|sydney|melbourne|singapore|dubai|abu dhabi|doha|riyadh|
  berlin|munich|paris|amsterdam|dublin|zurich|tokyo|hong kong|shanghai|beijing|kuala lumpur`);

/** A place name on its own: a region, country or large city (whole string). */
export const PLACE_EXACT_RE = new RegExp(String.raw`^(?:${US_STATES}|${INDIA_STATES}|${OTHER_REGIONS}|${COUNTRIES}|${CITIES})$`, 'iu');
/** A US state code, as written (case-sensitive). */
export const US_STATE_CODE_EXACT_RE = new RegExp(String.raw`^(?:${US_STATE_CODES})$`);
/** Known region or country (whole string): the second half of "City, Region". */
export const REGION_EXACT_RE = new RegExp(String.raw`^(?:${US_STATES}|${INDIA_STATES}|${OTHER_REGIONS}|${COUNTRIES})$`, 'iu');
/**
 * "City, Region" inside a line with a known region (not a bare "State"/"County"): group 1 the city word,
 * group 2 the region. Case-insensitive: callers check that the city is capitalised and a two-letter region
 * is an upper-case US state code.
 */
export const REGION_INLINE_RE = new RegExp(String.raw`(?<![\p{L}])([\p{L}][\p{L}.'’-]+)\s*,\s*(${US_STATES}|${INDIA_STATES}|${COUNTRIES}|${US_STATE_CODES})(?![\p{L}\p{N}])`, 'giu');
/** A known city (whole string). */
export const CITY_EXACT_RE = new RegExp(String.raw`^(?:${CITIES})$`, 'iu');
