// `npm run eval`: how well "who is meant" (SPEC §9) resolves mentions on the hand-annotated gold
// set in test/eval/gold/ (see test/eval/README.md), for (a) the demo registry the gold was written
// against and (b) the imported Phoenix registry (../shared/samples/phoenix/*.actors.txt, read in
// place; skipped with a note where absent).
//
//   node scripts/eval.mjs [--json] [--errors] [--unjudged] [--only demo|phoenix] [--gold DIR]
//
//   --json      one JSON line with the numbers instead of the tables
//   --errors    also list each wrong system mention (file:line, text, system entity and rule, gold)
//               and each left-ambiguous one whose best guess is wrong
//   --unjudged  also list every system mention that no gold range covers
//   --only X    evaluate one registry
//   --gold DIR  another gold directory (default test/eval/gold)
//
// The resolver runs as it ships: the pure core (src/core) bundled by esbuild, on the plain text
// of each gold document (every gold `[text]{.ref to=…}` wrapper removed, front matter kept, so
// `date:` and `refs:` are seen). Mentions inside the front matter are ignored (the gold covers the
// body only). Exit code 0 (a report), 1 when the gold set is malformed (a gold `to` that is not a
// demo registry id or `none`, a `.ref` without `to`, nested gold links, text lost in unwrapping).

import { bundleCore } from './core-bundle.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const listErrors = args.includes('--errors');
const listUnjudged = args.includes('--unjudged');
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');

const { RegistryStore, findMentions, parseMarkup, removeTag, applyEdits, importPhoenix, normaliseName } = await bundleCore(
  ['registry', 'mentions', 'markup', 'importPhoenix', 'charTables'],
  'out/eval/core.cjs',
);

const RULES = ['unique', 'link', 'frontMatter', 'coreference', 'office', 'context', 'ambiguous'];
const CATEGORIES = ['plain', 'shared', 'context', 'office', 'frontMatter', 'common-word', 'manual'];
const PRECISION_TARGET = 0.95;

// --- the registries ----------------------------------------------------------------------------

const demoFiles = [
  path.join(root, 'demo', 'entities.yaml'),
  ...readdirSync(path.join(root, 'demo', 'entities'))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(root, 'demo', 'entities', f)),
];
const demoStore = new RegistryStore();
for (const file of demoFiles) demoStore.setFile(`file://${file}`, readFileSync(file, 'utf8'));
const demo = demoStore.build();

// --- the gold set ------------------------------------------------------------------------------

const goldDir = path.resolve(option('--gold') ?? path.join(root, 'test', 'eval', 'gold'));
const malformed = [];

/** Offset after the YAML front matter (0 without one), as test/eval/check-gold.mjs finds it. */
function frontMatterEnd(text) {
  if (!/^---\r?\n/.test(text)) return 0;
  const m = /\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(3));
  return m ? 3 + m.index + m[0].length : 0;
}

/** `offset` in the text after `edits` (sorted, not overlapping) are applied. */
function shifted(edits, offset) {
  let delta = 0;
  for (const e of edits) {
    if (e.end > offset) break;
    delta += e.newText.length - (e.end - e.start);
  }
  return offset + delta;
}

const documents = [];
const goldNames = existsSync(goldDir)
  ? readdirSync(goldDir)
      .filter((f) => /\.(md|txt)$/.test(f))
      .sort()
  : [];
