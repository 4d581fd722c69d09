#!/usr/bin/env node
// Timings of the timeline and network views (issue 12), on a generated workspace of 5,000 tags
// over 300 documents and 2,000 entities (dated roles, affiliations, events and claims between
// them). Part of `npm run bench`.
//
//   node scripts/bench-views.mjs [--json] [--runs 7] [--no-editor] [--keep-workspace DIR] [--vscode both|minimum|current]
//
// 1. The core, bundled and minified as it ships (scripts/core-bundle.mjs), beside a baseline
//    measured in the same run on the same documents: plain tag parsing (parseMarkup). Turns are
//    interleaved; each number is the median of --runs turns, with min and max.
// 2. In the real VS Code (code-server and Chromium, as the integration suite; --no-editor skips
//    it): command → the webview's first drawn frame (the view reports it after painting), and a
//    tag edit in an open document → the view drawn again with it. Targets: ≤ 1 s and ≤ 200 ms.
//    Measured in test/integration/bench/viewTimings.ts (ANALYST_MARKUP_BENCH=views).
//    --vscode: in which VS Code (scripts/provision-vscode.mjs): minimum = 1.100, whose webviews
//    each register a service worker (microsoft/vscode#245756), current = 1.117, without that;
//    both (the default, unless ANALYST_MARKUP_VSCODE names one) runs this script once per VS Code,
//    one after the other, the core part only in the first.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { bundleCore, root } from './core-bundle.mjs';
import { vscodeChoice, vscodeLayout } from './provision-vscode.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const runs = Number(option('--runs', 7));
const out = json ? process.stderr : process.stdout;
const say = (s) => process.stderr.write(`[bench:views] ${s}\n`);
const vscodeOption = option('--vscode', process.env.ANALYST_MARKUP_VSCODE || 'both');
const vscodes = vscodeOption === 'both' ? ['minimum', 'current'] : [vscodeChoice(vscodeOption)];
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

// ---------------------------------------------------------------------------------------------
// The generated workspace (deterministic: a seeded generator).

export const SIZES = { documents: 300, tags: 5000, entities: 2000 };

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'ran', 'lo', 'mi', 'sar', 'te', 'vo', 'dan', 'ri', 'zel', 'no', 'bar', 'qu', 'hal', 'ef', 'tor'];
const TYPES = ['person', 'person', 'person', 'organization', 'organization', 'state', 'place', 'position'];
const EVENT_TYPES = ['agree', 'consult', 'support', 'accuse', 'reject', 'threaten', 'protest', 'sanction', 'cooperate', 'aid'];
const CONFIDENCE = ['unlikely', 'roughly-even', 'likely', 'very-likely', 'almost-certain'];

function pad(n, w) {
  return String(n).padStart(w, '0');
}

export function generateWorkspace(seed = 12) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const entities = [];
  for (let i = 0; i < SIZES.entities; i++) {
    const name =
      `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)} ${pick(SYLLABLES)}${pick(SYLLABLES)}`.replace(/\b\w/g, (c) => c.toUpperCase()) + ` ${i}`;
    entities.push({ id: `ent-${pad(i, 4)}`, name, type: TYPES[i % TYPES.length] });
  }
  const bodies = entities.filter((e) => e.type === 'organization' || e.type === 'state');
  let yaml = 'entities:\n';
  for (const e of entities) {
    yaml += `  - id: ${e.id}\n    name: ${e.name}\n    type: ${e.type}\n`;
    if (e.type === 'person') {
      const from = 2015 + Math.floor(random() * 10);
      yaml += `    roles:\n      - title: Official\n        of: ${pick(bodies).id}\n        from: ${from}-${pad(1 + Math.floor(random() * 12), 2)}\n`;
      if (random() < 0.5) yaml += `        to: ${from + 1 + Math.floor(random() * 4)}\n`;
      yaml += `    affiliations: [${pick(bodies).id}]\n`;
    }
  }
  const actors = entities.filter((e) => e.type !== 'position');
  const documents = [];
  let tag = 0;
  for (let d = 0; d < SIZES.documents; d++) {
    const lines = [`---`, `date: 2024-${pad(1 + (d % 12), 2)}-${pad(1 + (d % 28), 2)}`, `---`, `# Report ${d}`, ''];
    const count = Math.floor(SIZES.tags / SIZES.documents) + (d < SIZES.tags % SIZES.documents ? 1 : 0);
    for (let k = 0; k < count; k++, tag++) {
      const a = pick(actors);
      const b = pick(actors);
      const date =
        random() < 0.1
          ? ''
          : random() < 0.2
            ? ` date=20${18 + Math.floor(random() * 7)}-${pad(1 + Math.floor(random() * 12), 2)}`
            : ` date=20${18 + Math.floor(random() * 7)}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`;
      lines.push(`Background sentence about ${a.name} and the region, with more words to read.`);
      if (tag % 3 === 0)
        lines.push(`[${a.name} said that ${b.name} would respond]{.claim #c${tag} by=${a.id} about=${b.id} confidence=${pick(CONFIDENCE)}${date}}`);
      else lines.push(`[${a.name} met ${b.name} in the capital]{.event #e${tag} type=${pick(EVENT_TYPES)} actors=${a.id} targets=${b.id}${date}}`);
      lines.push('');
    }
    documents.push({ path: `reports/report-${pad(d, 3)}.md`, text: lines.join('\n') });
  }
  return { registry: yaml, documents };
}

