// Work in steps: a generator that yields after every bit of work, so that the extension host can
// run it in slices of a few milliseconds between other tasks (issue 15: a registry of 200,000
// entities took one task of seconds to build). The core knows no clock: the caller of `next()`
// decides how many steps fit in a slice. Run to completion, it is the same work in one go.

/** Runs `steps` to the end and returns its result. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Items sorted or merged between two yields of `sortSteps`. */
const SORT_STEP = 1024;

/**
 * Sorts `items` in place by `compare`, as `Array.prototype.sort` does (stably: equal items keep
 * their order), yielding every thousand or so items: runs of SORT_STEP items are sorted, then
 * merged pairwise. Returns `items`.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Generator<void, T[], void> {
  const n = items.length;
  if (n <= SORT_STEP) return items.sort(compare);
  for (let start = 0; start < n; start += SORT_STEP) {
    const run = items.slice(start, start + SORT_STEP).sort(compare);
    for (let i = 0; i < run.length; i++) items[start + i] = run[i];
    yield;
  }
  let from = items;
  let to = new Array<T>(n);
  let work = 0;
  for (let width = SORT_STEP; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const middle = Math.min(left + width, n);
      const end = Math.min(left + 2 * width, n);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < end) {
        // `<= 0`: on a tie the left (earlier) item first, which keeps the sort stable.
        to[k++] = compare(from[i], from[j]) <= 0 ? from[i++] : from[j++];
        if (++work >= SORT_STEP) {
          work = 0;
          yield;
        }
      }
      while (i < middle) to[k++] = from[i++];
      while (j < end) to[k++] = from[j++];
    }
    [from, to] = [to, from];
    yield;
  }
  if (from !== items) for (let i = 0; i < n; i++) items[i] = from[i];
  return items;
}
