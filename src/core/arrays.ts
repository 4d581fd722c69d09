// Array helpers that stay safe on inputs of any size. `target.push(...items)` and
// `Math.max(...items)` pass every item as an argument: past roughly 100,000 items the engine
// throws `RangeError: Maximum call stack size exceeded`. Texts and registries arrive through git
// from anyone, so any list built from them can be that long.

/** Appends `items` to `target` one by one (no argument spread); returns `target`. */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}

/** The smallest of `values`, `Infinity` for none (as `Math.min()`), without an argument spread. */
export function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] < min) min = values[i];
  return min;
}

/** The largest of `values`, `-Infinity` for none (as `Math.max()`), without an argument spread. */
export function maxOf(values: readonly number[]): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
