// The composition root's domain half: every service wired to its dependencies, and every domain
// notifier port wired to the one realtime publisher. Transports (tRPC, route handlers, sockets)
// receive `Services`; only this folder knows the socket server, the pools and the queue.
import type { Env } from "../env";
import type { Pool } from "../db/pool";
import type { Db } from "../db/prisma";
import type { IO } from "../realtime/io";
import { socketPublisher, type Publisher } from "../realtime/publisher";
import { WallHub } from "../realtime/wall-hub";
import { registerWallSocket } from "../realtime/wall-socket";
import { endUserSockets } from "../realtime/socket-server";
import type { IngestOutcome } from "../ingest/ingest-flags";
import type { EnforceDeps } from "../enforcement/enforce-rooms";
import { deliverActions, RateLimiter } from "../enforcement/deliver";
import type { BatchNotifier, TakedownDeps } from "../takedown/types";
import { batchProgress } from "../takedown/batch-progress";
import { startClusterLoops } from "../clusters/cluster-loops";
import type { ClusterDeps } from "../clusters/deps";
import type { IncidentDeps, IncidentNotifier } from "../incidents/lifecycle";
import type { ControlDeps } from "../controls/controls";
import { advanceRestores } from "../controls/controls";
import { snapshotMetrics } from "../incidents/timeline";
import { postIncidentWebhook } from "../incidents/webhooks";
import type { UserDeps } from "../auth/users";
import type { Auth } from "../auth/auth";
import type { WallDeps } from "../wall/deps";
import type { OrderDeps, OrderNotifier } from "../orders/types";
import { startOrdersLoop } from "../orders/orders-loop";
import { publicUrl } from "../http/origins";
import type { PlatformAdapter } from "../enforcement/adapters/types";
import { SimulatedPlatform } from "../enforcement/adapters/simulated-platform";
import { WebhookPlatform } from "../enforcement/adapters/webhook";
import { AdmissionGate } from "../http/admission";
import { RulesEngine } from "../rules/engine";
import { flagRefsOf } from "../rules/facts";
import type { RuleDeps, RuleNotifier } from "../rules/types";
import type { PlaybookDeps, PlaybookNotifier } from "../playbooks/types";
import { onAlert, startPlaybookLoop } from "../playbooks/runs";
import { sweepExpiredClaims } from "../wall/claims";
import { DELIVER_QUEUE, DELIVER_WORK_OPTIONS, type Queue } from "../jobs/queue";
import { errField, logger } from "../observability/log";
import type { Metrics } from "../observability/metrics";

const log = logger("services");

/** What transports call: one dependency bag per domain, passed to its verb-noun services. */
export interface Services {
  wall: WallDeps;
  takedown: TakedownDeps;
  clusters: ClusterDeps;
  incidents: IncidentDeps;
  controls: ControlDeps;
  users: UserDeps;
  tokens: { db: Db };
  orders: OrderDeps;
  rules: RuleDeps & { engine: RulesEngine };
  playbooks: PlaybookDeps;
  /** Ingest's own pool and its admission gate (429 beyond capacity). */
  ingest: { pool: Pool; gate: AdmissionGate };
  /**
   * Ingest's route hands each stored batch here before answering: walls and orders are told,
   * and the response rules judge the batch (the sender's answer waits for them: back-pressure).
   */
  onIngested(out: IngestOutcome): Promise<void>;
}

/** The process's long-lived parts behind the services: stopped in order on shutdown. */
export interface Internals {
  hub: WallHub;
  queue: Queue;
  adapter: PlatformAdapter;
  publisher: Publisher;
  stop(): Promise<void>;
}

export function platformAdapter(env: Env, pool: Pool): PlatformAdapter {
  if (env.ENFORCEMENT_WEBHOOK_URL) {
    if (!env.ENFORCEMENT_WEBHOOK_SECRET) throw new Error("ENFORCEMENT_WEBHOOK_SECRET is required with ENFORCEMENT_WEBHOOK_URL");
    return new WebhookPlatform(env.ENFORCEMENT_WEBHOOK_URL, env.ENFORCEMENT_WEBHOOK_SECRET);
  }
  return new SimulatedPlatform(pool);
}

