// Small built-in word lists of the core: common English words that make bad case-insensitive
// aliases (registry validation), and capitalised words that are not names (name discovery).

/**
 * Common English words (lower case) that an alias should not be unless it is `caseSensitive`:
 * an alias “US”, “May” or “Will” written in any case would match “us”, “may” and “will” in every
 * sentence. Country and city names are deliberately absent (“Turkey”, “Chad”, “Jordan”, “Nice”):
 * registries list them on purpose, and analysts' texts rarely use the common word.
 */
export const COMMON_ALIAS_WORDS: ReadonlySet<string> = new Set(
  // function words and pronouns
  (
    'a an the and or but nor if of to in on at by for with from as into onto over under about after before since until ' +
    'up down out off so than then too very not no yes all any some each every both few more most other such only own same ' +
    'i me my we us our you your he him his she her it its they them their this that these those who whom whose which what one ' +
    // verbs and modals
    'is are was were be been being am do does did done have has had can could may might must shall should will would ' +
    'say says said get got go went make made see saw take took come came let ' +
    // month names and given names that are everyday words
    'march august bill mark hope rose grace faith joy sue rob pat jack frank drew dawn summer hunter ' +
    // generic nouns analysts are tempted to use as short aliases
    'new state states party army government president minister leader council house court office people group ' +
    'movement union front forces guard police bank post times news mail press sun star globe world nation gulf sea'
  ).split(/\s+/),
);

/**
 * Capitalised words that start sentences or headlines and are not names (lower case).
 * A single one of these is never suggested, and they are trimmed off a candidate's edges.
 */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor if of to in on at by for with from as into onto over under about after before since until ' +
    'up down out off so than then too very not no yes all any some each every both few more most other such only own same ' +
    'i me my we us our you your he him his she her it its they them their this that these those who whom whose which what ' +
    'when where why how there here however meanwhile moreover furthermore also although though while whereas yet still thus ' +
    'hence therefore instead indeed nevertheless nonetheless besides otherwise accordingly according asked speaking ' +
    'is are was were be been being am do does did have has had can could may might must shall should will would ' +
    'mr mrs ms dr prof sir madam dear please thanks thank note notes see source sources update updated editor ' +
    'breaking exclusive analysis opinion comment report reports photo video read more related ' +
    'today yesterday tomorrow tonight morning evening afternoon week month year'
  ).split(/\s+/),
);

export const MONTHS_AND_DAYS: ReadonlySet<string> = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun'
  ).split(/\s+/),
);

/**
 * Words that are capitalised in English but describe rather than name: nationality and religion
 * adjectives, compass points. Never suggested on their own (they can be part of a longer name).
 */
export const DESCRIPTIVE_WORDS: ReadonlySet<string> = new Set(
  (
    'shia shiite shiites sunni sunnis kurd kurds kurdish arab arabs arabic persian persians western westerners eastern ' +
    'northern southern central european europeans american americans british french german germans russian russians chinese ' +
    'turkish muslim muslims christian christians jewish jews islamic islamist islamists zionist zionists english ' +
    'alawite alawites druze maronite maronites sunnite catholic orthodox ' +
    'north south east west northeast northwest southeast southwest'
  ).split(/\s+/),
);

/**
 * Titles and role words (lower case): a candidate made only of these (“Foreign Minister”,
 * “Secretary-General”) is a role, not a name; leading ones are dropped (“President Donald Trump”
 * → “Donald Trump”), and a candidate ending in one is a role title (“National Security Adviser”).
 */
export const TITLE_WORDS: ReadonlySet<string> = new Set(
  (
    'president vice prime minister ministers deputy foreign interior defence defense finance justice secretary ' +
    'secretary-general general lieutenant colonel major captain admiral marshal brigadier commander chief head ' +
    'speaker chairman chairwoman chair spokesman spokeswoman spokesperson envoy ambassador adviser advisor ' +
    'director governor mayor senator representative congressman congresswoman judge justice attorney ' +
    'king queen prince princess crown emir sheikh shaykh sheik ayatollah grand imam mullah hojatoleslam cleric ' +
    'pope bishop archbishop cardinal rabbi saint st mr mrs ms dr prof sir lord lady dame ' +
    'leader leaders officials official member members commissioner negotiator negotiators ' +
    'supreme senior former acting interim'
  ).split(/\s+/),
);

/** Title words that end a role title when they come last (“National Security Adviser”). */
export const ROLE_NOUNS: ReadonlySet<string> = new Set(
  (
    'president minister ministers secretary secretary-general general commander chief head speaker chairman chairwoman chair ' +
    'spokesman spokeswoman spokesperson envoy ambassador adviser advisor director governor mayor senator representative ' +
    'judge attorney king queen prince princess emir leader leaders official officials member members commissioner negotiator'
  ).split(/\s+/),
);
