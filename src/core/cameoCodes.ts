// CAMEO actor codes (as used by the TABARI/PETRARCH/Phoenix actor dictionaries) → readable
// role titles: `IRNGOV` → "Government of Iran", `ISRMIL` → "Military of Israel",
// `IGOUNOKID` → "UNICEF (United Nations)". Our own tables, written from the CAMEO code book's
// categories; pure core (no `vscode`, no Node built-ins).
//
// A CAMEO actor code is a run of 3-character chunks: an optional organisation type (IGO, NGO,
// MNC, IMG…) or a country / region, then roles (GOV, MIL, REB…), sectors (HLH, EDU…), religions,
// ethnic groups, further countries and, after IGO/NGO, named organisations (UNO, NAT, WHO…).
// Trailing digits (`NGOCHRPRO214`, CAMEO religious sub-codes) are ignored.

/** Where a place name goes in a sentence: "Government of the United States". */
interface PlaceInfo {
  name: string;
  /** Written with "the" inside a sentence ("the United States"). */
  the?: boolean;
}

function p(name: string, the = false): PlaceInfo {
  return the ? { name, the } : { name };
}

/**
 * Countries and territories: ISO 3166-1 alpha-3 codes, plus the codes CAMEO adds or keeps for
 * states that no longer exist.
 */