export function writeWorkspace(dir, workspace) {
  fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'entities.yaml'), workspace.registry);
  for (const d of workspace.documents) fs.writeFileSync(path.join(dir, d.path), d.text);
}

// ---------------------------------------------------------------------------------------------
// 1. The core.

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
};
const fmt = (s) => `${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}, n=${s.n})`;

/** The workspace's registry, tags and mention counts per entity, as the views start from them. */
function benchInputs(core, workspace) {
  const store = new core.RegistryStore();
  store.setFile('file:///bench/entities.yaml', workspace.registry);
  const registry = store.build();
  const tags = core.collectTags(workspace.documents).tags;
  const counts = new Map();
  for (const d of workspace.documents) for (const m of core.findMentions(registry, d.text)) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
  return { registry, tags, counts };
}

async function coreBench() {
  const core = await bundleCore(['registry', 'markup', 'exportTags', 'mentions', 'timeline', 'network', 'graphml'], 'out/bench/views-core.cjs', {
    minify: true,
  });
  const workspace = generateWorkspace();
  const { registry, tags, counts } = benchInputs(core, workspace);
  const tasks = {
    'baseline: parseMarkup of every document (plain tag parsing)': () => {
      let n = 0;
      for (const d of workspace.documents) n += core.parseMarkup(d.text).spans.length;
      return n;
    },
    'collectTags of every document (what the editor caches per document)': () => core.collectTags(workspace.documents).tags.length,
    'mention counts of every document (cached per document in the editor)': () => {
      let n = 0;
      for (const d of workspace.documents) n += core.findMentions(registry, d.text).length;
      return n;
    },
    'buildTimeline: every dated tag': () => core.buildTimeline(tags, registry.entities).items.length,
    'buildTimeline: one entity': () => core.buildTimeline(tags, registry.entities, { entity: 'ent-0000' }).items.length,
    'buildNetwork as of 2022-06-15': () => core.buildNetwork(tags, registry.entities, { date: '2022-06-15', mentionCounts: counts }).edges.length,
    'buildNetwork, every date': () => core.buildNetwork(tags, registry.entities, { mentionCounts: counts }).edges.length,
    'formatGraphml of the whole network': () => core.formatGraphml(core.buildNetwork(tags, registry.entities, { mentionCounts: counts })).length,
  };
  const times = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let turn = 0; turn < runs + 1; turn++) {
    for (const [name, fn] of Object.entries(tasks)) {
      const started = process.hrtime.bigint();
      fn();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (turn > 0) times[name].push(ms); // the first turn warms up
    }
  }
  const network = core.buildNetwork(tags, registry.entities, { date: '2022-06-15', mentionCounts: counts });
  const timeline = core.buildTimeline(tags, registry.entities);
  return {
    sizes: {
      documents: workspace.documents.length,
      tags: tags.length,
      entities: registry.entities.size,
      timelineItems: timeline.items.length,
      networkNodes: network.nodes.length,
      networkEdges: network.edges.length,
    },
    times: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, stats(v)])),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. In the editor.

/**
 * The library's floor for the network (a baseline of the editor part): a page with Cytoscape alone
 * (src/webview/bench/cytoscapeFloor.ts, bundled as the view's script is) and the network view's
 * nodes and edges for the same workspace, as the view draws them (sizes, colours, the grid of a
 * big network, the most mentioned named). Returns the folder viewTimings.ts opens it from.
 */
