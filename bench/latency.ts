// Figure 2 (and 5): flag→screen latency. Moderator sockets, spread over child processes, are
// subscribed to the default wall; the sender POSTs a batch every 100 ms at the target rate,
// every flag for a new room, and tells the children when each room's POST started. A sample is
// one socket's first wall:diff upsert of that room, minus that time.
import { fork, type ChildProcess } from "node:child_process";
import { postIngest } from "./client";
import { batchBody, roomsOf, type Shape } from "./events";
import { cpuSince, cpuSnapshot, type BenchServer } from "./server";
import { countBy, mergeInto, newHistogram, nowMs, percentile, record, round, sleep } from "./stats";
import type { FromWorker, ToWorker } from "./latency-worker";

/** Every flag is a new room: the most wall updates per flag (no coalescing on the server). */
export const LATENCY_SHAPE: Shape = { flagsPerRoom: 1, roomsPerAccount: 2 };
export const TICK_MS = 100;
/** The rate the latency targets are stated at. */
export const HEADLINE_RATE = 5000;
const MAX_IN_FLIGHT = 8;

export interface Phase {
  rate: number;
  achievedRate: number;
  flags: number;
  sockets: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
  expected: number;
  /** Socket×flag receipts still missing when the drain window closed (counted at their age then). */
  censored: number;
  failedRequests: number;
  postP50Ms: number;
  postP99Ms: number;
  /** Sockets connected after the phase, and why sockets dropped during it (they reconnect). */
  connectedAfter: number;
  disconnects: Record<string, number>;
  /** Time waited for the previous phase's backlog to clear before this one started. */
  quietWaitMs: number;
  /** Room upserts received per socket×flag (above 1: rooms were sent again, e.g. re-scored). */
  upsertsPerSample: number;
  /** wall:diff JSON each socket received per second of sending, KB. */
  diffKBPerSocketPerSec: number;
  /** Length of the measured window (sending + draining), s. */
  windowSeconds: number;
  cpuSeconds: Record<string, number>;
}

/** The moderator sockets, in `workers` child processes. */
export class Fleet {
  private constructor(
    private kids: ChildProcess[],
    private shares: { url: string; origin: string; cookie: string }[][],
  ) {}