/** `table[key]` when `key` is the table's own entry: codes come from the dictionaries (issue 17). */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export const CAMEO_COUNTRIES: Readonly<Record<string, PlaceInfo>> = Object.freeze({
  ABW: p('Aruba'),
  AFG: p('Afghanistan'),
  AGO: p('Angola'),
  AIA: p('Anguilla'),
  ALA: p('Åland Islands', true),
  ALB: p('Albania'),
  AND: p('Andorra'),
  ANT: p('Netherlands Antilles', true),
  ARE: p('United Arab Emirates', true),
  ARG: p('Argentina'),
  ARM: p('Armenia'),
  ASM: p('American Samoa'),
  ATA: p('Antarctica'),
  ATG: p('Antigua and Barbuda'),
  AUS: p('Australia'),
  AUT: p('Austria'),
  AZE: p('Azerbaijan'),
  BDI: p('Burundi'),
  BEL: p('Belgium'),
  BEN: p('Benin'),
  BFA: p('Burkina Faso'),
  BGD: p('Bangladesh'),
  BGR: p('Bulgaria'),
  BHR: p('Bahrain'),
  BHS: p('Bahamas', true),
  BIH: p('Bosnia and Herzegovina'),
  BLR: p('Belarus'),
  BLZ: p('Belize'),
  BMU: p('Bermuda'),
  BOL: p('Bolivia'),
  BRA: p('Brazil'),
  BRB: p('Barbados'),
  BRN: p('Brunei'),
  BTN: p('Bhutan'),
  BWA: p('Botswana'),
  CAF: p('Central African Republic', true),
  CAN: p('Canada'),
  CHE: p('Switzerland'),
  CHL: p('Chile'),
  CHN: p('China'),
  CIV: p("Côte d'Ivoire"),
  CMR: p('Cameroon'),
  COD: p('Democratic Republic of the Congo', true),
  COG: p('Republic of the Congo', true),
  COK: p('Cook Islands', true),
  COL: p('Colombia'),
  COM: p('Comoros', true),
  CPV: p('Cape Verde'),
  CRI: p('Costa Rica'),
  CUB: p('Cuba'),
  CUW: p('Curaçao'),
  CXR: p('Christmas Island'),
  CYM: p('Cayman Islands', true),
  CYP: p('Cyprus'),
  CZE: p('Czech Republic', true),
  DEU: p('Germany'),
  DJI: p('Djibouti'),
  DMA: p('Dominica'),
  DNK: p('Denmark'),
  DOM: p('Dominican Republic', true),
  DZA: p('Algeria'),
  ECU: p('Ecuador'),
  EGY: p('Egypt'),
  ERI: p('Eritrea'),
  ESH: p('Western Sahara'),
  ESP: p('Spain'),
  EST: p('Estonia'),
  ETH: p('Ethiopia'),
  FIN: p('Finland'),
  FJI: p('Fiji'),
  FLK: p('Falkland Islands', true),
  FRA: p('France'),
  FRO: p('Faroe Islands', true),
  FSM: p('Micronesia'),
  GAB: p('Gabon'),
  GBR: p('United Kingdom', true),
  GEO: p('Georgia'),
  GGY: p('Guernsey'),
  GHA: p('Ghana'),
  GIB: p('Gibraltar'),
  GIN: p('Guinea'),
  GLP: p('Guadeloupe'),
  GMB: p('Gambia', true),
  GNB: p('Guinea-Bissau'),
  GNQ: p('Equatorial Guinea'),
  GRC: p('Greece'),
  GRD: p('Grenada'),
  GRL: p('Greenland'),
  GTM: p('Guatemala'),
  GUF: p('French Guiana'),
  GUM: p('Guam'),
  GUY: p('Guyana'),
  HKG: p('Hong Kong'),
  HND: p('Honduras'),
  HRV: p('Croatia'),
  HTI: p('Haiti'),
  HUN: p('Hungary'),
  IDN: p('Indonesia'),
  IMN: p('Isle of Man', true),
  IND: p('India'),
  IRL: p('Ireland'),
  IRN: p('Iran'),
  IRQ: p('Iraq'),
  ISL: p('Iceland'),
  ISR: p('Israel'),
  ITA: p('Italy'),
  JAM: p('Jamaica'),
  JEY: p('Jersey'),
  JOR: p('Jordan'),
  JPN: p('Japan'),
  KAZ: p('Kazakhstan'),
  KEN: p('Kenya'),
  KGZ: p('Kyrgyzstan'),
  KHM: p('Cambodia'),
  KIR: p('Kiribati'),
  KNA: p('Saint Kitts and Nevis'),
  KOR: p('South Korea'),
  KWT: p('Kuwait'),
  LAO: p('Laos'),
  LBN: p('Lebanon'),
  LBR: p('Liberia'),
  LBY: p('Libya'),
  LCA: p('Saint Lucia'),
  LIE: p('Liechtenstein'),
  LKA: p('Sri Lanka'),
  LSO: p('Lesotho'),
  LTU: p('Lithuania'),
  LUX: p('Luxembourg'),
  LVA: p('Latvia'),
  MAC: p('Macau'),
  MAR: p('Morocco'),
  MCO: p('Monaco'),
  MDA: p('Moldova'),
  MDG: p('Madagascar'),
  MDV: p('Maldives', true),
  MEX: p('Mexico'),
  MHL: p('Marshall Islands', true),
  MKD: p('Macedonia'),
  MLI: p('Mali'),
  MLT: p('Malta'),
  MMR: p('Myanmar'),
  MNE: p('Montenegro'),
  MNG: p('Mongolia'),
  MNP: p('Northern Mariana Islands', true),
  MOZ: p('Mozambique'),
  MRT: p('Mauritania'),
  MSR: p('Montserrat'),
  MTQ: p('Martinique'),
  MUS: p('Mauritius'),
  MWI: p('Malawi'),
  MYS: p('Malaysia'),
  MYT: p('Mayotte'),
  NAM: p('Namibia'),
  NCL: p('New Caledonia'),
  NER: p('Niger'),
  NFK: p('Norfolk Island'),
  NGA: p('Nigeria'),
  NIC: p('Nicaragua'),
  NIU: p('Niue'),
  NLD: p('Netherlands', true),
  NOR: p('Norway'),
  NPL: p('Nepal'),
  NRU: p('Nauru'),
  NZL: p('New Zealand'),
  OMN: p('Oman'),
  PAK: p('Pakistan'),
  PAN: p('Panama'),
  PCN: p('Pitcairn Islands', true),
  PER: p('Peru'),
  PHL: p('Philippines', true),
  PLW: p('Palau'),
  PNG: p('Papua New Guinea'),
  POL: p('Poland'),
  PRI: p('Puerto Rico'),
  PRK: p('North Korea'),
  PRT: p('Portugal'),
  PRY: p('Paraguay'),
  PSE: p('Palestine'),
  PYF: p('French Polynesia'),
  QAT: p('Qatar'),
  REU: p('Réunion'),
  ROU: p('Romania'),
  RUS: p('Russia'),
  RWA: p('Rwanda'),
  SAU: p('Saudi Arabia'),
  SDN: p('Sudan'),
  SEN: p('Senegal'),
  SGP: p('Singapore'),
  SHN: p('Saint Helena'),
  SLB: p('Solomon Islands', true),
  SLE: p('Sierra Leone'),
  SLV: p('El Salvador'),
  SMR: p('San Marino'),
  SOM: p('Somalia'),
  SPM: p('Saint Pierre and Miquelon'),
  SRB: p('Serbia'),
  SSD: p('South Sudan'),
  STP: p('São Tomé and Príncipe'),
  SUR: p('Suriname'),
  SVK: p('Slovakia'),
  SVN: p('Slovenia'),
  SWE: p('Sweden'),
  SWZ: p('Swaziland'),
  SXM: p('Sint Maarten'),
  SYC: p('Seychelles', true),
  SYR: p('Syria'),
  TCA: p('Turks and Caicos Islands', true),
  TCD: p('Chad'),
  TGO: p('Togo'),
  THA: p('Thailand'),
  TJK: p('Tajikistan'),
  TKL: p('Tokelau'),
  TKM: p('Turkmenistan'),
  TLS: p('East Timor'),
  TON: p('Tonga'),
  TTO: p('Trinidad and Tobago'),
  TUN: p('Tunisia'),
  TUR: p('Turkey'),
  TUV: p('Tuvalu'),
  TWN: p('Taiwan'),
  TZA: p('Tanzania'),
  UGA: p('Uganda'),
  UKR: p('Ukraine'),
  URY: p('Uruguay'),
  USA: p('United States', true),
  UZB: p('Uzbekistan'),
  VAT: p('Vatican City'),
  VCT: p('Saint Vincent and the Grenadines'),
  VEN: p('Venezuela'),
  VGB: p('British Virgin Islands', true),
  VIR: p('US Virgin Islands', true),
  VNM: p('Vietnam'),
  VUT: p('Vanuatu'),
  WLF: p('Wallis and Futuna'),
  WSM: p('Samoa'),
  YEM: p('Yemen'),
  ZAF: p('South Africa'),
  ZMB: p('Zambia'),
  ZWE: p('Zimbabwe'),
  // CAMEO's own codes and historical states.
  CSK: p('Czechoslovakia'),
  DDR: p('East Germany'),
  FRG: p('West Germany'),
  GZS: p('Gaza Strip', true),
  KSV: p('Kosovo'),
  ROM: p('Romania'),
  SCG: p('Serbia and Montenegro'),
  SUN: p('Soviet Union', true),
  TMP: p('East Timor'),
  USR: p('Soviet Union', true),
  VDR: p('North Vietnam'),
  WSB: p('West Bank', true),
  YMD: p('South Yemen'),
  YUG: p('Yugoslavia'),
  ZAR: p('Zaire'),
  FRY: p('Federal Republic of Yugoslavia', true),
  BUR: p('Burma'),
  TRK: p('Turkey'),
  ANG: p('Angola'),
  FRN: p('France'),
  GZA: p('Gaza'),
  IMY: p('Isle of Man', true),
  KRJ: p('Republic of Serbian Krajina', true),
  SRP: p('Republika Srpska'),
  CNY: p('Chechnya'),
  // The fictional test country of the CAMEO dictionaries.
  KNT: p('Kinakuta'),
});