/** Delivery workers on the durable queue: what tells the platform (also run alone by `npm run worker`). */
export async function startDelivery(
  env: Env,
  pool: Pool,
  queue: Queue,
  adapter: PlatformAdapter,
  onDelivered: (summary: { sent: number; failed: number; retrying: number; batchIds: string[] }) => void = () => {},
) {
  const limiter = new RateLimiter(env.ENFORCEMENT_RATE_PER_SEC);
  await queue.work<{ actionIds: string[] }>(DELIVER_QUEUE, DELIVER_WORK_OPTIONS, async ([job]) => {
    await deliverActions({ pool, adapter, limiter, onDelivered }, job.data.actionIds);
  });
}

/**
 * What a process runs besides answering requests. One process may do everything (the default);
 * with several (REDIS_URL), web processes can leave the background work to `npm run worker`.
 */
export interface ProcessRole {
  /** Cluster worker, wave detector, standing orders, incident metrics and staged restores. */
  loops: boolean;
  /** Delivery of decisions to the platform (durable jobs). */
  delivery: boolean;
}

export async function startServices(
  env: Env,
  io: IO,
  /** People's requests use `pool`; loops, the hub and delivery use `backgroundPool`. */
  pools: { pool: Pool; backgroundPool: Pool; ingestPool: Pool; auth: Auth },
  db: Db,
  queue: Queue,
  role: ProcessRole,
  metrics: Metrics,
): Promise<{ services: Services; internals: Internals }> {
  const { pool, backgroundPool } = pools;
  const publisher = socketPublisher(io);
  const hub = new WallHub(io, backgroundPool, {
    shared: !!env.REDIS_URL,
    onFlushed: (ms, rooms) => {
      metrics.wallFlushDuration.observe(ms / 1000);
      metrics.wallFlushedRooms.inc(rooms);
    },
  });
  hub.start();
  registerWallSocket(io, hub);
  const adapter = platformAdapter(env, backgroundPool);
  const enforceOn = (p: Pool): EnforceDeps => ({
    pool: p,
    queue,
    fourEyes: { threshold: env.FOUR_EYES_THRESHOLD, windowMs: env.FOUR_EYES_WINDOW_MIN * 60_000 },
    onRoomsChanged: (ids) => hub.markChanged(ids),
    onRoomsRemoved: (rooms) => hub.markRemoved(rooms),
  });
  const enforce = enforceOn(pool);
  const notify = batchNotifier(publisher);
  const takedown: TakedownDeps = { pool, db, enforce, notify };
  const progress = throttledProgress(backgroundPool, notify);
  if (role.delivery) {
    await startDelivery(env, backgroundPool, queue, adapter, (s) => {
      metrics.deliveryDecisions.inc({ outcome: "sent" }, s.sent);
      metrics.deliveryDecisions.inc({ outcome: "failed" }, s.failed);
      metrics.deliveryDecisions.inc({ outcome: "retrying" }, s.retrying);
      for (const id of s.batchIds) progress(id);
    });
  }
  const orders: OrderDeps = { pool, enforce, adapter, notify: orderNotifier(publisher) };
  const ordersLoop = role.loops ? startOrdersLoop({ ...orders, pool: backgroundPool, enforce: enforceOn(backgroundPool) }) : null;
  orders.onActivated = () => ordersLoop?.kick();
  const incidents: IncidentDeps = { db, pool, notify: incidentNotifier(publisher, env) };
  const controls: ControlDeps = { pool, enforce, adapter, onChanged: () => publisher.publish({ capability: "controls:read" }, "controls:changed") };
  const ruleNotify = ruleNotifier(publisher, () => void engine.refresh().catch(() => {}));
  const rules: RuleDeps = { db, pool, enforce, orders, controls, notify: ruleNotify };
  // The engine runs where ingest runs, on the ingest pool: its facts and actions are part of a batch.
  const engine = new RulesEngine({ ...rules, pool: pools.ingestPool, enforce: enforceOn(pools.ingestPool) });
  await engine.start();
  const playbooks: PlaybookDeps = { db, pool, orders, controls, incidents, rules, notify: playbookNotifier(publisher) };
  const background = { ...playbooks, pool: backgroundPool };
  const stopPlaybooks = role.loops ? startPlaybookLoop(background) : async () => {};
  if (role.loops) void engine.replay().catch((e) => log.error({ err: errField(e) }, "rules replay failed"));
  const stopClusters = role.loops
    ? startClusterLoops(backgroundPool, {
        roomsChanged: (ids) => hub.markChanged(ids),
        accountsJoined: (ids) => ordersLoop?.accountsJoined(ids),
        clustersChanged: () => publisher.publish({ capability: "clusters:read" }, "clusters:changed"),
        alert: (a) => {
          publisher.publish({ capability: "alerts:read" }, "wave:alert", a);
          void onAlert(background, a).catch((e) => log.error({ err: errField(e) }, "playbook run on the alert failed"));
        },
        passed: (ms, accounts) => {
          metrics.clusterPassDuration.observe(ms / 1000);
          metrics.clusterAccounts.inc(accounts);
        },
      })
    : () => {};
  // Expired claims leave every wall within half a minute.
  const claimSweep = role.loops ? setInterval(() => void sweepExpiredClaims(backgroundPool, (ids) => hub.markChanged(ids)).catch(() => {}), 30_000) : null;
  claimSweep?.unref();
  const stopIncidentLoops = role.loops
    ? startIncidentLoops(backgroundPool, { ...controls, pool: backgroundPool, enforce: enforceOn(backgroundPool) }, incidents.notify)
    : () => {};
  const services: Services = {
    wall: { pool, enforce },
    takedown,
    clusters: { pool, db },
    incidents,
    controls,
    users: { db, auth: pools.auth, sessions: { end: (userId, reason) => endUserSockets(io, userId, reason) } },
    tokens: { db },
    orders,
    rules: { ...rules, engine },
    playbooks,
    ingest: { pool: pools.ingestPool, gate: new AdmissionGate(env.INGEST_MAX_CONCURRENT, env.INGEST_MAX_QUEUED) },
    async onIngested(out) {
      hub.markChanged(out.changedRoomIds);
      ordersLoop?.roomsChanged(out.changedRoomIds);
      const now = Date.now();
      const started = performance.now();
      const judged = await engine.evaluate(flagRefsOf(out.stored, now), now);
      metrics.rulesDuration.observe((performance.now() - started) / 1000);
      metrics.rulesJudged.inc(judged.judged);
      metrics.ruleHits.inc(judged.hits);
      metrics.ruleActions.inc(judged.acted);
    },
  };
  return {
    services,
    internals: {
      hub,
      queue,
      adapter,
      publisher,
      async stop() {
        stopClusters();
        if (claimSweep) clearInterval(claimSweep);
        await stopPlaybooks();
        await engine.stop();
        await ordersLoop?.stop();
        stopIncidentLoops();
        hub.stop();
      },
    },
  };
}

