import autocannon from 'autocannon';
import type { PreparedRequest } from './signedRequests.js';

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Milliseconds of every 2xx answer, by the kind of request. */
  latencies: Map<string, number[]>;
  /** Non-2xx answers, connection errors and timeouts together. */
  errors: number;
  /** CPU the load generator used, in percent of one core: near 100 means it, not the server, was the limit. */
  clientCpu: number;
  /** CPU the server process used, in percent of one core. */
  serverCpu: number;
  /** Server CPU time per answered request, in microseconds: the figure least moved by a busy machine. */
  serverCpuPerRequest: number;
}

interface Pending {
  kinds: string[];
}

/**
 * Sends each prepared request exactly once over `connections` keep-alive connections. Latency is
 * taken from autocannon's per-response event (sub-millisecond), not its 1 ms-bucket histogram.
 */
export async function runLoad(
  url: string,
  pool: readonly PreparedRequest[],
  connections: number,
  serverCpuMs: () => number,
): Promise<LoadResult> {
  let next = 0;
  let answered = 0;
  let failed = 0;
  // A connection has one request in flight, so its answers come back in the order it sent them.
  let kindOfAnswer = '';
  const latencies = new Map<string, number[]>();
  const cpuBefore = process.cpuUsage();
  const serverBefore = serverCpuMs();
  const started = performance.now();
  let end: { at: number; client: NodeJS.CpuUsage; server: number } | undefined;
  const snapshot = () =>
    (end ??= { at: performance.now(), client: process.cpuUsage(cpuBefore), server: serverCpuMs() - serverBefore });
  const request: autocannon.Request = {
    setupRequest(req, context) {
      const { kind, ...prepared } = pool[next++ % pool.length]!;
      ((context as Pending).kinds ??= []).push(kind);
      return { ...req, ...prepared };
    },
    onResponse(_status, _body, context) {
      kindOfAnswer = (context as Pending).kinds.shift()!;
    },
  };
  const options = { url, connections, amount: pool.length, timeout: 10, requests: [request] };
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>(
    (resolve, reject) => (instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)))),
  );
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) {
      answered += 1;
      let list = latencies.get(kindOfAnswer);
      if (!list) latencies.set(kindOfAnswer, (list = []));
      list.push(responseTime);
    } else failed += 1;
    if (answered + failed === pool.length) snapshot();
  });
  const result = await finished;
  // autocannon notices that `amount` is reached only on its one-second tick; time the last answer instead.
  const { at, client, server } = snapshot();
  const wallMs = at - started;
  return {
    requests: result.requests.total,
    seconds: wallMs / 1000,
    latencies,
    errors: failed + result.errors + result.timeouts,
    clientCpu: ((client.user + client.system) / 1000 / wallMs) * 100,
    serverCpu: (server / wallMs) * 100,
    serverCpuPerRequest: (server * 1000) / Math.max(1, answered),
  };
}