async function prepareCytoscapeFloor(workspace) {
  const folder = path.join(root, 'out', 'bench', 'cytoscape-floor');
  fs.mkdirSync(folder, { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'webview', 'bench', 'cytoscapeFloor.ts')],
    outfile: path.join(folder, 'floor.js'),
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  const core = await bundleCore(['registry', 'exportTags', 'mentions', 'network', 'viewDates'], 'out/bench/floor-core.cjs', { minify: true });
  const { registry, tags, counts } = benchInputs(core, workspace);
  const range = core.networkRange(tags, registry.entities);
  const network = core.buildNetwork(tags, registry.entities, { date: core.addDays(range.end, -1), mentionCounts: counts });
  const typeColors = { person: '#4fc1ff', organization: '#c586c0', state: '#dcdcaa', place: '#4ec9b0', position: '#ce9178', other: '#9cdcfe' };
  const kindColors = { event: '#f14c4c', claim: '#89d185', role: '#3794ff', affiliation: '#999999' };
  const weight = (n) => n.mentions + n.tags;
  const named = new Set(
    [...network.nodes]
      .sort((a, b) => weight(b) - weight(a))
      .slice(0, 60)
      .map((n) => n.id),
  );
  const degree = new Map();
  for (const e of network.edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const ordered = [...network.nodes].sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0));
  const cell = 70;
  const columns = Math.ceil(Math.sqrt(ordered.length * 1.25));
  const elements = ordered.map((n, i) => ({
    group: 'nodes',
    data: {
      id: n.id,
      label: n.name,
      size: Math.round(18 + 7 * Math.log2(1 + weight(n))),
      color: typeColors[n.type] ?? typeColors.other,
      named: named.has(n.id),
    },
    position: { x: (i % columns) * cell, y: Math.floor(i / columns) * cell },
  }));
  for (const e of network.edges)
    elements.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, width: Math.min(1 + e.count, 6), color: kindColors[e.kind] } });
  const extent = { width: (columns - 1) * cell, height: Math.floor((ordered.length - 1) / columns) * cell };
  fs.writeFileSync(path.join(folder, 'elements.json'), JSON.stringify({ elements, extent, nodes: network.nodes.length, edges: network.edges.length }));
  return folder;
}