/** Batch events: approvals to shift leads, decisions to the requester and the leads, progress to everyone who sees batches. */
function batchNotifier(p: Publisher): BatchNotifier {
  return {
    approvalRequested: (b) => p.publish({ capability: "takedown:approve" }, "takedown:approval", b),
    decided: (b) =>
      p.publish([{ user: b.createdById }, { capability: "takedown:approve" }], "takedown:decided", { id: b.id, status: b.status, by: b.by, reason: b.reason }),
    progress: (prog) => p.publish({ capability: "takedown:read" }, "takedown:progress", prog),
  };
}

/** Order changes reach everyone who sees batches, at most twice a second per order; approvals reach shift leads. */
function orderNotifier(p: Publisher): OrderNotifier {
  const last = new Map<string, number>();
  const due = new Map<string, NodeJS.Timeout>();
  return {
    changed(id) {
      if (due.has(id)) return;
      const wait = Math.max(0, (last.get(id) ?? 0) + 500 - Date.now());
      due.set(
        id,
        setTimeout(() => {
          due.delete(id);
          last.set(id, Date.now());
          p.publish({ capability: "takedown:read" }, "orders:changed", { id });
        }, wait),
      );
    },
    approvalRequested: (o) => p.publish({ capability: "takedown:approve" }, "order:approval", o),
  };
}

