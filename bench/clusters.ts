// Figure 7: clustering. A bot population built by the attack simulator's own generator
// (rings sharing devices, IP blocks, phone pools, handle patterns and a registration burst,
// plus ordinary accounts) is flagged through the ingest API at a fixed rate, new accounts
// arriving evenly over the run as rooms go live in a wave. The server's cluster loop drains
// accounts that ingest marked (platform_accounts."needsClustering"); the harness polls that
// column to see how far clustering lags. Then the cluster list is timed as the page calls it.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { DEMO, signIn, trpc } from "./client";
import { sendPaced, TICK_MS } from "./latency";
import { cpuSince, cpuSnapshot, OUT, type BenchServer } from "./server";
import { nowMs, round, sleep } from "./stats";
import { createRng } from "../scripts/simulator/rng";
import { listClusters } from "../server/clusters/cluster-queries";
import { buildPopulation, type SimMember } from "../scripts/simulator/population";
import { eventIdFactory, toIngestEvent } from "../scripts/simulator/events";
import type { IngestEventInput } from "../server/contracts/ingest";

export interface ClusterParams {
  bots: number;
  rings: number;
  benign: number;
  /** Ingest rate, events/s, and for how long. */
  rate: number;
  seconds: number;
  /** Timed clusters.list calls (after two untimed ones). */
  listCalls: number;
  /** Give up waiting for clustering to catch up this long after the last ingest answer. */
  lagCapMs: number;
}

/** As the clusters page asks (components/clusters/cluster-list.tsx): default sort, 300 rows. */
export const LIST_INPUT = { sort: "size", limit: 300 } as const;
/** The simulator's wave spends this share of its rate on ordinary accounts (scenarios.ts). */
export const BENIGN_SHARE = 0.04;
const POLL_MS = 100;

export interface ClusterRun {
  seed: number;
  /** The population's accounts, and how many of them reached the database (batches can fail). */
  accounts: number;
  accountsIngested: number;
  events: number;
  ingestEventsPerSec: number;
  failedRequests: number;
  sendSeconds: number;
  /** New accounts per second the ingest delivered (arrival rate clustering must match). */
  arrivalsPerSec: number;
  /** Accounts waiting for the cluster pass when the last ingest answer came, and at most. */
  backlogAtEnd: number;
  backlogMax: number;
  /** Batches refused with 503 and sent again (up to RETRIES times each). */
  retried: number;
  /** The longest any account was seen waiting for the cluster pass (sampled every POLL_MS). */
  maxWaitS: number;
  /** Last ingest answer → no account waiting for clustering (capped: lagCapped). */
  lagS: number;
  lagCapped: boolean;
  /** Accounts clustered ÷ time from the first ingest request until none was waiting. */
  clusteredPerSec: number;
  clusters: number;
  clusteredAccounts: number;
  botsClustered: number;
  benignClustered: number;
  /** Bots in their ring's largest cluster ÷ all bots (rings found whole). */
  ringRecall: number;
  listP50Ms: number;
  listP95Ms: number;
  listMaxMs: number;
  listRows: number;
  listCalls: number;
  /** The list's SQL alone (the server's own listClusters over a harness pg connection), p50 of the same number of calls. */
  listSqlP50Ms: number;
  /** "[clusters] …" and "[ingest] …" errors the server logged during the run, with counts. */
  serverErrors: Record<string, number>;
  windowSeconds: number;
  cpuSeconds: Record<string, number>;
}

/** Nearest-rank quantile of a small sample. */
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/**
 * One request body per tick: the members whose rooms go live in that tick get their first
 * flag, the rest of the tick's events flag rooms already live (bots, and ordinary rooms at the
 * simulator's benign share), shuffled, with the simulator's event generator.
 */