/** CAMEO regions: used alone (a place) or as the place of a role or organisation. */
export const CAMEO_REGIONS: Readonly<Record<string, PlaceInfo>> = Object.freeze({
  AFR: p('Africa'),
  ASA: p('Asia'),
  BLK: p('Balkans', true),
  CRB: p('Caribbean', true),
  CAU: p('Caucasus', true),
  CFR: p('Central Africa'),
  CAS: p('Central Asia'),
  CEU: p('Central Europe'),
  EIN: p('East Indies', true),
  EAF: p('East Africa'),
  EEU: p('Eastern Europe'),
  EUR: p('Europe'),
  LAM: p('Latin America'),
  MEA: p('Middle East', true),
  MDE: p('Middle East', true),
  MDT: p('Mediterranean', true),
  NAF: p('North Africa'),
  NMR: p('North America'),
  PGS: p('Persian Gulf', true),
  SCN: p('Scandinavia'),
  SAM: p('South America'),
  SAS: p('South Asia'),
  SEA: p('Southeast Asia'),
  SAF: p('Southern Africa'),
  WAF: p('West Africa'),
  WST: p('the West'),
  WEU: p('Western Europe'),
  ARB: p('Arab world', true),
});

/** What a role, sector or group code means: as the head of a title, alone, and as a qualifier. */
interface RoleInfo {
  /** `{}` stands for the place: "Government of {}". */
  template: string;
  /** The title without a place. */
  alone: string;
  /** A qualifier in parentheses after another head: "(health)". */
  qualifier: string;
  /** Codes describing a group of people rather than an institution (persons coded with them still are persons). */
  group?: boolean;
}

