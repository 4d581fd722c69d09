#!/usr/bin/env node
// What each long task of the load benchmark was: reads the CPU profile and the busy stretches
// that test/integration/bench/loadTimings.ts writes with ANALYST_MARKUP_BENCH_LOAD_PROFILE=<folder>,
// and prints, per stretch over the threshold, where its samples were (the outermost and innermost
// functions of the extension's own bundle, and the function that was running).
//
//   node scripts/long-tasks.mjs <folder> [threshold ms, default 100] [top N per stretch, default 6]
//
// Build with `node esbuild.mjs --dev` first: the minified bundle has no function names.

import fs from 'node:fs';
import path from 'node:path';

const [folder, thresholdArg, topArg] = process.argv.slice(2);
if (!folder) {
  process.stderr.write('usage: node scripts/long-tasks.mjs <folder> [threshold ms] [top N]\n');
  process.exit(2);
}
const threshold = Number(thresholdArg ?? 100);
const top = Number(topArg ?? 6);
const profile = JSON.parse(fs.readFileSync(path.join(folder, 'load.cpuprofile'), 'utf8'));
const stretches = JSON.parse(fs.readFileSync(path.join(folder, 'load-stretches.json'), 'utf8'));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const ours = (n) => /dist\/(extension|views|yaml)\.js$/.test(n.callFrame.url);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

/** Per sample node: the outermost and innermost frame of our bundle, and the running function. */
const described = new Map();
function describe(id) {
  let d = described.get(id);
  if (d) return d;
  let outer;
  let inner;
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const n = nodes.get(at);
    if (ours(n)) {
      inner ??= n;
      outer = n;
    }
  }
  const self = nodes.get(id);
  d = { outer: outer ? label(outer) : '(not ours)', inner: inner ? label(inner) : '(not ours)', self: label(self) };
  described.set(id, d);
  return d;
}

// Sample times (µs, the monotonic clock the stretches are on).
const times = new Array(profile.samples.length);
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) times[i] = t += profile.timeDeltas[i];

const count = (map, key, by) => map.set(key, (map.get(key) ?? 0) + by);
const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
let first = 0;
for (const s of stretches) {
  const ms = (s.endUs - s.startUs) / 1000;
  if (ms < threshold) continue;
  while (first < times.length && times[first] < s.startUs) first++;
  const outer = new Map();
  const inner = new Map();
  const self = new Map();
  let samples = 0;
  for (let i = first; i < times.length && times[i] <= s.endUs; i++) {
    const d = describe(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    count(outer, d.outer, dt);
    count(inner, d.inner, dt);
    count(self, d.self, dt);
    samples++;
  }
  console.log(`\n${s.phase}: ${Math.round(ms)} ms task at +${Math.round((s.startUs - profile.startTime) / 1000)} ms (${samples} samples)`);
  for (const [what, map] of [
    ['outermost of ours', outer],
    ['innermost of ours', inner],
    ['running', self],
  ]) {
    console.log(`  ${what}:`);
    for (const [key, v] of sorted(map)) console.log(`    ${Math.round(v)} ms  ${key}`);
  }
}
const byPhase = new Map();
for (const s of stretches) {
  const ms = (s.endUs - s.startUs) / 1000;
  const p = byPhase.get(s.phase) ?? { over100: 0, over50: 0, longest: 0 };
  p.over50++;
  if (ms > 100) p.over100++;
  p.longest = Math.max(p.longest, ms);
  byPhase.set(s.phase, p);
}
console.log('\nper phase (stretches over 50 ms):');
for (const [phase, p] of byPhase) console.log(`  ${phase}: ${p.over50} over 50 ms, ${p.over100} over 100 ms, longest ${Math.round(p.longest)} ms`);
