// Endpoints for operators and load balancers, answered by the Node HTTP server itself (before
// Next, so they answer in the worker and in tests too, and cost no page machinery):
//   GET /metrics            Prometheus text (METRICS_TOKEN as Bearer, or loopback only without one)
//   GET /api/health/live    the process answers (liveness: restart it when this fails)
//   GET /api/health/ready   database reachable, this build's migrations applied, not stopping
//                           (readiness: send it traffic only while this answers 200)
//   GET /api/health         the process answers and Postgres answers SELECT 1 (the original
//                           check, kept for existing monitors; once a Next route, whose page
//                           machinery queued it behind everyone else's work under load)
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Pool } from "../db/pool";
import type { Metrics } from "../observability/metrics";

export interface OpsDeps {
  metrics: Metrics;
  /** METRICS_TOKEN (unset: /metrics answers loopback callers only). */
  metricsToken?: string;
  healthPool: Pool;
  /** Names of the migrations this build ships (all must be applied for readiness). */
  migrations: readonly string[];
  stopping: () => boolean;
  version: string;
}

/** How long readiness waits for Postgres before answering 503. */
const READY_TIMEOUT_MS = 2000;

/** Answers the request if it is one of these endpoints; false leaves it to the next handler. */
export function handleOps(req: IncomingMessage, res: ServerResponse, pathname: string, deps: OpsDeps): boolean {
  if (pathname !== "/metrics" && pathname !== "/api/health" && pathname !== "/api/health/live" && pathname !== "/api/health/ready") return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, { error: "Method not allowed" }, { allow: "GET, HEAD" });
    return true;
  }
  if (pathname === "/api/health/live") {
    send(res, 200, { status: "live", version: deps.version, uptimeSeconds: Math.round(process.uptime()) });
  } else if (pathname === "/api/health/ready") {
    void readiness(deps).then(({ status, body }) => send(res, status, body));
  } else if (pathname === "/api/health") {
    void withTimeout(deps.healthPool.query("SELECT 1"), READY_TIMEOUT_MS).then(
      () => send(res, 200, { status: "ok", db: "ok", version: deps.version }),
      () => send(res, 503, { status: "degraded", db: "down", version: deps.version }),
    );
  } else {
    const access = metricsAccess({
      token: deps.metricsToken,
      authorization: req.headers.authorization,
      remoteAddress: req.socket.remoteAddress,
      forwarded: isForwarded(req),
    });
    if (!access.ok) send(res, access.status, { error: access.error }, access.status === 401 ? { "www-authenticate": 'Bearer realm="metrics"' } : {});
    else
      void deps.metrics.registry.metrics().then(
        (text) => {
          res
            .writeHead(200, { "content-type": deps.metrics.registry.contentType, "cache-control": "no-store", "content-security-policy": DATA_ONLY_CSP })
            .end(text);
        },
        () => send(res, 500, { error: "Could not collect metrics" }),
      );
  }
  return true;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function readiness(
  deps: Pick<OpsDeps, "healthPool" | "migrations" | "stopping" | "version">,
): Promise<{ status: number; body: Record<string, unknown> }> {
  if (deps.stopping()) return { status: 503, body: { status: "stopping", version: deps.version } };
  try {
    const applied = await withTimeout(
      deps.healthPool
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM _prisma_migrations
           WHERE migration_name = ANY($1::text[]) AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          [deps.migrations],
        )
        .then((r) => r.rows[0].n),
      READY_TIMEOUT_MS,
    );
    const pending = deps.migrations.length - applied;
    if (pending > 0) return { status: 503, body: { status: "not ready", db: "ok", pendingMigrations: pending, version: deps.version } };
    return { status: 200, body: { status: "ready", db: "ok", version: deps.version } };
  } catch {
    return { status: 503, body: { status: "not ready", db: "down", version: deps.version } };
  }
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; error: string };

/**
 * Who may read /metrics. With a token: whoever sends it as a Bearer token (from anywhere).
 * Without one: only a caller on this machine talking to the process directly — a request that
 * came through a proxy (it says so with X-Forwarded-For or Forwarded) is not local, even though
 * the proxy's own connection comes from 127.0.0.1.
 */
export function metricsAccess(o: { token?: string; authorization?: string; remoteAddress?: string; forwarded: boolean }): MetricsAccess {
  if (o.token) {
    const m = /^Bearer\s+(.+)$/i.exec(o.authorization ?? "");
    return m && sameSecret(m[1].trim(), o.token) ? { ok: true } : { ok: false, status: 401, error: "Bearer token required (METRICS_TOKEN)" };
  }
  if (isLoopback(o.remoteAddress) && !o.forwarded) return { ok: true };
  return { ok: false, status: 403, error: "Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere" };
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

const isForwarded = (req: IncomingMessage) => req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined;

/** Compares without leaking the length or a common prefix through timing. */
function sameSecret(given: string, expected: string) {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** These answers are data, never a document: nothing in them may load or run (CSP), wherever they are opened. */
const DATA_ONLY_CSP = "default-src 'none'; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-security-policy": DATA_ONLY_CSP, ...headers })
    .end(JSON.stringify(body));
}