function r(template: string, alone: string, qualifier: string, group = false): RoleInfo {
  return group ? { template, alone, qualifier, group } : { template, alone, qualifier };
}

/** CAMEO primary and secondary role codes, sectors, religions and ethnic groups. */
export const CAMEO_ROLES: Readonly<Record<string, RoleInfo>> = Object.freeze({
  // Primary roles: state and opposition actors.
  GOV: r('Government of {}', 'Government', 'government'),
  MIL: r('Military of {}', 'Military', 'military'),
  COP: r('Police of {}', 'Police', 'police'),
  JUD: r('Judiciary of {}', 'Judiciary', 'justice'),
  SPY: r('Intelligence services of {}', 'Intelligence services', 'intelligence'),
  LEG: r('Legislature of {}', 'Legislature', 'legislature'),
  OPP: r('Opposition in {}', 'Opposition', 'opposition', true),
  PTY: r('Political party in {}', 'Political party', 'party'),
  REB: r('Rebels in {}', 'Rebels', 'rebels', true),
  INS: r('Insurgents in {}', 'Insurgents', 'insurgents', true),
  SEP: r('Separatists in {}', 'Separatists', 'separatists', true),
  UAF: r('Armed group in {}', 'Armed group', 'armed group', true),
  ELI: r('Political elite of {}', 'Political elite', 'elite'),
  // Secondary roles and sectors.
  AGR: r('Agriculture in {}', 'Agriculture', 'agriculture'),
  BUS: r('Business in {}', 'Business', 'economy'),
  CRM: r('Criminals in {}', 'Criminals', 'crime', true),
  CVL: r('Civilians in {}', 'Civilians', 'civilians', true),
  DEV: r('Development sector of {}', 'Development', 'development'),
  EDU: r('Education in {}', 'Education', 'education'),
  ENV: r('Environmental groups in {}', 'Environment', 'environment'),
  HLH: r('Health sector of {}', 'Health', 'health'),
  HRI: r('Human rights groups in {}', 'Human rights', 'human rights'),
  LAB: r('Labour in {}', 'Labour', 'labour'),
  MED: r('Media of {}', 'Media', 'media'),
  REF: r('Refugees from {}', 'Refugees', 'refugees', true),
  MOD: r('Moderates in {}', 'Moderates', 'moderate', true),
  RAD: r('Radicals in {}', 'Radicals', 'radical', true),
  REL: r('Religious groups in {}', 'Religion', 'religion', true),
  SET: r('Settlers in {}', 'Settlers', 'settlers', true),
  AMN: r('Amnesty in {}', 'Amnesty International', 'Amnesty International'),
  OCC: r('{} (under occupation)', 'Occupation authority', 'under occupation'),
  UNR: r('{} (unrecognised)', 'Unrecognised state', 'unrecognised'),
  AUT: r('Autonomous government of {}', 'Autonomous government', 'autonomous'),
  // Religions.
  ADR: r('African diasporic religion in {}', 'African diasporic religion', 'African diasporic', true),
  ALE: r('Alevis in {}', 'Alevis', 'Alevi', true),
  ATH: r('Atheists in {}', 'Atheists', 'atheist', true),
  BAH: r("Bahá'ís in {}", "Bahá'ís", "Bahá'í", true),
  BUD: r('Buddhists in {}', 'Buddhists', 'Buddhist', true),
  CHR: r('Christians in {}', 'Christians', 'Christian', true),
  CON: r('Confucians in {}', 'Confucians', 'Confucian', true),
  CPT: r('Copts in {}', 'Copts', 'Coptic', true),
  CTH: r('Catholics in {}', 'Catholics', 'Catholic', true),
  DOX: r('Orthodox Christians in {}', 'Orthodox Christians', 'Orthodox', true),
  DRZ: r('Druze in {}', 'Druze', 'Druze', true),
  HIN: r('Hindus in {}', 'Hindus', 'Hindu', true),
  ITR: r('Indigenous religion in {}', 'Indigenous religion', 'indigenous', true),
  JAN: r('Jains in {}', 'Jains', 'Jain', true),
  JEW: r('Jews in {}', 'Jews', 'Jewish', true),
  JHW: r("Jehovah's Witnesses in {}", "Jehovah's Witnesses", "Jehovah's Witness", true),
  LDS: r('Mormons in {}', 'Mormons', 'Mormon', true),
  MOS: r('Muslims in {}', 'Muslims', 'Muslim', true),
  MUS: r('Muslims in {}', 'Muslims', 'Muslim', true),
  NRM: r('New religious movement in {}', 'New religious movement', 'new religious movement', true),
  PAG: r('Pagans in {}', 'Pagans', 'pagan', true),
  PRO: r('Protestants in {}', 'Protestants', 'Protestant', true),
  SFI: r('Sufis in {}', 'Sufis', 'Sufi', true),
  SHI: r("Shi'a Muslims in {}", "Shi'a Muslims", "Shi'a", true),
  SIK: r('Sikhs in {}', 'Sikhs', 'Sikh', true),
  SUN: r('Sunni Muslims in {}', 'Sunni Muslims', 'Sunni', true),
  TAO: r('Taoists in {}', 'Taoists', 'Taoist', true),
  UDX: r('Unaffiliated believers in {}', 'Unaffiliated believers', 'unaffiliated', true),
  ZRO: r('Zoroastrians in {}', 'Zoroastrians', 'Zoroastrian', true),
  MAY: r('Unification Church in {}', 'Unification Church', 'Unification Church', true),
  // Ethnic and national groups CAMEO codes.
  KUR: r('Kurds in {}', 'Kurds', 'Kurdish', true),
  UIG: r('Uyghurs in {}', 'Uyghurs', 'Uyghur', true),
  TAM: r('Tamils in {}', 'Tamils', 'Tamil', true),
  TIB: r('Tibetans in {}', 'Tibetans', 'Tibetan', true),
  PAL: r('Palestinians in {}', 'Palestinians', 'Palestinian', true),
  ROM: r('Roma in {}', 'Roma', 'Roma', true),
  KAS: r('Kashmiris in {}', 'Kashmiris', 'Kashmiri', true),
});

