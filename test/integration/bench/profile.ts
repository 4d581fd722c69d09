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