function runEditor(dir, floorFolder) {
  return new Promise((resolve) => {
    let result = null;
    const child = spawn(process.execPath, ['scripts/run-integration.mjs', '--fixture', dir, '--vscode', vscodes[0]], {
      cwd: root,
      env: {
        ...process.env,
        ANALYST_MARKUP_BENCH: 'views',
        ANALYST_MARKUP_RESULT_FILE: path.join(root, 'out', 'bench-views-run.json'),
        ANALYST_MARKUP_TEST_TIMEOUT: '400',
        ANALYST_MARKUP_BENCH_TURNS: String(runs),
        ANALYST_MARKUP_BENCH_FLOOR: floorFolder,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const at = line.indexOf('ANALYST_MARKUP_BENCH ');
        if (at >= 0) {
          try {
            result = JSON.parse(line.slice(at + 'ANALYST_MARKUP_BENCH '.length));
            continue;
          } catch {
            /* not ours */
          }
        }
        process.stderr.write(line + '\n');
      }
    });
    child.on('close', () => resolve(result));
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(root, 'scripts', 'bench-views.mjs');
if (isMain && vscodes.length > 1) {
  // One run of this script per VS Code (each starts its own code-server), the core part once.
  let failed = 0;
  for (const [i, vscode] of vscodes.entries()) {
    const rest = args.filter((a, at) => a !== '--vscode' && args[at - 1] !== '--vscode');
    const code = await new Promise((resolve) =>
      spawn(process.execPath, [process.argv[1], ...rest, '--vscode', vscode, ...(i > 0 ? ['--no-core'] : [])], { stdio: 'inherit' }).on('close', resolve),
    );
    if (code !== 0) failed = code || 1;
  }
  process.exit(failed);
}
if (isMain) {
  const result = {};
  if (!args.includes('--no-core')) {
    say(`core: ${SIZES.tags} tags, ${SIZES.documents} documents, ${SIZES.entities} entities; ${runs} turns`);
    const core = (result.core = await coreBench());
    out.write(`\nViews (issue 12): core data, ${core.sizes.tags} tags in ${core.sizes.documents} documents, ${core.sizes.entities} entities\n`);
    out.write(
      `  (timeline: ${core.sizes.timelineItems} items; network as of 2022-06-15: ${core.sizes.networkNodes} nodes, ${core.sizes.networkEdges} edges)\n`,
    );
    for (const [name, s] of Object.entries(core.times)) out.write(`  ${name.padEnd(72)} ${fmt(s)}\n`);
  }
  if (!args.includes('--no-editor')) {
    const dir = option('--keep-workspace', undefined) ?? fs.mkdtempSync(path.join(os.tmpdir(), 'analyst-markup-bench-views-'));
    const workspace = generateWorkspace();
    writeWorkspace(dir, workspace);
    const floorFolder = await prepareCytoscapeFloor(workspace);
    say(`editor: ${vscodeLayout(vscodes[0]).label} and Chromium (about a minute)`);
    const loadBefore = load();
    const editor = await runEditor(dir, floorFolder);
    const loadAfter = load();
    if (!option('--keep-workspace', undefined)) fs.rmSync(dir, { recursive: true, force: true });
    result.editor = editor;
    result.vscode = { choice: vscodes[0], label: vscodeLayout(vscodes[0]).label, loadBefore, loadAfter };
    out.write(`\nViews in the real VS Code: ${vscodeLayout(vscodes[0]).label} (the webview reports each frame it drew)\n`);
    out.write(`  (load average 1/5/15 min: ${loadBefore} before, ${loadAfter} after; ${os.cpus().length} cores)\n`);
    if (!editor) out.write('  no measurements arrived (see the output above)\n');
    else {
      const row = (what, s, target, limit) => out.write(`  ${what.padEnd(72)} ${s ? `${fmt(s)}  ${target}  ${s.median <= limit ? 'ok' : 'MISSED'}` : 'n/a'}\n`);
      if (editor.error) out.write(`  stopped early: ${editor.error}\n`);
      if (editor.baselineOpen)
        out.write(`  ${'baseline: an empty webview panel opened the same way → its first frame'.padEnd(72)} ${fmt(editor.baselineOpen)}  (VS Code's floor)\n`);
      if (editor.baselineParts)
        out.write(
          `    (its page, ms after its HTML was set: ${Object.entries(editor.baselineParts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})\n`,
        );
      row('showTimeline → first drawn frame (panel opened anew each turn)', editor.timelineOpen, '≤ 1000 ms', 1000);
      row('showNetwork → first drawn frame (panel opened anew each turn)', editor.networkOpen, '≤ 1000 ms', 1000);
      if (editor.floorOpen)
        out.write(
          `  ${'baseline: Cytoscape alone, the same nodes and edges, opened the same way'.padEnd(72)} ${fmt(editor.floorOpen)}  (the library's floor)\n` +
            `    (of which the drawing, ms: add ${Math.round(editor.floorParts?.handleMs ?? 0)}, first frame ${Math.round(editor.floorParts?.paintMs ?? 0)}; the network view above, ms above this floor: ${Math.round(editor.networkOpen.median - editor.floorOpen.median)})\n`,
        );
      row('a tag edit (unsaved) → the timeline drawn with it', editor.timelineEdit, '≤ 200 ms', 200);
      row('a tag edit (unsaved) → the network drawn with it', editor.networkEdit, '≤ 200 ms', 200);
      if (editor.firstLoad)
        out.write(
          `  (the very first open, with loading the views' code: timeline ${editor.firstLoad.timeline.toFixed(0)} ms, network ${editor.firstLoad.network.toFixed(0)} ms)\n`,
        );
      if (editor.phases) {
        out.write(
          '  an open, phase by phase (medians, ms: the command → panel asked for → created → page set → its document started → head → script began → ready → heard → data posted → the drawn frame reported; First: the very first opens):\n',
        );
        for (const [what, p] of Object.entries(editor.phases))
          out.write(
            `    ${what.padEnd(14)} ${Object.entries(p)
              .map(([k, v]) => `${k} ${Math.round(v)}`)
              .join(', ')}\n`,
          );
      }
      if (editor.parts) {
        out.write('  where the time went (medians, ms: compute in the extension, posted → drawn, of which transit, handling, painting):\n');
        for (const [what, p] of Object.entries(editor.parts))
          out.write(
            `    ${what.padEnd(14)} ${Object.entries(p)
              .map(([k, v]) => `${k} ${Math.round(v)}`)
              .join(', ')}\n`,
          );
      }
      if (editor.drawn)
        out.write(`  (drawn: timeline ${editor.drawn.timeline} items, network ${editor.drawn.network.nodes} nodes and ${editor.drawn.network.edges} edges)\n`);
    }
  }
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
}
