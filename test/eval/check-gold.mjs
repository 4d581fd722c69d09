#!/usr/bin/env node
// Checks the hand-annotated "who is meant" gold set (test/eval/gold/) against the demo registry,
// independently of src/: every place where a registry name or alias occurs (SPEC §2) must carry a
// gold link `[text]{.ref to=…}`, every gold link must sit on such a place (or is reported as a
// manual link), and every `to` must be a registry id or `none`. Prints counts per category.
//
//   node test/eval/check-gold.mjs [--registry FILE…] [--json OUT.json] [--plain DIR] [gold files…]
//
//   --json OUT   write the gold set as JSON: per document its date, `refs`, the plain text (the
//                `.ref` wrappers removed) and each gold mention with UTF-16 offsets into it.
//   --plain DIR  write each document's plain text to DIR (to run `analyst-markup scan` on).
//   --hard       list the hard cases: gold that a naive reading of SPEC §9 gets wrong (an office
//                phrase naming a former holder, a coreference trap, a false hit of a name in use).
//   Exit code 1 when a registry hit has no gold annotation or a gold id is unknown.
//
// The matcher here is a small re-implementation of SPEC §2 for checking only (whole words,
// case-insensitive except short capitals and caseSensitive aliases, typographic quotes and dashes
// = ASCII, white space runs = one space, Persian ی/ک = Arabic ي/ك, alef forms = ا, Arabic
// harakat and tatweel ignored, leftmost-longest). The YAML front matter is not scanned: mentions
// are judged in the document body only.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

// ------------------------------------------------------------------------------------------
// Arguments

const args = process.argv.slice(2);
let registryFiles = [];
let jsonOut;
let plainDir;
const goldFiles = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--registry') registryFiles.push(args[++i]);
  else if (a === '--json') jsonOut = args[++i];
  else if (a === '--plain') plainDir = args[++i];
  else if (a === '--hard') continue;
  else goldFiles.push(a);
}
if (registryFiles.length === 0) {
  const dir = path.join(ROOT, 'demo', 'entities');
  registryFiles = [
    path.join(ROOT, 'demo', 'entities.yaml'),
    ...fs
      .readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => path.join(dir, f)),
  ];
}
if (goldFiles.length === 0) {
  const dir = path.join(HERE, 'gold');
  for (const f of fs.readdirSync(dir).sort()) if (/\.(md|txt)$/.test(f)) goldFiles.push(path.join(dir, f));
}

// ------------------------------------------------------------------------------------------
// Registry

const entities = new Map();
for (const file of registryFiles) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  for (const e of doc.entities ?? [doc]) {
    if (entities.has(e.id)) throw new Error(`duplicate id ${e.id} (${file})`);
    entities.set(e.id, e);
  }
}

/** Holders of each position: id → [{ person, from, to }]. */
const holders = new Map();
for (const e of entities.values()) {
  for (const r of e.roles ?? []) {
    if (!r.post) continue;
    if (!holders.has(r.post)) holders.set(r.post, []);
    holders.get(r.post).push({ person: e.id, from: dateText(r.from), to: dateText(r.to) });
  }
}

