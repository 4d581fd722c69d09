// How precise the Phoenix import is on ordinary text (docs/phoenix-precision.md).
//
//   node scripts/phoenix-precision.mjs [--ref REV] [--json FILE] [--quiet]
//
// Imports the Phoenix actor dictionaries (../shared/samples/phoenix/*.actors.txt, third-party,
// read in place) with our importer, loads the YAML in the registry, and scans ordinary text:
// ../shared/samples/news-larijani-tour.txt and demo/articles/*.txt. Prints the counts (names,
// aliases, registry diagnostics, what the import dropped or made case-sensitive, by reason) and
// every hit with its context, to be judged by reading.
// --ref REV measures the importer as it was at a git revision (src/core/importPhoenix.ts of REV;
// the other core modules as they are now), for the "before" column.
// --json FILE also writes the numbers and the hits as JSON.

import { bundleCore } from './core-bundle.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const ref = option('--ref');
const jsonOut = option('--json');
const quiet = args.includes('--quiet');

// The core, bundled: importPhoenix from the work tree or from `--ref`, the rest from the work tree.
const coreDir = path.join(root, 'src', 'core');
const plugins = [];
if (ref) {
  const oldImporter = execFileSync('git', ['show', `${ref}:src/core/importPhoenix.ts`], { cwd: root, encoding: 'utf8' });
  plugins.push({
    name: 'importer-at-ref',
    setup(build) {
      build.onResolve({ filter: /importPhoenix$/ }, (a) =>
        a.resolveDir === coreDir || a.resolveDir === root ? { path: 'importPhoenix@ref', namespace: 'ref' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'ref' }, () => ({ contents: oldImporter, loader: 'ts', resolveDir: coreDir }));
    },
  });
}
const { RegistryStore, scanAll, importPhoenix, readPlainYaml } = await bundleCore(
  ['registry', 'incremental', 'importPhoenix', 'fastYaml'],
  `out/phoenix-precision/core${ref ? '-ref' : ''}.cjs`,
  { plugins },
);

// --- import --------------------------------------------------------------------------------------
const phoenixDir = path.join(root, '..', 'shared', 'samples', 'phoenix');
if (!existsSync(phoenixDir)) {
  console.error(`phoenix-precision: ${phoenixDir} not found (the Phoenix dictionaries are read in place).`);
  process.exit(2);
}
const sources = readdirSync(phoenixDir)
  .filter((f) => f.endsWith('.actors.txt'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(path.join(phoenixDir, f), 'utf8') }));
const result = importPhoenix(sources);
const loadStarted = Date.now();
const store = new RegistryStore();
store.setFile('file:///phoenix/entities.yaml', result.yaml);
const registry = store.build();
const loadMs = Date.now() - loadStarted;
const diagnostics = [...registry.diagnostics.values()].flat();
const byCode = {};
for (const d of diagnostics) byCode[`${d.severity} ${d.code}`] = (byCode[`${d.severity} ${d.code}`] ?? 0) + 1;
let aliases = 0;
let caseSensitiveAliases = 0;
for (const e of registry.entities.values()) {
  aliases += e.aliases.length;
  caseSensitiveAliases += e.aliases.filter((a) => a.caseSensitive).length;
}
const numbers = {
  importer: ref ? `importPhoenix.ts at ${ref}` : 'importPhoenix.ts in the work tree',
  entities: registry.entities.size,
  aliases,
  namesAndAliases: registry.entities.size + aliases,
  distinctForms: registry.matcher.size,
  caseSensitiveAliases,
  explicitCaseSensitive: (result.yaml.match(/caseSensitive: true/g) ?? []).length,
  registryErrors: registry.errorCount,
  registryWarnings: registry.warningCount,
  diagnosticsByCode: byCode,
  importWarnings: result.warnings.length,
  // Whether the registry's fast YAML reader reads the output (else the slow yaml library does).
  fastReader: readPlainYaml(result.yaml) !== undefined,
  loadMs,
  // Filled in by importers that report what they drop (`stats.generic`), absent before.
  generic: result.stats.generic,
  renamed: undefined,
};

