// Figure 6: load. Many signed-in moderator sockets (the latency fleet) stay subscribed to the
// wall for a minute while ingest runs at a steady rate; meanwhile a probe asks the health
// endpoint and one tRPC read the wall page makes, a few times a second each, and times them.
import { trpc } from "./client";
import { mergeSockets, sendAtRate, type Fleet } from "./latency";
import { cpuSince, cpuSnapshot, type BenchServer } from "./server";
import { countBy, histCount, newHistogram, nowMs, percentile, record, round, sleep } from "./stats";

export interface LoadParams {
  sockets: number;
  workers: number;
  seconds: number;
  /** Ingest rate during the hold, flags/s (every flag a new room, as in the latency figure). */
  rate: number;
  /** Requests per second of each probe (health, tRPC). */
  probeHz: number;
  /** After the hold, at most this long for the last flags to reach the sockets. */
  drainMs: number;
}

/** The tRPC read the probe times: the wall's snapshot with the default filter, a small page of it. */
export const LOAD_QUERY = { proc: "wall.snapshot", input: { filter: {}, limit: 50 } } as const;
const PROBE_TIMEOUT_MS = 10_000;
const IDLE_CALLS = 10;

export interface ProbeStats {
  requests: number;
  failed: number;
  /** Why probes failed: HTTP status or error message, with counts. */
  errors: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadRun {
  sockets: number;
  seconds: number;
  /** Sockets connected when the hold ended, and every drop during it (they reconnect). */
  connectedAfter: number;
  disconnects: Record<string, number>;
  health: ProbeStats;
  query: ProbeStats;
  ingestEventsPerSec: number;
  ingestFailedRequests: number;
  postP50Ms: number;
  postP99Ms: number;
  /** Flag→screen over every socket during the hold (no target here; the latency figure has them). */
  flagToScreenP50: number;
  flagToScreenP99: number;
  censored: number;
  /** The same two requests, one after another, after the hold and drain (p50 of IDLE_CALLS): what they cost without the load. */
  idleHealthP50Ms: number;
  idleQueryP50Ms: number;
  windowSeconds: number;
  cpuSeconds: Record<string, number>;
}

/** Fires `fn` every 1/hz s until `stop` resolves (open loop: a slow answer does not delay the next request). */
async function probe(hz: number, stop: Promise<void>, fn: (signal: AbortSignal) => Promise<string | null>): Promise<ProbeStats> {
  const hist = newHistogram();
  const errors: Record<string, number> = {};
  let requests = 0;
  let failed = 0;
  let stopped = false;
  void stop.then(() => (stopped = true));
  const inflight = new Set<Promise<void>>();
  const t0 = nowMs();
  for (let i = 0; !stopped; i++) {
    await Promise.race([sleep(t0 + (i * 1000) / hz - nowMs()), stop]);
    if (stopped) break;
    requests++;
    const ts = nowMs();
    const p: Promise<void> = fn(AbortSignal.timeout(PROBE_TIMEOUT_MS))
      .catch((e: unknown) => (e instanceof Error ? (e.name === "TimeoutError" ? `timeout ${PROBE_TIMEOUT_MS / 1000} s` : e.message.slice(0, 80)) : String(e)))
      .then((err) => {
        if (err === null) return record(hist, nowMs() - ts);
        failed++;
        errors[err] = (errors[err] ?? 0) + 1;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const n = histCount(hist);
  return {
    requests,
    failed,
    errors,
    p50: n ? percentile(hist, 0.5) : NaN,
    p95: n ? percentile(hist, 0.95) : NaN,
    p99: n ? percentile(hist, 0.99) : NaN,
    max: n ? percentile(hist, 1) : NaN,
  };
}

export async function loadRun(s: BenchServer, fleet: Fleet, cookie: string, tag: string, p: LoadParams): Promise<LoadRun> {
  const roots: Record<string, number> = { server: s.wrapperPid };
  fleet.pids.forEach((pid, i) => {
    roots[`sockets${i}`] = pid;
  });
  roots.harness = process.pid;
  await fleet.reconnect();
  await fleet.quiet(2000, 30_000, p.sockets);
  await fleet.report(); // clears counts left from connecting

  const cpu0 = cpuSnapshot(roots);
  const w0 = nowMs();
  let endHold = () => {};
  const held = new Promise<void>((r) => (endHold = r));
  const health = probe(p.probeHz, held, async (signal) => {
    const res = await fetch(`${s.url}/api/health`, { signal });
    const body = (await res.json().catch(() => null)) as { status?: string } | null;
    return res.status === 200 && body?.status === "ok" ? null : `HTTP ${res.status}`;
  });
  const query = probe(p.probeHz, held, async (signal) => {
    await trpc(s, cookie, LOAD_QUERY.proc, LOAD_QUERY.input, "query", signal);
    return null;
  });
  const sent = await sendAtRate([s], tag, p.rate, p.seconds, (t, rooms) => fleet.posted(t, rooms));
  endHold();
  const st = await fleet.status(); // connected at the end of the hold
  const [h, q] = await Promise.all([health, query]);
  const drainEnd = Date.now() + p.drainMs;
  while (Date.now() < drainEnd && (await fleet.status()).pending > 0) await sleep(200);
  const r = await fleet.report();
  const cpuSeconds = mergeSockets(cpuSince(cpu0, cpuSnapshot(roots)));
  const windowSeconds = round((nowMs() - w0) / 1000);
  const idle = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < IDLE_CALLS; i++) {
      const t = nowMs();
      await fn();
      times.push(nowMs() - t);
    }
    return round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)], 1);
  };
  await sleep(1000);
  const idleHealthP50Ms = await idle(() => fetch(`${s.url}/api/health`).then((r) => r.text()));
  const idleQueryP50Ms = await idle(() => trpc(s, cookie, LOAD_QUERY.proc, LOAD_QUERY.input, "query"));
  if (h.requests - h.failed === 0 && q.requests - q.failed === 0)
    throw new Error(`load: no probe succeeded (health ${JSON.stringify(h.errors)}, ${LOAD_QUERY.proc} ${JSON.stringify(q.errors)})`);
  return {
    sockets: p.sockets,
    seconds: round(sent.seconds, 1),
    connectedAfter: st.connected,
    disconnects: countBy(st.disconnects),
    health: h,
    query: q,
    ingestEventsPerSec: round(sent.sent / sent.seconds, 0),
    ingestFailedRequests: sent.failed,
    postP50Ms: sent.postP50Ms,
    postP99Ms: sent.postP99Ms,
    flagToScreenP50: percentile(r.hist, 0.5),
    flagToScreenP99: percentile(r.hist, 0.99),
    censored: r.censored,
    idleHealthP50Ms,
    idleQueryP50Ms,
    windowSeconds,
    cpuSeconds,
  };
}
