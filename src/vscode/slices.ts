// Long work in time slices: a registry of 200,000 entities, or a branch switch that changes 10,000
// of its files, is work of seconds, and the extension host runs every extension's hovers,
// completions and commands on the same thread (issue 15: no task over 100 ms). Work runs for
// SLICE_MS, then lets a macrotask run (a resolved promise would not: microtasks never yield to
// timers or I/O). Works alike in the Node and the web worker extension host.

/**
 * How long one slice may run: a tenth of the 100 ms goal. On a busy machine (load 10 on 2 cores,
 * measured in the load benchmark) a process gets a fifth of a core, and a slice of 20 ms often
 * took 100-250 ms of wall time while the process waited for a core in the middle of it.
 */
export const SLICE_MS = 10;

/** Resolves in a task of its own, after the timers and I/O waiting now. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A slice's clock: `due()` once it ran SLICE_MS, then `pause()` to let other tasks run. */
export class SliceClock {
  private started = performance.now();

  due(): boolean {
    return performance.now() - this.started >= SLICE_MS;
  }

  async pause(): Promise<void> {
    await nextTask();
    this.started = performance.now();
  }

  /** Pauses if the slice is used up. */
  async maybePause(): Promise<void> {
    if (this.due()) await this.pause();
  }
}

/** Runs a generator of core work in steps (see core/steps.ts), SLICE_MS at a time; resolves with its result. */
export async function runInSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  const clock = new SliceClock();
  for (;;) {
    let step = steps.next();
    while (!step.done && !clock.due()) step = steps.next();
    if (step.done) return step.value;
    await clock.pause();
  }
}
