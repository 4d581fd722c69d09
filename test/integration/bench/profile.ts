// A CPU profile of this extension host (node's inspector, in process: no port opened), for the
// benchmarks' "where the time goes" (loadTimings.ts, viewTimings.ts).

import * as inspector from 'inspector';

export async function startProfile(intervalMicros = 1000): Promise<inspector.Session> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<void>((resolve, reject) => session.post(method, params, (error) => (error ? reject(error) : resolve())));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await post('Profiler.start');
  return session;
}

export async function stopProfile(session: inspector.Session): Promise<unknown> {
  const profile = await new Promise<unknown>((resolve, reject) =>
    session.post('Profiler.stop', (error, result) => (error ? reject(error) : resolve(result.profile))),
  );
  session.disconnect();
  return profile;
}

/** Memory after a full garbage collection (what is still held, not garbage waiting), in MB. */
export async function memoryAfterFullGc(): Promise<{ heapUsedMb: number; rssMb: number }> {
  const session = new inspector.Session();
  session.connect();
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())));
  } finally {
    session.disconnect();
  }
  const m = process.memoryUsage();
  return { heapUsedMb: Math.round(m.heapUsed / 2 ** 20), rssMb: Math.round(m.rss / 2 ** 20) };
}

/** Writes a heap snapshot of this extension host to `file` (for what is still held; open it in Chrome's DevTools). */
export async function writeHeapSnapshot(file: string): Promise<void> {
  const fs = await import('fs');
  const out = fs.openSync(file, 'w');
  const session = new inspector.Session();
  session.connect();
  session.on('HeapProfiler.addHeapSnapshotChunk', (message) => fs.writeSync(out, message.params.chunk));
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.takeHeapSnapshot', (error) => (error ? reject(error) : resolve())));
  } finally {
    session.disconnect();
    fs.closeSync(out);
  }
}