/** Rule changes reload every engine and refresh pages; approvals and trips reach the leads at once. Hits at most once a second per rule. */
function ruleNotifier(p: Publisher, reloadLocal: () => void): RuleNotifier {
  const due = new Set<string>();
  return {
    changed(id) {
      reloadLocal();
      p.publish({ capability: "rules:read" }, "rules:changed", { id });
    },
    hits(id) {
      if (due.has(id)) return;
      due.add(id);
      setTimeout(() => {
        due.delete(id);
        p.publish({ capability: "rules:read" }, "rules:hits", { id });
      }, 1000).unref();
    },
    enforceRequested: (r) => p.publish({ capability: "rules:approve" }, "rule:enforce-request", r),
    tripped: (r) => p.publish({ capability: "rules:manage" }, "rule:tripped", r),
    undoProgress: (x) => p.publish({ capability: "rules:manage" }, "rule:undo-progress", x),
  };
}

/** Pending runs (with their cancel button) and run changes reach every lead. */
function playbookNotifier(p: Publisher): PlaybookNotifier {
  return {
    changed: (id) => p.publish({ capability: "playbooks:read" }, "playbooks:changed", { id }),
    pending: (r) => p.publish({ capability: "playbooks:manage" }, "playbook:pending", r),
    runChanged: (r) => p.publish({ capability: "playbooks:read" }, "playbook:run", r),
    armRequested: (r) => p.publish({ capability: "rules:approve" }, "playbook:arm-request", r),
  };
}

/** Progress of a batch is recomputed at most four times a second while its jobs finish. */
function throttledProgress(pool: Pool, notify: BatchNotifier) {
  const timers = new Map<string, NodeJS.Timeout>();
  return (batchId: string) => {
    if (timers.has(batchId)) return;
    timers.set(
      batchId,
      setTimeout(() => {
        timers.delete(batchId);
        batchProgress(pool, batchId).then(notify.progress, () => {});
      }, 250),
    );
  };
}

/** P0/P1 declarations reach every online user at once, and the configured outbound webhook. */
function incidentNotifier(p: Publisher, env: Env): IncidentNotifier {
  return {
    evidence: (userId, x) => p.publish({ user: userId }, "evidence:progress", x),
    changed: (id) => p.publish({ capability: "incidents:read" }, "incident:changed", { id }),
    declared: (i) => {
      p.publish("everyone", "incident:declared", i);
      if (env.INCIDENT_WEBHOOK_URL && env.INCIDENT_WEBHOOK_SECRET) {
        void postIncidentWebhook(
          { url: env.INCIDENT_WEBHOOK_URL, secret: env.INCIDENT_WEBHOOK_SECRET, format: env.INCIDENT_WEBHOOK_FORMAT },
          { ...i, url: `${publicUrl(env)}/incidents/${i.id}` },
        );
      }
    },
  };
}

/** Metrics snapshots every minute for open incidents; staged restores advance as holds pass. */
function startIncidentLoops(pool: Pool, controls: ControlDeps, notify: IncidentNotifier) {
  const metrics = setInterval(() => {
    snapshotMetrics(pool).then(
      (ids) => {
        for (const id of ids) notify.changed(id);
      },
      () => {},
    );
  }, 60_000);
  const restores = setInterval(() => void advanceRestores(controls).catch(() => {}), 2_000);
  metrics.unref();
  restores.unref();
  return () => {
    clearInterval(metrics);
    clearInterval(restores);
  };
}