/** Organisation types that open a code. */
export const CAMEO_ORGANISATION_TYPES: Readonly<Record<string, string>> = Object.freeze({
  IGO: 'Intergovernmental organisation',
  NGO: 'Non-governmental organisation',
  NGM: 'Non-governmental movement',
  MNC: 'Multinational corporation',
  IMG: 'International militarized group',
  INT: 'International actor',
  UIS: 'Unidentified state actor',
});

/** Named organisations, as they follow IGO / NGO / IMG (and a region) in a code. */
export const CAMEO_ORGANISATIONS: Readonly<Record<string, string>> = Object.freeze({
  // United Nations system.
  UNO: 'United Nations',
  WHO: 'World Health Organization',
  FAO: 'Food and Agriculture Organization',
  ILO: 'International Labour Organization',
  KID: 'UNICEF',
  HCR: 'UNHCR',
  HCH: 'UN High Commissioner for Human Rights',
  WFP: 'World Food Programme',
  IAE: 'International Atomic Energy Agency',
  AIE: 'International Energy Agency',
  ICJ: 'International Court of Justice',
  WCT: 'International war crimes tribunal',
  WBK: 'World Bank',
  IMF: 'International Monetary Fund',
  WTO: 'World Trade Organization',
  ICC: 'International Criminal Court',
  // Security and political organisations.
  NAT: 'NATO',
  EEC: 'European Union',
  COE: 'Council of Europe',
  SCE: 'OSCE',
  EFT: 'European Free Trade Association',
  EBR: 'European Bank for Reconstruction and Development',
  ARL: 'Arab League',
  AFU: 'African Union',
  OAU: 'Organisation of African Unity',
  ASN: 'ASEAN',
  GCC: 'Gulf Cooperation Council',
  OIC: 'Organisation of Islamic Cooperation',
  OAS: 'Organization of American States',
  CIS: 'Commonwealth of Independent States',
  CWN: 'Commonwealth of Nations',
  NON: 'Non-Aligned Movement',
  SOT: 'SEATO',
  SAA: 'SAARC',
  IPU: 'Inter-Parliamentary Union',
  ITP: 'Interpol',
  GOE: 'Group of Eight',
  GOS: 'Group of Seven',
  GSS: 'Group of 77',
  DVE: 'Developing Eight',
  // Economic organisations and banks.
  OPC: 'OPEC',
  APE: 'OAPEC',
  BIS: 'Bank for International Settlements',
  ADB: 'Asian Development Bank',
  AFB: 'African Development Bank',
  IDB: 'Islamic Development Bank',
  ABD: 'Arab Bank for Economic Development in Africa',
  AMF: 'Arab Monetary Fund',
  AEU: 'Council of Arab Economic Unity',
  ACC: 'Arab Cooperation Council',
  AMU: 'Arab Maghreb Union',
  ECA: 'Economic Community of Central African States',
  CEM: 'Economic and Monetary Community of Central Africa',
  CES: 'COMESA',
  SAD: 'Southern African Development Community',
  WAS: 'ECOWAS',
  WAM: 'West African Economic and Monetary Union',
  WAD: 'West African Development Bank',
  EAC: 'East African Community',
  IAD: 'IGAD',
  NEP: 'NEPAD',
  ATD: 'Eastern and Southern African Trade and Development Bank',
  BCA: 'Bank of Central African States',
  CSS: 'Community of Sahel–Saharan States',
  ICO: 'International Coffee Organization',
  IGC: 'International Grains Council',
  CPA: "Cocoa Producers' Alliance",
  CPC: 'Association of Coffee Producing Countries',
  IAC: 'Inter-African Coffee Organisation',
  // Non-governmental organisations.
  IRC: 'Red Cross',
  MSF: 'Médecins Sans Frontières',
  HRW: 'Human Rights Watch',
  ICG: 'International Crisis Group',
  WEF: 'World Economic Forum',
  IHF: 'International Helsinki Federation',
  XFM: 'Oxfam',
  // Militarized groups.
  FID: 'International Federation for Human Rights',
  JUR: 'International Commission of Jurists',
  ALQ: 'al-Qaeda',
  JMA: 'Jemaah Islamiyah',
  ASF: 'Abu Sayyaf',
  ISI: 'Islamic State',
  HEZ: 'Hezbollah',
  HMS: 'Hamas',
  TAL: 'Taliban',
});