function waveBodies(seed: number, p: ClusterParams) {
  const now = Date.now();
  const pop = buildPopulation({
    seed,
    onsetAt: now - 120_000,
    rampMs: 60_000,
    botCount: p.bots,
    ringCount: p.rings,
    benignCount: p.benign,
    sharedIpCount: Math.round((p.benign * 320) / 3000),
  });
  const order: { m: SimMember; at: number }[] = [
    ...pop.bots.map((m, i) => ({ m, at: i / pop.bots.length })),
    ...pop.benign.map((m, i) => ({ m, at: (i + 0.5) / pop.benign.length })),
  ];
  order.sort((a, b) => a.at - b.at);
  const rng = createRng(seed).fork("bench-wave");
  const nextId = eventIdFactory(seed, "b");
  const ticks = Math.max(1, Math.round((p.seconds * 1000) / TICK_MS));
  const perTick = Math.max(1, Math.round((p.rate * TICK_MS) / 1000));
  const bots: SimMember[] = [];
  const benign: SimMember[] = [];
  let introduced = 0;
  const bodies: { body: string; events: number; rooms: string[] }[] = [];
  for (let i = 0; i < ticks; i++) {
    const at = now + i * TICK_MS;
    const events: IngestEventInput[] = [];
    const until = Math.round((order.length * (i + 1)) / ticks);
    for (; introduced < until; introduced++) {
      const m = order[introduced].m;
      (m.kind === "bot" ? bots : benign).push(m);
      events.push(toIngestEvent(m, at, rng, nextId()));
    }
    while (events.length < perTick && bots.length + benign.length > 0) {
      const pool = benign.length && (rng.chance(BENIGN_SHARE) || !bots.length) ? benign : bots;
      events.push(toIngestEvent(rng.pick(pool), at, rng, nextId()));
    }
    bodies.push({ body: JSON.stringify({ events: rng.shuffle(events) }), events: events.length, rooms: [] });
  }
  return { pop, bodies };
}

/**
 * Accounts waiting for the cluster pass. Each account's wait is timed from the first poll that
 * saw it waiting to the first poll that no longer does (an account ingest marks again later —
 * its signals changed — starts a new wait), so the longest wait is what an account spent in
 * the backlog, to the poll's resolution.
 */
class Backlog {
  private since = new Map<string, number>();
  maxWaitMs = 0;
  async poll(db: pg.Client, at: number): Promise<number> {
    const r = await db.query<{ id: string }>(`SELECT id FROM platform_accounts WHERE "needsClustering"`);
    const now = new Set(r.rows.map((x) => x.id));
    for (const [id, t] of this.since) {
      if (!now.has(id)) {
        this.maxWaitMs = Math.max(this.maxWaitMs, at - t);
        this.since.delete(id);
      }
    }
    for (const id of now) if (!this.since.has(id)) this.since.set(id, at);
    for (const t of this.since.values()) this.maxWaitMs = Math.max(this.maxWaitMs, at - t);
    return now.size;
  }
}
export const RETRIES = 5;

