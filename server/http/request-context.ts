// What every HTTP request gets before any handler runs: a request id (the caller's X-Request-Id
// when it is sane, e.g. the balancer's, else a new one; echoed in the response), the client's
// address for throttles and audit (from a trusted proxy's X-Forwarded-For, else the socket), one
// access-log line and the request counters.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger, type RequestContext } from "../observability/log";
import type { Metrics } from "../observability/metrics";

const log = logger("http");
const CONTEXT = Symbol("floodwall.request");

/** Ids we accept from callers: short, printable, nothing that could break a log line or a header. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdFrom(incoming: string | string[] | undefined): string {
  const v = Array.isArray(incoming) ? incoming[0] : incoming;
  return v && SANE_ID.test(v) ? v : randomUUID();
}

const bare = (a: string) => (a.startsWith("::ffff:") ? a.slice(7) : a);

/**
 * The client's address. A request from a trusted proxy (TRUSTED_PROXIES) is from the last
 * address in X-Forwarded-For that is not itself a trusted proxy; anyone else's header is ignored.
 */
export function clientIp(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: ReadonlySet<string>): string {
  const p = bare(peer ?? "");
  if (!trusted.has(p) || !forwardedFor) return p;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => bare(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
  return hops[0] ?? p;
}

export type RequestKind = "socket.io" | "static" | "health" | "metrics" | "ingest" | "trpc" | "auth" | "api" | "page";

export function requestKind(pathname: string): RequestKind {
  if (pathname.startsWith("/socket.io/")) return "socket.io";
  if (pathname.startsWith("/_next/") || /\.[a-z0-9]{2,5}$/i.test(pathname)) return "static";
  if (pathname === "/api/health" || pathname.startsWith("/api/health/")) return "health";
  if (pathname === "/metrics") return "metrics";
  if (pathname === "/api/ingest/flags") return "ingest";
  if (pathname.startsWith("/api/trpc/")) return "trpc";
  if (pathname.startsWith("/api/auth/")) return "auth";
  if (pathname.startsWith("/api/")) return "api";
  return "page";
}

/** Kinds too frequent to log at info (balancer checks, scrapes, polling, assets). */
const QUIET: ReadonlySet<RequestKind> = new Set(["socket.io", "static", "health", "metrics"]);

export interface RequestDeps {
  metrics: Metrics;
  trustedProxies: ReadonlySet<string>;
  /** Told how long each person's request (page, tRPC, auth, other API) took: ingest's admission follows it. */
  people?: (ms: number) => void;
}

/** Kinds that are people at the console, not machines (ingest senders, balancers, scrapers, sockets, assets). */
const PEOPLE: ReadonlySet<RequestKind> = new Set(["page", "trpc", "auth", "api"]);

/** Runs first for every request (Socket.IO's included). */
export function beginRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): RequestContext {
  const ctx: RequestContext = { requestId: requestIdFrom(req.headers["x-request-id"]) };
  (req as IncomingMessage & { [CONTEXT]?: RequestContext })[CONTEXT] = ctx;
  req.headers["x-request-id"] = ctx.requestId;
  res.setHeader("X-Request-Id", ctx.requestId);
  // Replaces whatever a client sent under this name: only we say who the caller is.
  const ip = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], deps.trustedProxies);
  req.headers["x-real-ip"] = ip;
  const started = performance.now();
  res.once("close", () => {
    const pathname = (req.url ?? "/").split("?")[0];
    const kind = requestKind(pathname);
    const status = res.statusCode;
    deps.metrics.httpRequests.inc({ kind, status: `${Math.floor(status / 100)}xx` });
    const ms = performance.now() - started;
    if (PEOPLE.has(kind)) deps.people?.(ms);
    const line = {
      reqId: ctx.requestId,
      method: req.method,
      path: pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname,
      status,
      ms: Math.round(ms * 10) / 10,
      ip,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (status >= 500) log.warn(line, "request");
    else if (QUIET.has(kind)) log.debug(line, "request");
    else log.info(line, "request");
  });
  return ctx;
}

/** The context beginRequest gave this request. */
export function requestContext(req: IncomingMessage): RequestContext {
  return (req as IncomingMessage & { [CONTEXT]?: RequestContext })[CONTEXT] ?? { requestId: requestIdFrom(undefined) };
}