export interface CameoDescription {
  /** The code as given (upper case). */
  code: string;
  /** A readable title, e.g. "Government of Iran (health)". */
  title: string;
  /** The first country chunk, when there is one. */
  country?: string;
  /** The first region chunk, when there is one. */
  region?: string;
  /** Every chunk is a country (`IRQ`, `USRARM`), possibly with OCC/UNR/AUT qualifiers. */
  countryOnly: boolean;
  /** Every chunk is a region (`AFR`, `MEA`). */
  regionOnly: boolean;
  /** The organisation type chunk (IGO, NGO, MNC, IMG…). */
  organisationType?: string;
  /** Named organisations found (UNO, NAT…). */
  organisations: string[];
  /** Role, sector, religion and group chunks in order. */
  roles: string[];
  /** Chunks this table does not know (they are left out of the title). */
  unknown: string[];
  /** The code is `---` (PETRARCH's "no code": the phrase is known and deliberately not coded). */
  none: boolean;
}

/** The place name for use inside a sentence ("the United States"). */
function inSentence(place: PlaceInfo): string {
  return place.the ? `the ${place.name}` : place.name;
}

function capitaliseFirst(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * Reads a CAMEO actor code into a readable title and its parts. Never throws: chunks it does
 * not know go to `unknown` and the title is built from the rest (or is the code itself).
 */
export function describeCameoCode(rawCode: string): CameoDescription {
  const code = rawCode.trim().toUpperCase();
  const result: CameoDescription = {
    code,
    title: code,
    countryOnly: false,
    regionOnly: false,
    organisations: [],
    roles: [],
    unknown: [],
    none: /^-+$/.test(code),
  };
  if (result.none || code.length === 0) return result;
  const letters = code.replace(/\d+/g, '');
  const chunks: string[] = [];
  for (let i = 0; i < letters.length; i += 3) chunks.push(letters.slice(i, i + 3));

  const places: PlaceInfo[] = [];
  const extraPlaces: string[] = [];
  const qualifiers: string[] = [];
  let head: RoleInfo | undefined;
  let countries = 0;
  let regions = 0;
  let modifiers = 0;

  chunks.forEach((chunk, index) => {
    const previous = index > 0 ? chunks[index - 1] : undefined;
    // Position decides between readings: `SUN` after MOS is Sunni, first it is the Soviet Union;
    // after IGO/NGO/IMG a known organisation wins over a country (`IGOUNO…`).
    const inOrganisation = result.organisationType !== undefined && result.organisationType !== 'MNC';
    if (index === 0 && own(CAMEO_ORGANISATION_TYPES, chunk)) {
      result.organisationType = chunk;
      return;
    }
    if (inOrganisation && own(CAMEO_ORGANISATIONS, chunk) && !(own(CAMEO_ROLES, chunk) && !own(CAMEO_COUNTRIES, chunk))) {
      result.organisations.push(chunk);
      return;
    }
    if (previous && (previous === 'MOS' || previous === 'MUS') && (chunk === 'SUN' || chunk === 'SHI' || chunk === 'SFI')) {
      result.roles.push(chunk);
      qualifiers.push(own(CAMEO_ROLES, chunk)?.qualifier ?? chunk);
      return;
    }
    const role = own(CAMEO_ROLES, chunk);
    const country = own(CAMEO_COUNTRIES, chunk);
    const region = own(CAMEO_REGIONS, chunk);
    // A role code that is also a country code (AUT, ROM, SUN, MUS, BLK): a country when it opens
    // the code or follows the organisation type, a role after a country.
    // After IMG (militarized groups) a religion wins: `IMGMUSALQ` is Muslim, not Mauritius.
    const preferCountry =
      country !== undefined && (index === 0 || (index === 1 && result.organisationType !== undefined && result.organisationType !== 'IMG') || !role);
    if (country && preferCountry) {
      countries++;
      if (!result.country) result.country = chunk;
      if (places.length === 0) places.push(country);
      else extraPlaces.push(country.name);
      return;
    }
    if (region && !role) {
      regions++;
      if (!result.region) result.region = chunk;
      if (places.length === 0) places.push(region);
      else extraPlaces.push(region.name);
      return;
    }
    if (role) {
      result.roles.push(chunk);
      if (chunk === 'OCC' || chunk === 'UNR') modifiers++;
      if (!head && chunk !== 'OCC' && chunk !== 'UNR') head = role;
      else qualifiers.push(role.qualifier);
      return;
    }
    if (own(CAMEO_ORGANISATIONS, chunk)) {
      result.organisations.push(chunk);
      return;
    }
    if (region) {
      regions++;
      if (!result.region) result.region = chunk;
      if (places.length === 0) places.push(region);
      else extraPlaces.push(region.name);
      return;
    }
    result.unknown.push(chunk);
  });

  // `IRQ`, `USRARM`, `IRQOCC`: the code of a state (or of a territory coded as one).
  result.countryOnly = countries > 0 && countries + modifiers === chunks.length;
  result.regionOnly = regions > 0 && regions === chunks.length;

  const place = places[0];
  const extras = [...extraPlaces, ...qualifiers];
  const withExtras = (main: string, more: string[] = extras): string => (more.length > 0 ? `${main} (${more.join(', ')})` : main);

  let title: string;
  if (result.organisations.length > 0) {
    const names = result.organisations.map((c) => own(CAMEO_ORGANISATIONS, c) ?? c);
    const main = names[names.length - 1];
    const more = [...names.slice(0, -1).reverse(), ...(head ? [head.qualifier] : []), ...qualifiers];
    title = withExtras(main, more);
  } else if (head) {
    const main = place ? head.template.replace('{}', inSentence(place)) : head.alone;
    title = withExtras(main);
  } else if (result.organisationType) {
    const main = own(CAMEO_ORGANISATION_TYPES, result.organisationType) ?? result.organisationType;
    title = withExtras(main, [...(place ? [place.name] : []), ...extras]);
  } else if (place) {
    title = withExtras(capitaliseFirst(place.name));
  } else if (qualifiers.length > 0) {
    title = capitaliseFirst(qualifiers.join(', '));
  } else {
    title = code;
  }
  result.title = capitaliseFirst(title);
  return result;
}

/** The place name of a country or region code ("Iran", "the United States" → "United States"). */
export function cameoPlaceName(code: string): string | undefined {
  return (own(CAMEO_COUNTRIES, code) ?? own(CAMEO_REGIONS, code))?.name;
}
