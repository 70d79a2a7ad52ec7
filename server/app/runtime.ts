import type { Env } from "../env";
import type { Auth } from "../auth/auth";
import type { Db } from "../db/prisma";
import type { Pool } from "../db/pool";
import type { IO } from "../realtime/io";
import type { Internals, Services } from "./services";
import type { Queue } from "../jobs/queue";
import type { Metrics } from "../observability/metrics";

/** What boot() builds before the HTTP server exists. */
export interface BaseRuntime {
  env: Env;
  version: string;
  db: Db;
  /** People's requests: pages, tRPC, sign-in. */
  pool: Pool;
  /** Ingest batches (at most INGEST_MAX_CONCURRENT at once; more wait or get 429). */
  ingestPool: Pool;
  /** The cluster worker, standing orders, the wall hub's loads, delivery. */
  backgroundPool: Pool;
  /** One connection of its own for /api/health: it answers even when every other connection is busy. */
  healthPool: Pool;
  auth: Auth;
  queue: Queue;
}

/** The long-lived services of one server process. */
export interface Runtime extends BaseRuntime {
  io: IO;
  services: Services;
  internals: Internals;
  /** Origins the console is served from (CSRF checks, socket origins). */
  trustedOrigins: string[];
  /** This process's Prometheus metrics (GET /metrics). */
  metrics: Metrics;
}

// Next bundles route handlers separately from server.ts, so module-level singletons would be
// duplicated; the one runtime lives on globalThis instead.
const KEY = Symbol.for("floodwall.runtime");
type Holder = { [KEY]?: Runtime };

export function setRuntime(r: Runtime | undefined) {
  (globalThis as Holder)[KEY] = r;
}

export function getRuntime(): Runtime {
  const r = (globalThis as Holder)[KEY];
  if (!r) throw new Error("Floodwall runtime is not started (run the app through server.ts)");
  return r;
}
