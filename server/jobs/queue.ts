import { PgBoss } from "pg-boss";
import type { PgConfig } from "../db/pg-config";
import { logger } from "../observability/log";

const log = logger("jobs");

export const DELIVER_QUEUE = "enforcement-deliver";

export type Queue = PgBoss;

/**
 * How delivery workers fetch. NOTIFY wakes them when jobs are created; the short poll keeps a
 * worker fetching while a backlog exists (NOTIFY alone would leave jobs that were already
 * queued — e.g. after a restart — waiting for the slow backstop).
 */
export const DELIVER_WORK_OPTIONS = {
  batchSize: 1,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 0.5,
  // Jobs of 500 decisions run 6 at a time: 17,000 rooms reach the platform in ~4 s instead of ~5.3
  // with 4, leaving 2 of the background pool's 8 connections to the loops.
  localConcurrency: 6,
} as const;

/** Durable jobs on Postgres (pg-boss, in its own schema "pgboss"). */
export async function startQueue(config: PgConfig): Promise<PgBoss> {
  const boss = new PgBoss({
    ...config,
    schema: "pgboss",
    max: 6,
    useListenNotify: true,
    // Expired claims (a worker killed mid-job) are noticed within seconds, not minutes.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
  });
  boss.on("error", (e: Error) => log.error({ err: e }, "job queue error"));
  await boss.start();
  await boss
    .createQueue(DELIVER_QUEUE, {
      retryLimit: 25,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 60,
      // A worker that died mid-job (kill -9) loses its claim after this; the job runs again.
      expireInSeconds: 20,
      notify: true,
    })
    .catch(() => {});
  return boss;
}

/** Stops the queue and waits until pg-boss has closed every connection (its "stopped" event). */
export async function stopQueue(boss: PgBoss, timeoutMs = 8000) {
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    boss.once("stopped", () => {
      clearTimeout(t);
      resolve();
    });
    boss.stop({ graceful: true, close: true, timeout: timeoutMs - 1000 }).catch(() => resolve());
  });
}

/** Jobs per queue: waiting (of which not yet due) and running, as pg-boss last counted them (every few seconds). */
export async function queueDepths(boss: PgBoss): Promise<{ queue: string; queued: number; active: number; deferred: number }[]> {
  const queues = await boss.getQueues();
  return queues.map((q) => ({ queue: q.name, queued: q.queuedCount, active: q.activeCount, deferred: q.deferredCount }));
}