if (goldNames.length === 0) malformed.push(`no gold texts (*.txt, *.md) in ${goldDir}`);
for (const name of goldNames) {
  const rel = path.relative(root, path.join(goldDir, name));
  const raw = readFileSync(path.join(goldDir, name), 'utf8');
  const spans = parseMarkup(raw).spans;
  const refs = spans.filter((s) => s.kind === 'ref');
  for (const s of spans) if (s.kind !== 'ref') malformed.push(`${rel}: a ${s.kind ?? 'broken'} tag at offset ${s.start} (gold files hold only .ref links)`);
  for (const s of refs) if (s.parent !== undefined) malformed.push(`${rel}: a nested .ref at offset ${s.start}`);
  const edits = refs.flatMap((s) => removeTag(raw, s)).sort((a, b) => a.start - b.start);
  const plain = applyEdits(raw, edits);
  const lineOf = (offset) => plain.slice(0, offset).split('\n').length;
  const gold = refs.map((s) => {
    const start = shifted(edits, s.contentStart);
    const end = shifted(edits, s.contentEnd);
    return { start, end, text: plain.slice(start, end), to: s.attributes.to, line: lineOf(start) };
  });
  for (const g of gold) {
    if (!g.to) malformed.push(`${rel}:${g.line}: gold “${g.text}” has no to=`);
    else if (g.to !== 'none' && !demo.entities.has(g.to)) malformed.push(`${rel}:${g.line}: gold “${g.text}” → ${g.to}, not an id of the demo registry`);
  }
  if (/\{\.ref\b/.test(plain)) malformed.push(`${rel}: a {.ref …} block left in the plain text (unparsed link?)`);
  documents.push({ file: rel, name, raw, plain, bodyStart: frontMatterEnd(plain), gold, lineOf });
}
if (malformed.length > 0) {
  for (const m of malformed) console.error(`eval: malformed gold: ${m}`);
  process.exit(1);
}

// Gold categories (and hard / undecidable marks) as test/eval/check-gold.mjs derives them, when
// its export agrees with our plain texts; else the category table is left out.
let categoriesNote;
const categoryOf = new Map(); // `${file}:${start}:${end}` → { category, hard, undecidable }
{
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-gold-'));
  const out = path.join(dir, 'gold.json');
  const run = spawnSync(process.execPath, [path.join(root, 'test', 'eval', 'check-gold.mjs'), '--json', out, ...goldNames.map((f) => path.join(goldDir, f))], {
    encoding: 'utf8',
  });
  if (existsSync(out)) {
    const exported = JSON.parse(readFileSync(out, 'utf8')).documents;
    const byFile = new Map(exported.map((d) => [d.file, d]));
    const disagree = documents.filter((d) => byFile.get(d.file)?.text !== d.plain).map((d) => d.file);
    if (disagree.length > 0) categoriesNote = `categories left out: check-gold.mjs's plain text differs in ${disagree.join(', ')}`;
    else
      for (const d of exported)
        for (const m of d.mentions) categoryOf.set(`${d.file}:${m.start}:${m.end}`, { category: m.category, hard: m.hard, undecidable: m.undecidable });
    if (run.status !== 0)
      categoriesNote = `check-gold.mjs exited ${run.status}: ${run.stdout
        .split('\n')
        .filter((l) => l.startsWith('error'))
        .slice(0, 3)
        .join('; ')}`;
  } else categoriesNote = `categories left out: check-gold.mjs failed (${(run.stderr || run.stdout).trim().split('\n')[0]})`;
  rmSync(dir, { recursive: true, force: true });
}

// --- evaluation --------------------------------------------------------------------------------

/**
 * Scores one registry. `accept(goldId)`: the set of system entity ids that count as the gold
 * entity (undefined: the registry has no counterpart, the mention is not judged).
 */
function evaluate(label, registry, accept) {
  const started = Date.now();
  const blank = () => ({ mentions: 0, correct: 0, wrong: 0, noCounterpart: 0, unjudged: 0 });
  const byRule = Object.fromEntries(RULES.map((r) => [r, blank()]));
  const byCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, { gold: 0, goldEntity: 0, found: 0, correct: 0, wrong: 0, ambiguous: 0, ambiguousRight: 0, missed: 0 }]),
  );
  const errors = [];
  const ambiguousWrong = [];
  const unjudged = [];
  const noCounterpart = [];
  let goldEntity = 0; // gold mentions with an entity the registry has (recall's denominator)
  let goldNoCounterpart = 0;
  let goldNone = 0;
  let correct = 0;
  let wrong = 0;
  let ambiguous = 0;
  let ambiguousRight = 0;
  let ambiguousOnNone = 0;
  let missedNotFound = 0;
  let missedAmbiguous = 0;
  let missedOther = 0;
  let hardCorrect = 0;
  let hardJudged = 0;
  let systemTotal = 0;
  let frontMatterMentions = 0;
  const missedList = [];
  for (const doc of documents) {
    const all = findMentions(registry, doc.plain);
    const system = all.filter((m) => m.start >= doc.bodyStart);
    frontMatterMentions += all.length - system.length;
    systemTotal += system.length;
    const goldAt = new Map(doc.gold.map((g) => [`${g.start}:${g.end}`, g]));
    const foundAt = new Map(); // gold → { rule, right }
    for (const m of system) {
      const rule = m.resolution ?? 'unique';
      const row = byRule[rule] ?? (byRule[rule] = blank());
      row.mentions++;
      const text = doc.plain.slice(m.start, m.end);
      const g = goldAt.get(`${m.start}:${m.end}`);
      const where = `${doc.file}:${doc.lineOf(m.start)}`;
      if (!g) {
        row.unjudged++;
        const overlap = doc.gold.find((x) => x.start < m.end && m.start < x.end);
        unjudged.push({ where, text, entityId: m.entityId, rule, overlap: overlap ? `${overlap.text} → ${overlap.to}` : undefined });
        continue;
      }
      foundAt.set(g, { rule, right: false });
      const cat = categoryOf.get(`${doc.file}:${g.start}:${g.end}`);
      const acceptable = g.to === 'none' ? new Set() : accept(g.to);
      if (!acceptable) {
        row.noCounterpart++;
        noCounterpart.push({ where, text, entityId: m.entityId, rule, gold: g.to });
        continue;
      }
      const right = acceptable.has(m.entityId);
      foundAt.get(g).right = right;
      const c = cat && byCategory[cat.category];
      if (c) c.found++;
      if (rule === 'ambiguous') {
        ambiguous++;
        if (right) ambiguousRight++;
        if (g.to === 'none') ambiguousOnNone++;
        if (c) {
          c.ambiguous++;
          if (right) c.ambiguousRight++;
        }
      }
      if (right) row.correct++;
      else row.wrong++;
      if (rule !== 'ambiguous') {
        if (right) correct++;
        else wrong++;
        if (c) right ? c.correct++ : c.wrong++;
        if (cat?.hard) {
          hardJudged++;
          if (right) hardCorrect++;
        }
      }
      if (!right) {
        const entry = {
          where,
          text,
          entityId: m.entityId,
          rule,
          via: m.via,
          candidates: m.candidates,
          gold: g.to,
          category: cat?.category,
          hard: cat?.hard,
          undecidable: cat?.undecidable,
        };
        (rule === 'ambiguous' ? ambiguousWrong : errors).push(entry);
      }
    }
    for (const g of doc.gold) {
      const cat = categoryOf.get(`${doc.file}:${g.start}:${g.end}`);
      const c = cat && byCategory[cat.category];
      if (c) c.gold++;
      if (g.to === 'none') {
        goldNone++;
        continue;
      }
      if (!accept(g.to)) {
        goldNoCounterpart++;
        continue;
      }
      goldEntity++;
      if (c) c.goldEntity++;
      if (!foundAt.has(g)) {
        missedNotFound++;
        if (c) c.missed++;
        missedList.push({ where: `${doc.file}:${g.line}`, text: g.text, gold: g.to });
      } else if (foundAt.get(g).rule === 'ambiguous') missedAmbiguous++;
      else if (!foundAt.get(g).right) missedOther++;
    }
  }
  const ratio = (a, b) => (b > 0 ? a / b : null);
  const result = {
    registry: label,
    entities: registry.entities.size,
    documents: documents.length,
    gold: { mentions: documents.reduce((n, d) => n + d.gold.length, 0), withEntity: goldEntity, none: goldNone, noCounterpart: goldNoCounterpart },
    system: {
      mentions: systemTotal,
      frontMatterIgnored: frontMatterMentions,
      unjudged: unjudged.length,
      unjudgedOverlappingGold: unjudged.filter((u) => u.overlap).length,
    },
    resolved: { judged: correct + wrong, correct, wrong, precision: ratio(correct, correct + wrong) },
    recall: ratio(correct, goldEntity),
    missed: { notFound: missedNotFound, leftAmbiguous: missedAmbiguous, otherEntity: missedOther },
    ambiguous: { judged: ambiguous, bestGuessCorrect: ambiguousRight, onNone: ambiguousOnNone, bestGuessPrecision: ratio(ambiguousRight, ambiguous) },
    hard: { judged: hardJudged, correct: hardCorrect },
    byRule: Object.fromEntries(Object.entries(byRule).map(([r, v]) => [r, { ...v, precision: ratio(v.correct, v.correct + v.wrong) }])),
    byCategory:
      categoryOf.size > 0
        ? Object.fromEntries(
            Object.entries(byCategory)
              .filter(([, v]) => v.gold > 0)
              .map(([k, v]) => [k, { ...v, precision: ratio(v.correct, v.correct + v.wrong), recall: ratio(v.correct, v.goldEntity) }]),
          )
        : undefined,
    ms: 0,
  };
  result.ms = Date.now() - started;
  return { result, errors, ambiguousWrong, unjudged, missedList, noCounterpart };
}