// --- ordinary text -------------------------------------------------------------------------------
// The sample article and the demo articles (real news, read only), then PROBE: sentences written
// for this measurement in the register of those articles, naming no actor but the Guardian
// Council (there to show "The Guardian" taking the start of it), so that every other hit in them
// is false. They use the everyday phrases the categories are about, and also ones the import
// keeps (two-word names such as "Red Line"), so that what is left is seen too.
const PROBE = [
  'The foundation of the agreement was laid last year, officials said.',
  'The party said it would not join the government.',
  'The government approved the plan on Thursday; the cabinet will meet again next week.',
  'Security is the cornerstone of the relationship, the minister said.',
  'The general said the army would withdraw, and the president thanked him.',
  'The senate of the university voted to reopen the campus.',
  'Youth unemployment rose, and young male workers were hit hardest.',
  'Male and female voters were asked to queue separately.',
  'The saga of the delayed elections continued as marches were held in the capital.',
  'The Guardian Council approved the candidates; the guardian of the children spoke to reporters.',
  'Crossing that red line would provoke an immediate response, he warned.',
  'The protesters promised direct action and a new order in the region.',
  'Popular resistance to the decision grew, and the national front of opposition groups called a strike.',
  'Police took immediate action after the lightning storm cut power to the town.',
  'The avengers of the film franchise were not mentioned in the statement.',
  'The secretary of state for the region said the president and the prime minister had met.',
  'Tigers and lions are kept in the zoo, which saw zero visitors during the war.',
  'He poured olive oil on the bread and said the saga was over.',
  'The new law gives free land to 313 families and 380 farmers.',
  'The white house on the hill was damaged in the shelling.',
  'A security council of local elders will oversee the ceasefire.',
  'National resistance to the occupation was the theme of the speech.',
  'The holy men of the village blessed the bridge.',
  'The people and the soldiers stood together, he said.',
  'Revolutionary struggle was the title of the exhibition.',
  'Aid groups said the shelter was full; the aid group asked for more tents.',
];
const texts = [path.join(root, '..', 'shared', 'samples', 'news-larijani-tour.txt')];
const demo = path.join(root, 'demo', 'articles');
for (const f of readdirSync(demo).sort()) if (f.endsWith('.txt')) texts.push(path.join(demo, f));
texts.push('PROBE');
const hits = [];
for (const file of texts) {
  const text = file === 'PROBE' ? PROBE.join('\n') : readFileSync(file, 'utf8');
  for (const m of scanAll(registry.matcher, text).mentions) {
    const entity = registry.entities.get(m.entityId);
    hits.push({
      file: file === 'PROBE' ? 'probe' : path.basename(file),
      start: m.start,
      text: text.slice(m.start, m.end),
      entityId: m.entityId,
      entity: entity ? `${entity.name} (${entity.type})` : '?',
      context: text.slice(Math.max(0, m.start - 40), Math.min(text.length, m.end + 40)).replace(/\s+/g, ' '),
    });
  }
}
numbers.hitsInArticles = hits.filter((h) => h.file !== 'probe').length;
numbers.hitsInProbe = hits.filter((h) => h.file === 'probe').length;

if (!quiet) {
  console.log(JSON.stringify(numbers, null, 2));
  console.log(`\nhits (${hits.length}):`);
  for (const h of hits) console.log(`${h.file}@${h.start}\t${JSON.stringify(h.text)}\t→ ${h.entityId} = ${h.entity}\t… ${h.context} …`);
}
if (!quiet && result.generic) {
  console.log(`\ngeneric names and aliases (${result.generic.length}):`);
  for (const f of result.generic)
    console.log(`${f.file}:${f.line}\t${f.action}\t${f.reason}\t${f.isName ? 'name' : 'alias'}\t${JSON.stringify(f.text)}\t${f.entityId}`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ numbers, hits, generic: result.generic }, null, 2));
