import type { Env } from "../env";
import type { Pool } from "../db/pool";
import type { IO } from "./runtime";
import { WallHub } from "../realtime/wall-hub";
import { registerWallSocket } from "../realtime/wall-socket";
import type { IngestOutcome } from "../ingest/ingest-flags";
import type { EnforceDeps } from "../enforcement/enforce-rooms";
import { deliverActions, RateLimiter } from "../enforcement/deliver";
import type { Db } from "../db/prisma";
import type { BatchNotifier, TakedownDeps } from "../takedown/types";
import { batchProgress } from "../takedown/batch-progress";
import { startClusterLoops } from "../clusters/cluster-loops";
import type { IncidentDeps, IncidentNotifier } from "../incidents/lifecycle";
import type { ControlDeps } from "../controls/controls";
import { advanceRestores } from "../controls/controls";
import { snapshotMetrics } from "../incidents/timeline";
import { postIncidentWebhook } from "../incidents/webhooks";
import { publicUrl } from "../http/origins";
import type { PlatformAdapter } from "../enforcement/adapters/types";
import { SimulatedPlatform } from "../enforcement/adapters/simulated-platform";
import { WebhookPlatform } from "../enforcement/adapters/webhook";
import { DELIVER_QUEUE, DELIVER_WORK_OPTIONS, type Queue } from "../jobs/queue";

/** The process's domain services, wired once in server.ts and reached through the runtime. */
export interface Services {
  hub: WallHub;
  incidents: IncidentDeps;
  controls: ControlDeps;
  takedown: TakedownDeps;
  queue: Queue;
  adapter: PlatformAdapter;
  enforce: EnforceDeps;
  onIngested(out: IngestOutcome): void;
  stop(): Promise<void>;
}

export function platformAdapter(env: Env, pool: Pool): PlatformAdapter {
  if (env.ENFORCEMENT_WEBHOOK_URL) {
    if (!env.ENFORCEMENT_WEBHOOK_SECRET) throw new Error("ENFORCEMENT_WEBHOOK_SECRET is required with ENFORCEMENT_WEBHOOK_URL");
    return new WebhookPlatform(env.ENFORCEMENT_WEBHOOK_URL, env.ENFORCEMENT_WEBHOOK_SECRET);
  }
  return new SimulatedPlatform(pool);
}

export async function startServices(env: Env, io: IO, pool: Pool, db: Db, queue: Queue): Promise<Services> {
  const hub = new WallHub(io, pool, { shared: !!env.REDIS_URL });
  hub.start();
  registerWallSocket(io, hub);
  const adapter = platformAdapter(env, pool);
  const enforce: EnforceDeps = {
    pool,
    queue,
    fourEyes: { threshold: env.FOUR_EYES_THRESHOLD, windowMs: env.FOUR_EYES_WINDOW_MIN * 60_000 },
    onRoomsChanged: (ids) => hub.markChanged(ids),
    onRoomsRemoved: (rooms) => hub.markRemoved(rooms),
  };
  const notify = socketNotifier(io);
  const takedown: TakedownDeps = { pool, db, enforce, notify };
  const progress = throttledProgress(pool, notify);
  const limiter = new RateLimiter(env.ENFORCEMENT_RATE_PER_SEC);
  await queue.work<{ actionIds: string[] }>(DELIVER_QUEUE, DELIVER_WORK_OPTIONS, async ([job]) => {
    await deliverActions({ pool, adapter, limiter, onDelivered: (s) => s.batchIds.forEach(progress) }, job.data.actionIds);
  });
  const stopClusters = startClusterLoops(io, pool, hub);
  const incidents: IncidentDeps = { db, pool, notify: incidentNotifier(io, env) };
  const controls: ControlDeps = { pool, enforce, adapter, onChanged: () => io.emit("controls:changed") };
  const stopIncidentLoops = startIncidentLoops(io, pool, controls);
  return {
    hub,
    incidents,
    controls,
    takedown,
    queue,
    adapter,
    enforce,
    onIngested(out) {
      hub.markChanged(out.changedRoomIds);
    },
    async stop() {
      stopClusters();
      stopIncidentLoops();
      hub.stop();
    },
  };
}

/** Batch events over Socket.IO: approvals to shift leads, progress to everyone who acts. */
function socketNotifier(io: IO): BatchNotifier {
  return {
    approvalRequested: (b) => io.to("role:SHIFT_LEAD").emit("takedown:approval", b),
    decided: (b) => io.to(`user:${b.createdById}`).to("role:SHIFT_LEAD").emit("takedown:decided", { id: b.id, status: b.status, by: b.by, reason: b.reason }),
    progress: (p) => io.to(["role:MODERATOR", "role:SHIFT_LEAD", "role:ADMIN"]).emit("takedown:progress", p),
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
function incidentNotifier(io: IO, env: Env): IncidentNotifier {
  return {
    changed: (id) => io.emit("incident:changed", { id }),
    declared: (i) => {
      io.emit("incident:declared", i);
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
function startIncidentLoops(io: IO, pool: Pool, controls: ControlDeps) {
  const metrics = setInterval(() => {
    snapshotMetrics(pool).then(
      (ids) => ids.forEach((id) => io.emit("incident:changed", { id })),
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