// --- Phoenix: gold demo ids → Phoenix ids by shared names ---------------------------------------

/** Normalised names and aliases of an entity. */
const namesOf = (e) => [e.name, ...e.aliases.map((a) => a.text)].map((n) => normaliseName(n, false)).filter((n) => n.length > 0);

/**
 * Each demo entity's Phoenix counterparts: the Phoenix entities of the same type one of whose
 * names or aliases equals (normalised) one of the demo entity's names that no other demo entity
 * shares ("Khamenei" names both Khameneis: it maps neither; Phoenix's Tehran → Iran, a state, is
 * not the city).
 */
function phoenixCounterparts(phoenix) {
  const byName = new Map();
  for (const e of phoenix.entities.values()) {
    for (const n of namesOf(e)) {
      if (!byName.has(n)) byName.set(n, new Set());
      byName.get(n).add(e);
    }
  }
  const demoSharers = new Map();
  for (const e of demo.entities.values()) for (const n of new Set(namesOf(e))) demoSharers.set(n, (demoSharers.get(n) ?? 0) + 1);
  const map = new Map();
  for (const e of demo.entities.values()) {
    const ids = new Set();
    for (const n of namesOf(e)) {
      if (demoSharers.get(n) > 1) continue;
      for (const p of byName.get(n) ?? []) if (p.type === e.type) ids.add(p.id);
    }
    map.set(e.id, ids);
  }
  return map;
}

