import pg from "pg";
import type { PgConfig } from "./pg-config";
import { logger } from "../observability/log";

const log = logger("db");

// BIGINT ids and counters come back as JS numbers (they stay far below 2^53 here).
pg.types.setTypeParser(20, (v) => Number(v));

let stopping = false;
/** The process is stopping: Postgres ending idle connections on its way down is expected. */
export function poolsStopping() {
  stopping = true;
}

/** The raw pool for hot paths (ingest, bulk updates) that use set-based SQL directly. */
export function createPool(config: PgConfig, max = 20) {
  const pool = new pg.Pool({ ...config, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on("error", (e: Error & { code?: string }) => {
    if (stopping && e.code === "57P01") return; // admin_shutdown while we stop
    log.error({ err: e }, "idle Postgres client error");
  });
  return pool;
}
export type Pool = pg.Pool;
/** A pool or one of its connections: whatever a single query runs on. */
export type Queryable = Pick<pg.Pool, "query">;
