// Runs the fuzz properties (properties.ts) and reports, for `npm test` and `npm run fuzz` alike.
import fc from 'fast-check';
import { PROPERTIES } from './properties';
import type { FuzzSettings } from './properties';

export interface FuzzOutcome {
  name: string;
  runs: number;
  failed: boolean;
  /** fast-check's report: the seed, the path to replay and the shrunk counterexample. */
  report?: string;
}

/** Each property with `runsPerWeight × weight` cases from `seed`; the outcomes, in order. */
export function runProperties(
  seed: number,
  runsPerWeight: number,
  settings: FuzzSettings,
  only?: RegExp,
  onOutcome?: (outcome: FuzzOutcome) => void,
): FuzzOutcome[] {
  const outcomes: FuzzOutcome[] = [];
  for (const { name, weight, property } of PROPERTIES) {
    if (only && !only.test(name)) continue;
    const details = fc.check(property(settings), { seed, numRuns: Math.max(1, Math.round(runsPerWeight * weight)) });
    const outcome: FuzzOutcome = { name, runs: details.numRuns, failed: details.failed };
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      outcome.report = `${fc.defaultReportMessage(details) ?? `failed (seed ${seed})`}\n${error}`;
    }
    outcomes.push(outcome);
    onOutcome?.(outcome);
  }
  return outcomes;
}