  static async open(targets: { server: BenchServer; cookie: string }[], workers: number): Promise<Fleet> {
    const kids = Array.from({ length: workers }, () =>
      fork(new URL("./latency-worker.ts", import.meta.url), [], {
        execArgv: ["--import", "tsx", ...(process.env.BENCH_WORKER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`] : [])],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    const shares = kids.map((_, w) =>
      targets.filter((_, i) => i % workers === w).map((t) => ({ url: t.server.url, origin: t.server.origin, cookie: t.cookie })),
    );
    const fleet = new Fleet(kids, shares);
    for (const k of kids) k.on("error", (e) => console.error(`  socket worker ${k.pid}: ${e.message}`));
    try {
      await fleet.reconnect();
    } catch (e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** (Re)opens every socket and subscribes it: each phase starts on fresh connections. */
  async reconnect() {
    const res = await Promise.all(this.kids.map((k, w) => this.ask(k, { type: "connect", sockets: this.shares[w] }, "connected", 120_000)));
    const n = res.reduce((a, r) => a + r.sockets, 0);
    const want = this.shares.reduce((a, s) => a + s.length, 0);
    if (n !== want) throw new Error(`only ${n} of ${want} sockets connected`);
  }

  get pids(): number[] {
    return this.kids.map((k) => k.pid!);
  }

  private ask<T extends FromWorker["type"]>(k: ChildProcess, m: ToWorker, want: T, timeoutMs = 30_000): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        cleanup();
        reject(new Error(`socket worker: no ${want} in ${timeoutMs} ms`));
      }, timeoutMs);
      const onMsg = (r: FromWorker) => {
        if (r.type === "error") {
          cleanup();
          reject(new Error(r.message));
        } else if (r.type === want) {
          cleanup();
          resolve(r as Extract<FromWorker, { type: T }>);
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`socket worker exited (${code})`));
      };
      const cleanup = () => {
        clearTimeout(t);
        k.off("message", onMsg);
        k.off("exit", onExit);
      };
      k.on("message", onMsg);
      k.once("exit", onExit);
      if (!k.connected) {
        cleanup();
        reject(new Error(`socket worker ${k.pid} is gone (exit ${k.exitCode})`));
        return;
      }
      k.send(m);
    });
  }

  posted(t: number, rooms: string[]) {
    // A child that died is reported by the next status()/report(); sending to it must not throw.
    for (const k of this.kids) if (k.connected) k.send({ type: "posted", t, rooms } satisfies ToWorker);
  }

  async status() {
    const r = await Promise.all(this.kids.map((k) => this.ask(k, { type: "status" }, "status")));
    return {
      pending: r.reduce((a, x) => a + x.pending, 0),
      lastDiffAt: Math.max(...r.map((x) => x.lastDiffAt)),
      connected: r.reduce((a, x) => a + x.connected, 0),
      disconnects: r.flatMap((x) => x.disconnects),
    };
  }

  /**
   * Waits until no diff has arrived for `quietMs` and every socket is connected (at most
   * `maxMs`): a phase must not start while the previous one's backlog is still worked off.
   */
  async quiet(quietMs: number, maxMs: number, sockets: number): Promise<number> {
    const t0 = Date.now();
    for (;;) {
      const st = await this.status();
      if ((nowMs() - st.lastDiffAt >= quietMs && st.connected === sockets) || Date.now() - t0 >= maxMs) return Date.now() - t0;
      await sleep(250);
    }
  }

  async report() {
    const parts = await Promise.all(this.kids.map((k) => this.ask(k, { type: "report" }, "report")));
    const hist = newHistogram();
    for (const p of parts) {
      const h = newHistogram();
      for (const [i, n] of p.hist) h[i] = n;
      mergeInto(hist, h);
    }
    const sum = (f: (p: (typeof parts)[number]) => number) => parts.reduce((a, p) => a + f(p), 0);
    return {
      hist,
      samples: sum((p) => p.samples),
      expected: sum((p) => p.expected),
      censored: sum((p) => p.censored),
      extra: sum((p) => p.extra),
      diffBytes: sum((p) => p.diffBytes),
      upserts: sum((p) => p.upserts),
    };
  }

  close() {
    for (const k of this.kids) if (k.connected) k.send({ type: "close" } satisfies ToWorker);
    for (const k of this.kids) setTimeout(() => k.exitCode === null && k.kill("SIGKILL"), 5000).unref();
  }
}

export interface Sent {
  sent: number;
  failed: number;
  seconds: number;
  /** When the first request started and the last answer arrived (nowMs clock). */
  startedAt: number;
  lastAnswerAt: number;
  /** Requests the server refused with 503 ("nothing was committed, retry it") and that were sent again. */
  retried: number;
  /** Ingest request round trips (validation + the batch's transaction), ms. */
  postP50Ms: number;
  postP99Ms: number;
}

/**
 * POSTs a batch every TICK_MS at `rate` flags/s for `seconds`, round-robin over `servers`, each
 * flag for a new room; `onPost` hears when each batch's request starts and which rooms it has.
 */
export async function sendAtRate(
  servers: BenchServer[],
  tag: string,
  rate: number,
  seconds: number,
  onPost?: (t: number, rooms: string[]) => void,
): Promise<Sent> {
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const ticks = Math.round((seconds * 1000) / TICK_MS);
  // Bodies are built before the clock starts so the sender's CPU goes to sending.
  const bodies = Array.from({ length: ticks }, (_, i) => ({
    body: batchBody(tag, i * perTick, perTick, LATENCY_SHAPE),
    events: perTick,
    rooms: roomsOf(tag, i * perTick, perTick, LATENCY_SHAPE),
  }));
  return sendPaced(servers, bodies, onPost);
}

/** POSTs one pre-built body every TICK_MS (round-robin over `servers`), at most MAX_IN_FLIGHT at a time. */
export async function sendPaced(
  servers: BenchServer[],
  bodies: { body: string; events: number; rooms: string[] }[],
  onPost?: (t: number, rooms: string[]) => void,
  retries = 0,
): Promise<Sent> {
  const ticks = bodies.length;
  const inflight = new Set<Promise<void>>();
  let failed = 0;
  let sent = 0;
  let retried = 0;
  let lastAnswerAt = 0;
  const post = newHistogram();
  const t0 = nowMs();
  for (let i = 0; i < ticks; i++) {
    await sleep(t0 + i * TICK_MS - nowMs());
    // A slow server slows the sender rather than piling up requests (the achieved rate says so).
    while (inflight.size >= MAX_IN_FLIGHT) await Promise.race(inflight);
    const { body, events, rooms } = bodies[i];
    const tp = nowMs();
    onPost?.(tp, rooms);
    // A refused batch is sent again as a client would (up to `retries` times); its slot stays taken.
    const attempt = async (n: number): Promise<Awaited<ReturnType<typeof postIngest>>> => {
      const a = await postIngest(servers[i % servers.length], body);
      if (a.status !== 503 || n >= retries) return a;
      retried++;
      await sleep(100 * (n + 1));
      return attempt(n + 1);
    };
    const p: Promise<void> = attempt(0)
      .then((a) => {
        record(post, nowMs() - tp);
        if (a.status === 202 && a.accepted === events) sent += events;
        else failed++;
      })
      .catch(() => void failed++)
      .finally(() => {
        lastAnswerAt = nowMs();
        inflight.delete(p);
      });
    inflight.add(p);
  }
  // The schedule's last slot ends one tick after the last request started.
  const seconds_ = (nowMs() - t0 + TICK_MS) / 1000;
  await Promise.all(inflight);
  return { sent, failed, seconds: seconds_, startedAt: t0, lastAnswerAt, retried, postP50Ms: percentile(post, 0.5), postP99Ms: percentile(post, 0.99) };
}

/** One rate for `seconds` with the fleet listening, then up to drainMs for the last receipts. */
export async function latencyPhase(
  servers: BenchServer[],
  fleet: Fleet,
  sockets: number,
  tag: string,
  rate: number,
  seconds: number,
  drainMs: number,
): Promise<Phase> {
  const roots: Record<string, number> = {};
  if (servers.length === 1 && servers[0].cpuRoots) Object.assign(roots, servers[0].cpuRoots);
  else
    servers.forEach((s, i) => {
      roots[servers.length > 1 ? `server${i + 1}` : "server"] = s.wrapperPid;
    });
  fleet.pids.forEach((p, i) => {
    roots[`sockets${i}`] = p;
  });
  roots.harness = process.pid; // last: its other descendants (servers, socket children) are labelled above
  await fleet.reconnect();
  const waitedMs = await fleet.quiet(2000, 60_000, sockets);
  const cpu0 = cpuSnapshot(roots);
  const w0 = nowMs();
  const out = await sendAtRate(servers, tag, rate, seconds, (t, rooms) => fleet.posted(t, rooms));
  const drainEnd = Date.now() + drainMs;
  while (Date.now() < drainEnd && (await fleet.status()).pending > 0) await sleep(200);
  const st = await fleet.status(); // before report(), which starts the next phase's counts
  const r = await fleet.report();
  const cpuSeconds = cpuSince(cpu0, cpuSnapshot(roots));
  // Slowness (even sockets dropped by an overloaded server) is a result; nothing sent is a failure.
  if (r.expected === 0)
    throw new Error(`latency at ${rate}/s: no flag was sent to a connected socket (${out.failed} requests failed, ${st.connected} sockets connected)`);
  return {
    rate,
    achievedRate: round(out.sent / out.seconds, 0),
    flags: out.sent,
    sockets,
    p50: percentile(r.hist, 0.5),
    p95: percentile(r.hist, 0.95),
    p99: percentile(r.hist, 0.99),
    max: percentile(r.hist, 1),
    samples: r.samples,
    expected: r.expected,
    censored: r.censored,
    failedRequests: out.failed,
    postP50Ms: out.postP50Ms,
    postP99Ms: out.postP99Ms,
    connectedAfter: st.connected,
    disconnects: countBy(st.disconnects),
    quietWaitMs: waitedMs,
    upsertsPerSample: round(r.upserts / Math.max(1, r.samples), 2),
    diffKBPerSocketPerSec: round(r.diffBytes / 1024 / sockets / out.seconds, 0),
    windowSeconds: round((nowMs() - w0) / 1000),
    cpuSeconds: mergeSockets(cpuSeconds),
  };
}

/** Socket children are part of the harness, but their share is worth showing on its own. */
export function mergeSockets(c: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c)) {
    const key = k.startsWith("sockets") ? "socket_clients" : k;
    out[key] = round((out[key] ?? 0) + v, 2);
  }
  return out;
}