// --- output ------------------------------------------------------------------------------------

const pct = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const out = [];
const print = (...lines) => {
  if (!json) console.log(lines.join('\n'));
};

function report(evaluation, extra = {}) {
  const { result: r, errors, ambiguousWrong, unjudged, missedList } = evaluation;
  const judgedRule = (v) => v.correct + v.wrong;
  print(
    `## ${r.registry} (${r.entities} entities)`,
    '',
    `${r.documents} documents, ${r.gold.mentions} gold mentions (${r.gold.withEntity} with an entity${extra.counterpartNote ?? ''}, ${r.gold.none} to=none${r.gold.noCounterpart ? `, ${r.gold.noCounterpart} naming an entity the registry lacks: not judged` : ''}); ` +
      `${r.system.mentions} system mentions in the bodies (${r.system.frontMatterIgnored} in front matter ignored).`,
    '',
    '| rule | mentions (judged) | correct | wrong | precision | unjudged |' + (r.gold.noCounterpart ? ' no counterpart |' : ''),
    '|---|---:|---:|---:|---:|---:|' + (r.gold.noCounterpart ? '---:|' : ''),
    `| **resolved (overall)** | ${r.resolved.judged} | ${r.resolved.correct} | ${r.resolved.wrong} | **${pct(r.resolved.precision)}** | ${Object.entries(
      r.byRule,
    )
      .filter(([k]) => k !== 'ambiguous')
      .reduce((n, [, v]) => n + v.unjudged, 0)} |` +
      (r.gold.noCounterpart
        ? ` ${Object.entries(r.byRule)
            .filter(([k]) => k !== 'ambiguous')
            .reduce((n, [, v]) => n + v.noCounterpart, 0)} |`
        : ''),
    ...Object.entries(r.byRule).map(
      ([rule, v]) =>
        `| ${rule === 'ambiguous' ? 'ambiguous (best guess)' : rule} | ${judgedRule(v)} | ${v.correct} | ${v.wrong} | ${pct(v.precision)} | ${v.unjudged} |` +
        (r.gold.noCounterpart ? ` ${v.noCounterpart} |` : ''),
    ),
    '',
    `Recall: **${pct(r.recall)}** (${r.resolved.correct} of ${r.gold.withEntity}); missed: ${r.missed.notFound} not found, ${r.missed.leftAmbiguous} left ambiguous, ${r.missed.otherEntity} resolved to another entity.`,
    `Left ambiguous: ${r.ambiguous.judged} judged mentions (${r.ambiguous.onNone} of them on to=none); best guess right ${r.ambiguous.bestGuessCorrect} (${pct(r.ambiguous.bestGuessPrecision)}).`,
    `Unjudged (no gold range): ${r.system.unjudged}${r.system.unjudged ? ` (${r.system.unjudgedOverlappingGold} overlap a gold range with other bounds)` : ''}.`,
  );
  if (r.hard.judged) print(`Hard cases (check-gold --hard) resolved: ${r.hard.correct} of ${r.hard.judged} correct.`);
  const baseline = r.ambiguous.bestGuessPrecision;
  const worse = Object.entries(r.byRule)
    .filter(([rule, v]) => rule !== 'ambiguous' && judgedRule(v) > 0 && baseline !== null && v.precision < baseline)
    .map(([rule, v]) => `${rule} ${pct(v.precision)}`);
  print(
    baseline === null
      ? 'Every rule vs "leave it ambiguous": no ambiguous mention to compare with.'
      : `Every rule's precision ≥ the ambiguous best-guess precision (${pct(baseline)}): ${worse.length === 0 ? 'yes' : `NO (${worse.join(', ')})`}.`,
    `Overall precision ≥ ${PRECISION_TARGET * 100}%: ${r.resolved.precision !== null && r.resolved.precision >= PRECISION_TARGET ? 'yes' : 'NO'}.`,
  );
  if (r.byCategory) {
    print(
      '',
      'By gold category (check-gold.mjs; resolved mentions only, ambiguous apart):',
      '',
      '| category | gold | with entity | found | correct | wrong | ambiguous (guess right) | missed | precision | recall |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...Object.entries(r.byCategory).map(
        ([k, v]) =>
          `| ${k} | ${v.gold} | ${v.goldEntity} | ${v.found} | ${v.correct} | ${v.wrong} | ${v.ambiguous} (${v.ambiguousRight}) | ${v.missed} | ${pct(v.precision)} | ${pct(v.recall)} |`,
      ),
    );
  }
  if (extra.after) print('', ...extra.after);
  if (listErrors) {
    print('', `### Wrong resolved mentions (${errors.length})`, '');
    for (const e of errors)
      print(
        `- ${e.where}: “${e.text}” → ${e.entityId} (${e.rule}${e.via ? ` via ${e.via}` : ''}); gold ${e.gold}${e.category ? ` [${e.category}${e.hard ? `, hard: ${e.hard}` : ''}${e.undecidable ? ', undecidable' : ''}]` : ''}`,
      );
    print('', `### Left ambiguous, best guess wrong (${ambiguousWrong.length})`, '');
    for (const e of ambiguousWrong)
      print(
        `- ${e.where}: “${e.text}” → ${e.entityId} (ambiguous: ${(e.candidates ?? []).join(' ')}); gold ${e.gold}${e.category ? ` [${e.category}${e.undecidable ? ', undecidable' : ''}]` : ''}`,
      );
    print('', `### Missed: gold entity not found as a mention (${missedList.length})`, '');
    for (const m of missedList) print(`- ${m.where}: “${m.text}” (gold ${m.gold})`);
  }
  if (listUnjudged) {
    print('', `### Unjudged system mentions (${unjudged.length})`, '');
    for (const u of unjudged) print(`- ${u.where}: “${u.text}” → ${u.entityId} (${u.rule})${u.overlap ? `; overlaps gold “${u.overlap}”` : ''}`);
  }
  print('');
  out.push(r);
}