export async function clusterRun(s: BenchServer, seed: number, p: ClusterParams): Promise<ClusterRun> {
  const db = new pg.Client({ connectionString: s.pgUrl });
  await db.connect();
  try {
    const cookie = await signIn(s, DEMO.MODERATOR);
    const { pop, bodies } = waveBodies(seed, p);
    const accounts = pop.bots.length + pop.benign.length;
    // Earlier figures' accounts (quick mode shares a server) must not count as this run's lag.
    const t = Date.now();
    const pendingNow = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM platform_accounts WHERE "needsClustering"`)).rows[0].n;
    while ((await pendingNow()) > 0 && Date.now() - t < 60_000) await sleep(250);

    const log = path.join(OUT, `${s.name}.log`);
    const logFrom = statSync(log, { throwIfNoEntry: false })?.size ?? 0;
    const cpu0 = cpuSnapshot({ server: s.wrapperPid, harness: process.pid });
    const w0 = nowMs();
    // The backlog is polled throughout sending and until it is gone (or the cap).
    let sendDone = false;
    let lastAnswerAt = 0;
    let backlogMax = 0;
    let backlogAtEnd = -1;
    let caughtUpAt = 0;
    let lastPending = 0;
    const backlog = new Backlog();
    const poll = (async () => {
      for (;;) {
        const at = nowMs();
        const n = await backlog.poll(db, at);
        backlogMax = Math.max(backlogMax, n);
        lastPending = n;
        if (sendDone) {
          if (backlogAtEnd < 0) backlogAtEnd = n;
          if (n === 0) {
            caughtUpAt = at;
            return;
          }
          if (at - lastAnswerAt > p.lagCapMs) return;
        }
        await sleep(POLL_MS);
      }
    })();
    const sent = await sendPaced([s], bodies, undefined, RETRIES);
    lastAnswerAt = sent.lastAnswerAt;
    sendDone = true;
    await poll;
    const lagCapped = caughtUpAt === 0;
    const endAt = lagCapped ? nowMs() : caughtUpAt;
    const cpuSeconds = cpuSince(cpu0, cpuSnapshot({ server: s.wrapperPid, harness: process.pid }));
    const windowSeconds = (nowMs() - w0) / 1000;
    const serverErrors: Record<string, number> = {};
    for (const line of readFileSync(log).subarray(logFrom).toString().split("\n")) {
      if (/^\[(clusters|ingest)\]/.test(line)) serverErrors[line.slice(0, 90)] = (serverErrors[line.slice(0, 90)] ?? 0) + 1;
    }
    if (sent.sent === 0) throw new Error(`clusters: nothing accepted (${sent.failed} requests failed)`);

    const found = await db.query<{ id: string; clusterId: string | null }>(
      `SELECT a.id, m."clusterId" FROM unnest($1::text[]) AS a(id) LEFT JOIN account_cluster_members m ON m."accountId" = a.id`,
      [[...pop.bots, ...pop.benign].map((m) => m.account.id)],
    );
    const clusterOf = new Map(found.rows.map((r) => [r.id, r.clusterId]));
    const ingested = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM platform_accounts WHERE id = ANY($1::text[])`, [
      found.rows.map((r) => r.id),
    ]);
    const accountsIngested = ingested.rows[0].n;
    let ringBest = 0;
    for (const ring of pop.rings) {
      const counts = new Map<string, number>();
      for (const id of ring.accountIds) {
        const c = clusterOf.get(id);
        if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      ringBest += Math.max(0, ...counts.values());
    }
    const totals = await db.query<{ clusters: number; accounts: number }>(
      `SELECT count(*)::int AS clusters, COALESCE(sum(size), 0)::int AS accounts FROM account_clusters WHERE "mergedIntoId" IS NULL AND size > 1`,
    );

    // The list as the page asks for it, on the now idle server: two untimed calls, then timed ones.
    let rows = 0;
    for (let i = 0; i < 2; i++) await trpc(s, cookie, "clusters.list", LIST_INPUT, "query");
    const times: number[] = [];
    for (let i = 0; i < p.listCalls; i++) {
      const t0 = nowMs();
      rows = (await trpc<unknown[]>(s, cookie, "clusters.list", LIST_INPUT, "query")).length;
      times.push(nowMs() - t0);
    }
    // The same statement without HTTP, tRPC and JSON: how much of the call is the database.
    const sqlPool = new pg.Pool({ connectionString: s.pgUrl, max: 1 });
    const sqlTimes: number[] = [];
    try {
      for (let i = 0; i < p.listCalls; i++) {
        const t0 = nowMs();
        await listClusters(sqlPool, LIST_INPUT.sort, LIST_INPUT.limit);
        sqlTimes.push(nowMs() - t0);
      }
    } finally {
      await sqlPool.end();
    }
    return {
      seed,
      accounts,
      accountsIngested,
      events: sent.sent,
      ingestEventsPerSec: round(sent.sent / ((sent.lastAnswerAt - sent.startedAt) / 1000), 0),
      failedRequests: sent.failed,
      retried: sent.retried,
      maxWaitS: round(backlog.maxWaitMs / 1000, 2),
      sendSeconds: round((sent.lastAnswerAt - sent.startedAt) / 1000),
      arrivalsPerSec: round(accountsIngested / ((sent.lastAnswerAt - sent.startedAt) / 1000), 0),
      backlogAtEnd: Math.max(0, backlogAtEnd),
      backlogMax,
      lagS: round((endAt - lastAnswerAt) / 1000, 2),
      lagCapped,
      clusteredPerSec: round((accountsIngested - lastPending) / ((endAt - sent.startedAt) / 1000), 0),
      clusters: totals.rows[0].clusters,
      clusteredAccounts: totals.rows[0].accounts,
      botsClustered: pop.bots.filter((m) => clusterOf.get(m.account.id)).length,
      benignClustered: pop.benign.filter((m) => clusterOf.get(m.account.id)).length,
      ringRecall: round(ringBest / Math.max(1, pop.bots.length)),
      listP50Ms: round(quantile(times, 0.5), 1),
      listP95Ms: round(quantile(times, 0.95), 1),
      listMaxMs: round(Math.max(...times), 1),
      listRows: rows,
      listCalls: times.length,
      listSqlP50Ms: round(quantile(sqlTimes, 0.5), 1),
      serverErrors,
      windowSeconds: round(windowSeconds),
      cpuSeconds,
    };
  } finally {
    await db.end();
  }
}
