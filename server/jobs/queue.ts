import { PgBoss } from "pg-boss";
import type { PgConfig } from "../db/pg-config";

export const DELIVER_QUEUE = "enforcement-deliver";

export type Queue = PgBoss;

/** Durable jobs on Postgres (pg-boss, in its own schema "pgboss"). */
export async function startQueue(config: PgConfig, log: (l: string) => void = console.error): Promise<PgBoss> {
  const boss = new PgBoss({ ...config, schema: "pgboss", max: 6, useListenNotify: true });
  boss.on("error", (e: Error) => log(`[jobs] ${e.message}`));
  await boss.start();
  await boss.createQueue(DELIVER_QUEUE, {
    retryLimit: 25,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    // A worker that died mid-job (kill -9) loses its claim after this; the job runs again.
    expireInSeconds: 60,
    notify: true,
  }).catch(() => {});
  return boss;
}