print(
  '# Who is meant (SPEC §9) on the gold set (test/eval/gold)',
  '',
  'Definitions. A system mention is judged where its range equals a gold range exactly. Resolved = ' +
    'every rule but `ambiguous`. A resolved mention is correct when its entity is the gold entity ' +
    '(Phoenix: one of its counterparts, the Phoenix entities of the same type sharing a name with it that no other demo entity has, or the gold id itself as `refs:` names it), wrong otherwise ' +
    '(a mention on a gold to=none range is wrong). Precision = correct / (correct + wrong) over ' +
    'resolved judged mentions; ambiguous mentions are neither (reported apart with the accuracy of ' +
    'their best-ranked candidate, the "leave it ambiguous" baseline). Recall = correct resolved / ' +
    'gold mentions with an entity (one the registry has). Unjudged = a system mention with no gold ' +
    'range. Mentions in the front matter are ignored.',
  '',
);
if (categoriesNote) print(`Note: ${categoriesNote}`, '');

if (only !== 'phoenix') report(evaluate('Demo registry (demo/entities.yaml + demo/entities/)', demo, (id) => new Set([id])));

if (only !== 'demo') {
  const phoenixDir = path.join(root, '..', 'shared', 'samples', 'phoenix');
  const sources = existsSync(phoenixDir)
    ? readdirSync(phoenixDir)
        .filter((f) => f.endsWith('.actors.txt'))
        .sort()
        .map((f) => ({ name: f, text: readFileSync(path.join(phoenixDir, f), 'utf8') }))
    : [];
  if (sources.length === 0) {
    print(`## Phoenix registry`, '', `Skipped: no Phoenix dictionaries (*.actors.txt) in ${phoenixDir}.`, '');
    out.push({ registry: 'Phoenix', skipped: true });
  } else {
    const store = new RegistryStore();
    store.setFile('file:///eval/phoenix/entities.yaml', importPhoenix(sources).yaml);
    const phoenix = store.build();
    const counterparts = phoenixCounterparts(phoenix);
    const goldIds = new Set(documents.flatMap((d) => d.gold.map((g) => g.to)).filter((id) => id !== 'none'));
    const lacking = [...goldIds].filter((id) => counterparts.get(id).size === 0).sort();
    const several = [...goldIds].filter((id) => counterparts.get(id).size > 1).sort();
    // Acceptable: the counterparts, and the gold id itself (front matter `refs:` name demo ids,
    // which the resolver reports as written).
    const evaluation = evaluate(`Phoenix registry (${sources.map((s) => s.name).join(', ')})`, phoenix, (id) =>
      counterparts.get(id)?.size ? new Set([...counterparts.get(id), id]) : undefined,
    );
    const claimedBy = new Map();
    for (const id of goldIds) for (const p of counterparts.get(id)) claimedBy.set(p, [...(claimedBy.get(p) ?? []), id]);
    const conflated = [...claimedBy.entries()].filter(([, ids]) => ids.length > 1).map(([p, ids]) => `${p} ← ${ids.join(', ')}`);
    const counts = new Map();
    for (const u of evaluation.unjudged) {
      const key = `${u.text} → ${u.entityId}`;
      const c = counts.get(key) ?? { n: 0, inside: 0 };
      c.n++;
      if (u.overlap) c.inside++;
      counts.set(key, c);
    }
    const top = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0])).slice(0, 20);
    const lackingHits = new Map();
    for (const u of evaluation.noCounterpart) {
      const key = `${u.text} → ${u.entityId} (gold ${u.gold})`;
      lackingHits.set(key, (lackingHits.get(key) ?? 0) + 1);
    }
    evaluation.result.goldIdsWithoutCounterpart = lacking;
    evaluation.result.conflatedCounterparts = conflated;
    evaluation.result.unjudgedTop = top.map(([hit, c]) => ({ hit, ...c }));
    report(evaluation, {
      counterpartNote: ` Phoenix has`,
      after: [
        `Gold ids mapped by name: ${goldIds.size - lacking.length} of ${goldIds.size} have a Phoenix counterpart (${several.length} several: ${several.map((id) => `${id} → ${[...counterparts.get(id)].join(' | ')}`).join('; ') || '–'}).`,
        `Phoenix entities standing for several gold ids (a hit counts as correct for each): ${conflated.join('; ') || '–'}.`,
        `Without a counterpart (their gold mentions not judged): ${lacking.join(', ') || '–'}.`,
        `Phoenix hits on those (not judged): ${
          [...lackingHits.entries()]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .map(([k, n]) => `${k}: ${n}`)
            .join('; ') || '–'
        }.`,
        '',
        `Top 20 unjudged Phoenix hits (text → entity: count; "inside" = within a gold mention of other bounds, e.g. "Iran" of "Iran's foreign minister"):`,
        '',
        ...top.map(([hit, c]) => `- ${hit}: ${c.n}${c.inside ? ` (${c.inside === c.n ? 'all' : c.inside} inside)` : ''}`),
      ],
    });
  }
}

if (json) console.log(JSON.stringify({ registries: out }));
