// The views' data sent as patches (SPEC §10 views; both ends here so that they are tested
// together): the extension's ViewPanel sends a webview its data once, then for each change only
// the elements of the keyed lists that changed and the order of keys (keyedPatch); the webview
// rebuilds its data from the patch and what it has (receivedData). The whole data is megabytes;
// an edit changes a few elements.

/**
 * The keyed lists of a view's data (a path of object keys to an array, and each element's key
 * field): after the first data, the webview is sent only the elements that changed and the order
 * of keys, and rebuilds the lists from the ones it has (the whole data is megabytes; an edit
 * changes a few elements).
 */
export type KeyedLists = readonly { path: readonly string[]; key: string }[];

export interface Sent {
  /** Per list: key → the element as the webview has it, and the keys in order. */
  lists: Map<string, unknown>[];
  orders: string[][];
}

/**
 * `order` told against the order before: runs of the keys before (`[start, length]`) and new
 * keys (strings); an edit that adds an element thus sends a few runs, not thousands of keys.
 */
export function orderRuns(order: readonly string[], before: readonly string[]): (string | [number, number])[] {
  const index = new Map<string, number>();
  before.forEach((k, i) => index.set(k, i));
  const runs: (string | [number, number])[] = [];
  let run: [number, number] | undefined;
  for (const key of order) {
    const at = index.get(key);
    if (at !== undefined && run && run[0] + run[1] === at) run[1]++;
    else if (at !== undefined) {
      run = [at, 1];
      runs.push(run);
    } else {
      run = undefined;
      runs.push(key);
    }
  }
  return runs;
}

function sameKeys(a: readonly string[], b: readonly string[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two JSON-like values are equal (an explicit stack: no recursion over their depth). */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) {
        if (x[i] === y[i]) continue;
        if (x[i] === null || typeof x[i] !== 'object') return false;
        stack.push([x[i], y[i]]);
      }
      continue;
    }
    if (Array.isArray(y)) return false;
    const xs = x as Record<string, unknown>;
    const ys = y as Record<string, unknown>;
    const keys = Object.keys(xs);
    // Undefined-valued keys vanish in postMessage's JSON as in JSON.stringify: compare the defined ones.
    let defined = 0;
    for (const k of keys) {
      const xv = xs[k];
      if (xv === undefined) continue;
      defined++;
      if (!Object.prototype.hasOwnProperty.call(ys, k)) return false;
      const yv = ys[k];
      // Values compared here when they can be (most are): thousands of elements per edit.
      if (xv === yv) continue;
      if (xv === null || typeof xv !== 'object') return false;
      stack.push([xv, yv]);
    }
    let otherDefined = 0;
    for (const k of Object.keys(ys)) if (ys[k] !== undefined) otherDefined++;
    if (defined !== otherDefined) return false;
  }
  return true;
}

function own(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function listAt(data: unknown, path: readonly string[]): unknown {
  let at: unknown = data;
  for (const k of path) at = own(at, k);
  return at;
}

/** `data` with each keyed list replaced by an empty array (the rest is small: sent whole). */
function withoutLists(data: unknown, lists: KeyedLists): unknown {
  const copy = (value: unknown, path: readonly string[], depth: number): unknown => {
    if (depth === path.length) return [];
    const object = { ...(value as Record<string, unknown>) };
    object[path[depth]] = copy(object[path[depth]], path, depth + 1);
    return object;
  };
  let out = data;
  for (const l of lists) out = copy(out, l.path, 0);
  return out;
}

/**
 * The patch from what the webview has to `data`: per list, the order of keys (when it changed)
 * and the elements new or changed; undefined when a list is missing or has a key twice (then the whole is sent).
 */
export interface ListPatch {
  /** The keys in order; or `runs` of them against the order before; neither: the same order. */
  order?: string[];
  runs?: (string | [number, number])[];
  changed: unknown[];
}

export function keyedPatch(
  data: unknown,
  lists: KeyedLists,
  sent: Sent | undefined,
): { patch?: { rest: unknown; lists: ListPatch[] }; sent: Sent } | undefined {
  const next: Sent = { lists: [], orders: [] };
  const patchLists: ListPatch[] = [];
  for (let i = 0; i < lists.length; i++) {
    const list = listAt(data, lists[i].path);
    if (!Array.isArray(list)) return undefined;
    const elements = new Map<string, unknown>();
    const order: string[] = [];
    const changed: unknown[] = [];
    const before = sent?.lists[i];
    const keyName = lists[i].key;
    for (const element of list) {
      const key = own(element, keyName);
      if (typeof key !== 'string' || elements.has(key)) return undefined;
      elements.set(key, element);
      order.push(key);
      if (!before || !before.has(key) || !sameJson(before.get(key), element)) changed.push(element);
    }
    next.lists.push(elements);
    next.orders.push(order);
    // The same keys in the same order (most edits): the webview keeps its order.
    const previous = sent?.orders[i];
    if (!previous || sameKeys(order, previous)) patchLists.push({ changed });
    else {
      const runs = orderRuns(order, previous);
      patchLists.push(runs.length * 4 < order.length ? { runs, changed } : { order, changed });
    }
  }
  return { patch: sent ? { rest: withoutLists(data, lists), lists: patchLists } : undefined, sent: next };
}

/**
 * The view's data from a 'data' message: its `data` whole, or its `patch` applied to the data
 * the view has (each list rebuilt in the patch's order of keys, or the one before, from the
 * changed elements and the ones before). Undefined when neither fits.
 */
export function receivedData<T>(message: { data?: unknown; patch?: unknown }, previous: T | undefined, lists: KeyedLists): T | undefined {
  if (message.data !== undefined) return message.data as T;
  const patch = message.patch;
  const rest = own(patch, 'rest');
  const patched = own(patch, 'lists');
  if (previous === undefined || rest === undefined || !Array.isArray(patched) || patched.length !== lists.length) return undefined;
  const out: unknown = rest;
  lists.forEach((list, i) => {
    const before = listAt(previous, list.path);
    const elements = new Map<string, unknown>();
    if (Array.isArray(before)) for (const e of before) elements.set(String(own(e, list.key)), e);
    const order = own(patched[i], 'order');
    const changed = own(patched[i], 'changed');
    if (Array.isArray(changed)) for (const e of changed) elements.set(String(own(e, list.key)), e);
    // No order: the keys are those of before, in the same order (the changed elements replace theirs).
    const beforeKeys = Array.isArray(before) ? before.map((e) => String(own(e, list.key))) : [];
    const runs = own(patched[i], 'runs');
    let keys = beforeKeys;
    if (Array.isArray(order)) keys = order.map(String);
    else if (Array.isArray(runs)) {
      // Runs of the keys before ([start, length]) and new keys.
      keys = [];
      for (const r of runs) {
        if (typeof r === 'string') keys.push(r);
        else if (Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number')
          for (let k = r[0]; k < r[0] + r[1] && k < beforeKeys.length; k++) keys.push(beforeKeys[k]);
      }
    }
    const rebuilt = keys.map((key) => elements.get(key)).filter((e) => e !== undefined);
    // Set it in place of the empty list the patch's rest has (rest is the extension's fresh copy).
    let at = out as Record<string, unknown>;
    for (const k of list.path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    at[list.path[list.path.length - 1]] = rebuilt;
  });
  return out as T;
}