function dateText(v) {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

// ------------------------------------------------------------------------------------------
// Folding (SPEC §2)

const WORD = /[\p{L}\p{M}\p{N}]/u;
const SPACE = /\s/u;
const FOLDS = {
  0x2019: 0x27,
  0x2018: 0x27,
  0x201b: 0x27,
  0x2032: 0x27,
  0x02bc: 0x27,
  0x201c: 0x22,
  0x201d: 0x22,
  0x201f: 0x22,
  0x2033: 0x22,
  0x2010: 0x2d,
  0x2011: 0x2d,
  0x2012: 0x2d,
  0x2013: 0x2d,
  0x2014: 0x2d,
  0x2015: 0x2d,
  0x2212: 0x2d,
  0x06cc: 0x064a,
  0x06a9: 0x0643,
  0x0623: 0x0627,
  0x0625: 0x0627,
  0x0622: 0x0627,
  0x0671: 0x0627,
};
const ignorable = (c) => (c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || c === 0x00ad;

/**
 * Folds `text` into `sensitive` and `insensitive` strings of equal length plus `map[i]` = the
 * offset in `text` of folded unit i (and map[length] = text.length).
 */
function fold(text) {
  let sens = '';
  let insens = '';
  const map = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (ignorable(c)) continue;
    if (SPACE.test(ch)) {
      if (!inSpace) {
        sens += ' ';
        insens += ' ';
        map.push(i);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    const f = FOLDS[c] !== undefined ? String.fromCharCode(FOLDS[c]) : ch;
    const lower = f.toLowerCase();
    sens += f;
    insens += lower.length === 1 ? lower : f;
    map.push(i);
  }
  map.push(text.length);
  return { sens, insens, map };
}

function isShortCapitals(text) {
  let letters = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (letters > 4) return false;
    if (ch.toLowerCase() === ch) return false;
  }
  return letters > 0;
}

/** Every name and alias: folded text → { caseSensitive, entities: Set }. */
const names = new Map();
function addName(text, caseSensitive, id) {
  const f = fold(text);
  const key = (caseSensitive ? 'S:' : 'I:') + (caseSensitive ? f.sens : f.insens).trim();
  if (!names.has(key)) names.set(key, { folded: (caseSensitive ? f.sens : f.insens).trim(), caseSensitive, entities: new Set(), text });
  names.get(key).entities.add(id);
}
for (const e of entities.values()) {
  addName(e.name, isShortCapitals(e.name), e.id);
  for (const a of e.aliases ?? []) {
    if (typeof a === 'string') addName(a, isShortCapitals(a), e.id);
    else addName(a.text, a.caseSensitive ?? isShortCapitals(a.text), e.id);
  }
}

/** Registry hits in `text` from offset `from`: [{ start, end, text, candidates }], leftmost-longest. */
function scan(text, from) {
  const f = fold(text);
  const found = [];
  const wordAt = (s, i) => i >= 0 && i < s.length && WORD.test(s[i]);
  for (const n of names.values()) {
    const hay = n.caseSensitive ? f.sens : f.insens;
    let at = hay.indexOf(n.folded);
    while (at >= 0) {
      const end = at + n.folded.length;
      const startsWord = !wordAt(hay, at - 1) || !WORD.test(n.folded[0]);
      const endsWord = !wordAt(hay, end) || !WORD.test(n.folded[n.folded.length - 1]);
      if (startsWord && endsWord && f.map[at] >= from) found.push({ s: at, e: end, n });
      at = hay.indexOf(n.folded, at + 1);
    }
  }
  found.sort((a, b) => a.s - b.s || b.e - a.e);
  const chosen = [];
  let reach = -1;
  for (const m of found) {
    if (m.s < reach) continue;
    // several names of equal folded extent (case-sensitive and not) merge their candidates
    const last = chosen[chosen.length - 1];
    if (last && last.s === m.s && last.e === m.e) {
      for (const id of m.n.entities) last.cands.add(id);
      continue;
    }
    chosen.push({ s: m.s, e: m.e, cands: new Set(m.n.entities) });
    reach = m.e;
  }
  return chosen.map((m) => {
    const start = f.map[m.s];
    const end = f.map[m.e - 1] + 1;
    return { start, end, text: text.slice(start, end), candidates: [...m.cands].sort() };
  });
}

// ------------------------------------------------------------------------------------------
// Gold documents

const REF = /\[([^\[\]]+)\]\{\.ref\b([^}]*)\}/g;

function frontMatterEnd(text) {
  if (!/^---\r?\n/.test(text)) return 0;
  const m = /\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(3));
  return m ? 3 + m.index + m[0].length : 0;
}

function documentDate(raw, fmEnd) {
  if (fmEnd > 0) {
    const fm = YAML.parse(raw.slice(raw.indexOf('\n') + 1, raw.lastIndexOf('---', fmEnd))) ?? {};
    if (fm.date) return { date: dateText(fm.date), refs: fm.refs ?? {} };
    return { date: undefined, refs: fm.refs ?? {} };
  }
  const lines = raw.split('\n').slice(0, 30);
  for (const l of lines) {
    const m = /^\s*(?:Date|Published|Publish Date)\s*:\s*(\d{4}-\d{2}-\d{2})/.exec(l);
    if (m) return { date: m[1], refs: {} };
  }
  return { date: undefined, refs: {} };
}

