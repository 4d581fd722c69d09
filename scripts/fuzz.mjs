#!/usr/bin/env node
// `npm run fuzz`: the fast-check properties of test/fuzz/properties.ts, long. Prints each
// property's cases tried and its failures (seed, path and shrunk counterexample to replay), then
// a total; exits 1 when a property failed. `npm test` runs the same properties with a fixed seed
// and few cases (test/unit/fuzz.test.ts).
//
//   npm run fuzz -- [--seed N] [--runs N] [--big CHARS] [--grep REGEXP]
//   (or FUZZ_SEED, FUZZ_RUNS, FUZZ_BIG, FUZZ_GREP)
//
// --runs: cases per unit of weight (default 200: 2,000 for most properties, 200 for the
// big-input ones); --big: the size the linear-time properties repeat their case to (default 1 MB).

import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function option(name, env, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && process.argv[at + 1] !== undefined) return process.argv[at + 1];
  return process.env[env] ?? fallback;
}

const seed = Number(option('seed', 'FUZZ_SEED', String(Date.now() % 2 ** 31)));
const runs = Number(option('runs', 'FUZZ_RUNS', '200'));
const big = Number(option('big', 'FUZZ_BIG', '1000000'));
const grep = option('grep', 'FUZZ_GREP', '');
for (const [name, value] of [
  ['seed', seed],
  ['runs', runs],
  ['big', big],
]) {
  if (!Number.isFinite(value) || value < 0) {
    console.error(`fuzz: --${name} must be a number, not ${value}`);
    process.exit(2);
  }
}

const { runProperties } = require(path.join(root, 'out/test/fuzz/run.js'));
console.log(`fuzz: seed ${seed}, ${runs} runs per weight, big inputs of ${big} characters${grep ? `, properties matching /${grep}/` : ''}`);
const started = Date.now();
let cases = 0;
let failures = 0;
runProperties(seed, runs, { bigSize: big, msPerMegabyte: 10_000 }, grep ? new RegExp(grep) : undefined, (outcome) => {
  cases += outcome.runs;
  if (outcome.failed) failures++;
  console.log(`${outcome.failed ? 'FAIL' : 'ok  '} ${String(outcome.runs).padStart(7)} cases  ${outcome.name}`);
  if (outcome.report) console.log(outcome.report.replace(/^/gm, '       '));
});
console.log(
  `fuzz: ${cases} cases tried, ${failures} ${failures === 1 ? 'property' : 'properties'} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed})`,
);
process.exit(failures > 0 ? 1 : 0);
