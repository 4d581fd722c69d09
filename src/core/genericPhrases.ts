// Word lists for telling a generic phrase from a name (the Phoenix import, docs/phoenix-precision.md).
// Lower case. A name or alias made only of these words ("The Foundation", "Tigers", "Secretary of
// State") would match ordinary sentences ("the foundation of the state"), so the importer drops
// it, or imports it as `caseSensitive: true` where the capitalised form is itself distinctive.
// commonWords.ts holds the function words, titles and nationality words these lists add to.
// Deliberately absent: country and city names ("Turkey", "Chad", "China", "Jordan"), and the
// words that are nearly always part of a proper name in news text ("united", "islamic", "arab").

/** Common nouns and adjectives that name kinds of bodies, groups, people and things, not one actor. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  // bodies and groups
  (
    'foundation foundations party parties government governments administration regime cabinet ministry ministries ' +
    'department departments office offices bureau agency agencies authority authorities commission commissions ' +
    'committee committees council councils board boards assembly assemblies parliament congress senate house houses ' +
    'court courts tribunal chamber legislature judiciary army armies military navy air force forces guard guards ' +
    'police militia militias brigade brigades battalion battalions regiment regiments legion legions corps unit units ' +
    'squad squads squadron squadrons cell cells nucleus nuclei command commandos commando front fronts movement ' +
    'movements organization organizations organisation organisations association associations society societies union ' +
    'unions league leagues alliance alliances coalition federation confederation group groups network networks faction ' +
    'factions bloc club clubs team teams company companies corporation firm fund trust bank banks institute ' +
    'institution institutions center centre centers centres project program programme service services mission ' +
    'missions church churches temple order orders brotherhood sisterhood fellowship community communities family ' +
    'families clan clans tribe tribes nation nations people peoples state states republic kingdom empire country ' +
    'countries land lands region city town village island islands collective conference forum panel ' +
    // people
    'man men woman women male female males females youth youths student students worker workers fighter fighters warrior warriors soldier ' +
    'soldiers rebel rebels militant militants guerrilla guerrillas partisan partisans patriot patriots volunteer ' +
    'volunteers martyr martyrs avenger avengers defender defenders knight knights lion lions tiger tigers eagle eagles ' +
    'falcon falcons hawk hawks wolf wolves panther panthers son sons daughter daughters child children citizen citizens ' +
    'comrade comrades brother brothers sister sisters friend friends follower followers believer believers masses ' +
    'revolutionary revolutionaries anarchist anarchists socialist socialists communist communists nationalist ' +
    'nationalists loyalist loyalists veteran veterans refugee refugees maverick mavericks guardian guardians holders ' +
    'saboteurs conquerors extremists insurgents separatists dissidents exiles prisoners victims ' +
    // abstract nouns of group names
    'action justice struggle solidarity resistance liberation freedom liberty independence unity peace hope faith ' +
    'truth victory glory honour honor dignity revenge vengeance rage anger wrath fury storm thunder lightning fire ' +
    'flame flames light dawn sunrise star stars sword swords shield arrow banner banners flag path way line cornerstone ' +
    'reform change progress renewal revival awakening salvation revolution uprising development democracy security ' +
    'defence defense safety rights power energy future life death memory vision mercy virtue charity relief aid ' +
    'support help care health education research science trade industry labour labor work zero ' +
    // adjectives
    'red black white green blue yellow orange brown grey gray golden silver new old young free national popular ' +
    'public social democratic patriotic liberal progressive conservative radical armed secret holy sacred divine ' +
    'silent direct immediate joint independent autonomous special central federal regional local international ' +
    'global universal world great high first second third last final true real pure eternal righteous angry burning ' +
    'shining rising fighting sovereign proletarian human civil political economic urban rural southern northern ' +
    'eastern western middle north south east west northeast northwest southeast southwest'
  ).split(/\s+/),
);

/**
 * Everyday English words that are also names of places in the Phoenix dictionaries ("Cork",
 * "Saga", "Pole", "Polish"): found by checking every single-word form of the import against an
 * English word list (docs/phoenix-precision.md). A place's name among these is imported as
 * `caseSensitive: true`; one among GENERIC_WORDS ("Male" for Malé: male and female start too
 * many sentences and table headings) is dropped.
 */
export const EVERYDAY_WORDS: ReadonlySet<string> = new Set(
  ('pole poles polish moron saga marches cork gent meshed kiwi bale fez canaries limerick champagne ' + 'phoenix providence buffalo jersey olive').split(/\s+/),
);

/** Words that describe an office, after a title word ("Secretary of State", "Foreign Minister"). */
export const OFFICE_WORDS: ReadonlySet<string> = new Set(
  'affairs state foreign interior home defence defense finance justice security intelligence treasury cabinet general'.split(' '),
);
