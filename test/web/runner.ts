// A minimal test runner for the web worker extension host, where mocha's Node runner cannot load
// files (there is no `require` of files and no `process`). Same shape as mocha's bdd interface —
// describe / it / before / afterEach — run in order, each test with a time limit. Prints one line
// per test and, last, the line the runner scripts parse:
//   ANALYST_MARKUP_TEST_RESULT {"passed":N,"failed":M,"pending":0}

export const RESULT_MARKER = 'ANALYST_MARKUP_TEST_RESULT';

type Body = () => void | Promise<void>;

interface Test {
  title: string;
  body: Body;
  timeoutMs: number;
}

interface Suite {
  title: string;
  tests: Test[];
  before: Body[];
  afterEach: Body[];
  after: Body[];
}

export interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

const suites: Suite[] = [];
let current: Suite | undefined;
const DEFAULT_TIMEOUT_MS = 20000;

export function describe(title: string, define: () => void): void {
  current = { title, tests: [], before: [], afterEach: [], after: [] };
  suites.push(current);
  define();
  current = undefined;
}

function suite(): Suite {
  if (!current) throw new Error('it/before/after outside describe()');
  return current;
}

export function it(title: string, body: Body, timeoutMs = DEFAULT_TIMEOUT_MS): void {
  suite().tests.push({ title, body, timeoutMs });
}

export function before(body: Body): void {
  suite().before.push(body);
}

export function afterEach(body: Body): void {
  suite().afterEach.push(body);
}

export function after(body: Body): void {
  suite().after.push(body);
}

async function withTimeout(what: string, body: Body, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(body), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack && error.stack.includes(error.message) ? error.stack : `${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/** Runs every suite defined so far; resolves with the counts (it never rejects). */
export async function runSuites(): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, pending: 0 };
  const failures: string[] = [];
  const started = Date.now();
  for (const s of suites) {
    console.log(`\n  ${s.title}`);
    let setupError: unknown;
    try {
      for (const hook of s.before) await withTimeout(`${s.title}: before`, hook, DEFAULT_TIMEOUT_MS);
    } catch (error) {
      setupError = error;
    }
    for (const test of s.tests) {
      const title = `${s.title} ${test.title}`;
      let error: unknown = setupError;
      const testStarted = Date.now();
      if (!error) {
        try {
          await withTimeout(title, test.body, test.timeoutMs);
        } catch (e) {
          error = e;
        }
      }
      for (const hook of s.afterEach) {
        try {
          await withTimeout(`${title}: afterEach`, hook, DEFAULT_TIMEOUT_MS);
        } catch (e) {
          error ??= e;
        }
      }
      if (error) {
        counts.failed++;
        failures.push(`${counts.failed}) ${title}:\n     ${describeError(error).split('\n').join('\n     ')}`);
        console.log(`    ${counts.failed}) ${test.title}`);
      } else {
        counts.passed++;
        console.log(`    ✔ ${test.title} (${Date.now() - testStarted} ms)`);
      }
    }
    for (const hook of s.after) {
      try {
        await withTimeout(`${s.title}: after`, hook, DEFAULT_TIMEOUT_MS);
      } catch (error) {
        counts.failed++;
        failures.push(`${counts.failed}) ${s.title} (after hook):\n     ${describeError(error)}`);
      }
    }
  }
  console.log(`\n  ${counts.passed} passing (${Date.now() - started} ms)${counts.failed ? `\n  ${counts.failed} failing` : ''}`);
  for (const f of failures) console.log(`\n  ${f}`);
  return counts;
}

/** The extensionTestsPath entry: runs the suites, prints the result line, rejects when a test failed. */
export async function runAndReport(): Promise<void> {
  let counts: Counts;
  try {
    counts = await runSuites();
  } catch (error) {
    console.error(error);
    counts = { passed: 0, failed: 1, pending: 0 };
  }
  console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} web test(s) failed`);
}

// ---------------------------------------------------------------------------------------------
// Assertions (Node's `assert` is not available in the worker)

export function assertOk(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, message?: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message ? `${message}\n` : ''}expected ${e}\n     but got  ${a}`);
}