function covers(h, date) {
  return (!h.from || h.from <= date) && (!h.to || date < h.to || (h.to.length < 10 && date.startsWith(h.to)));
}

// Mentions whose gold is what the author meant though the text alone cannot tell (see README).
const undecidableFile = path.join(HERE, 'undecidable.json');
const undecidable = fs.existsSync(undecidableFile) ? JSON.parse(fs.readFileSync(undecidableFile, 'utf8')) : [];
const undecidableFound = new Set();

const problems = [];
const warnings = [];
const hardCases = [];
const out = [];
const counts = { shared: 0, office: 0, frontMatter: 0, context: 0, 'common-word': 0, plain: 0, manual: 0 };
let scriptCount = 0;
let total = 0;

for (const file of goldFiles) {
  const rel = path.relative(ROOT, file);
  const raw = fs.readFileSync(file, 'utf8');
  const fmEnd = frontMatterEnd(raw);
  const { date, refs } = documentDate(raw, fmEnd);
  if (!date) problems.push(`${rel}: no document date (front matter date: or a Date: line)`);
  // strip the wrappers, keep gold spans in plain-text offsets
  let plain = '';
  let last = 0;
  const gold = [];
  REF.lastIndex = 0;
  for (let m; (m = REF.exec(raw));) {
    plain += raw.slice(last, m.index);
    const to = /(?:^|\s)to=("?)([^\s"}]+)\1/.exec(m[2])?.[2];
    if (m.index < fmEnd) problems.push(`${rel}: a .ref link inside the front matter`);
    gold.push({ start: plain.length, end: plain.length + m[1].length, text: m[1], to });
    plain += m[1];
    last = m.index + m[0].length;
  }
  plain += raw.slice(last);
  if (/\{\.ref/.test(plain)) problems.push(`${rel}: a {.ref …} block that did not parse (nested or unbalanced brackets?)`);
  const hits = scan(plain, fmEnd);
  const byRange = new Map(hits.map((h) => [`${h.start}:${h.end}`, h]));
  const lineOf = (off) => plain.slice(0, off).split('\n').length;
  const refKeys = new Map(Object.entries(refs).map(([k, v]) => [fold(k).insens.trim(), v]));

  for (const h of hits) {
    if (!gold.some((g) => g.start === h.start && g.end === h.end)) {
      const overlap = gold.find((g) => g.start < h.end && h.start < g.end);
      problems.push(`${rel}:${lineOf(h.start)}: unjudged hit “${h.text}” (${h.candidates.join(' ')})${overlap ? ` — overlaps gold “${overlap.text}”` : ''}`);
    }
  }
  const docOut = { file: rel, date, refs, frontMatterEnd: fmEnd, text: plain, mentions: [] };
  const seenUnique = new Set();
  const lastUnique = new Map();
  for (const g of gold) {
    total++;
    if (!g.to) {
      problems.push(`${rel}:${lineOf(g.start)}: gold “${g.text}” without to=`);
      continue;
    }
    if (g.to !== 'none' && !entities.has(g.to)) problems.push(`${rel}:${lineOf(g.start)}: unknown id ${g.to}`);
    const h = byRange.get(`${g.start}:${g.end}`);
    let category;
    const arabicScript = /[\u0600-\u06ff]/.test(g.text);
    if (arabicScript) scriptCount++;
    if (!h) {
      category = 'manual';
      warnings.push(`${rel}:${lineOf(g.start)}: gold “${g.text}” → ${g.to} is not a registry hit (manual link)`);
    } else {
      const cands = h.candidates;
      const positions = cands.filter((id) => entities.get(id)?.type === 'position');
      // is the gold plausible for the text? a candidate, a holder of a candidate position, or none
      const plausible = g.to === 'none' || cands.includes(g.to) || positions.some((p) => (holders.get(p) ?? []).some((x) => x.person === g.to));
      if (!plausible) warnings.push(`${rel}:${lineOf(g.start)}: gold “${g.text}” → ${g.to}, but the text names ${cands.join(' ')}`);
      if (refKeys.has(fold(g.text).insens.trim())) {
        category = 'frontMatter';
        const v = refKeys.get(fold(g.text).insens.trim());
        if (v !== g.to) warnings.push(`${rel}:${lineOf(g.start)}: refs says ${v} for “${g.text}”, gold says ${g.to}`);
      } else if (g.to === 'none') category = 'common-word';
      else if (positions.length > 0) {
        category = 'office';
        if (date && positions.length === 1) {
          const on = (holders.get(positions[0]) ?? []).filter((x) => covers(x, date));
          if (on.length === 1 && on[0].person !== g.to)
            warnings.push(`${rel}:${lineOf(g.start)}: “${g.text}” on ${date} is held by ${on[0].person}; gold says ${g.to} (a former holder? fine if meant)`);
          if (on.length !== 1 && g.to !== positions[0] && !cands.includes(g.to))
            warnings.push(`${rel}:${lineOf(g.start)}: “${g.text}” on ${date} has ${on.length} holders; gold says ${g.to}`);
        }
      } else if (cands.length > 1) category = cands.some((c) => seenUnique.has(c)) ? 'shared' : 'context';
      else category = 'plain';
      // hard cases: where the naive reading of SPEC §9 gives another answer than the gold
      let hard;
      if (category === 'office' && date && positions.length === 1) {
        const on = (holders.get(positions[0]) ?? []).filter((x) => covers(x, date)).map((x) => x.person);
        const naive = on.length === 1 ? on[0] : positions[0];
        if (naive !== g.to)
          hard =
            g.to === 'none'
              ? 'office phrase used generically (not an entity)'
              : on.length === 1
                ? `office phrase naming a former holder (held by ${naive} on the date)`
                : `office vacant on the date (gold names ${g.to})`;
      } else if (category === 'shared') {
        const latest = [...lastUnique.entries()].filter(([id]) => cands.includes(id)).sort((a, b) => b[1] - a[1])[0]?.[0];
        if (latest && latest !== g.to) hard = `coreference trap: the latest unambiguous earlier mention is ${latest}`;
      } else if (category === 'common-word' && cands.length === 1 && !positions.length) {
        const latest = lastUnique.has(cands[0]);
        if (latest) hard = `false hit of a name the document also uses for ${cands[0]}`;
      }
      const und = undecidable.find((u) => u.file === path.basename(file) && u.line === lineOf(g.start) && u.text === g.text);
      if (und) {
        undecidableFound.add(und);
        if (und.to !== g.to) problems.push(`${rel}:${lineOf(g.start)}: undecidable.json says ${und.to} for “${g.text}”, gold says ${g.to}`);
      }
      if (hard) hardCases.push(`${rel}:${lineOf(g.start)}: “${g.text}” → ${g.to}: ${hard}`);
      if (cands.length === 1 && g.to === cands[0]) {
        seenUnique.add(g.to);
        lastUnique.set(g.to, g.start);
      }
      docOut.mentions.push({
        start: g.start,
        end: g.end,
        text: g.text,
        to: g.to,
        candidates: cands,
        category,
        ...(hard ? { hard } : {}),
        ...(und ? { undecidable: und.why } : {}),
      });
    }
    counts[category]++;
    if (!h) docOut.mentions.push({ start: g.start, end: g.end, text: g.text, to: g.to, candidates: [], category });
  }
  out.push(docOut);
  if (plainDir) {
    fs.mkdirSync(plainDir, { recursive: true });
    fs.writeFileSync(path.join(plainDir, path.basename(file)), plain);
  }
}

for (const u of undecidable) if (!undecidableFound.has(u)) problems.push(`undecidable.json: no gold “${u.text}” on ${u.file}:${u.line}`);
if (args.includes('--hard') || process.env.GOLD_HARD) for (const h of hardCases) console.log(`hard: ${h}`);
for (const w of warnings) if (!/former holder|has 0 holders|holders; gold says/.test(w)) console.log(`warning: ${w}`);
for (const p of problems) console.log(`error: ${p}`);
console.log(`${goldFiles.length} documents, ${total} gold mentions (${scriptCount} in Persian/Arabic script)`);
console.log(
  Object.entries(counts)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', '),
);
console.log(`hard cases (naive SPEC §9 reading disagrees with the gold): ${hardCases.length}; undecidable from the text alone: ${undecidable.length}`);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ registry: registryFiles.map((f) => path.relative(ROOT, f)), documents: out }, null, 2) + '\n');
process.exit(problems.length > 0 ? 1 : 0);
