// The one start-up: the server (with Next's pages), the tests and the delivery worker all start
// the console through here, so what runs in a test is what runs in production.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Env } from "../env";
import { boot, type Booted } from "./boot";
import { setRuntime, type Runtime } from "./runtime";
import { startServices } from "./services";
import { attachSocketServer } from "../realtime/socket-server";
import { trustedOrigins } from "../http/origins";
import { contentSecurityPolicy, refuseOversizedBody, STATIC_SECURITY_HEADERS } from "../http/security";
import { poolsStopping } from "../db/pool";
import { expectedMigrations } from "../db/migrate";
import { handleOps } from "../http/ops";
import { beginRequest, requestContext } from "../http/request-context";
import { logger, setLogBindings, setLogLevel, withRequest } from "../observability/log";
import { PeopleFirst } from "../http/admission";
import { createMetrics } from "../observability/metrics";
import { queueDepths } from "../jobs/queue";
import { pendingDeliveries } from "../enforcement/deliver";

const stopLog = logger("server");

/** all: one process does everything (the default); web: pages, API and sockets only; jobs: background work only (npm run worker). */
export type ConsoleRole = "all" | "web" | "jobs";

export interface StartOptions {
  env: Env;
  version: string;
  role?: ConsoleRole;
  /** Next's request handler (server.ts); without it the HTTP server answers 404 outside Socket.IO (tests). */
  pages?: { handle: (req: IncomingMessage, res: ServerResponse) => unknown; dev: boolean };
  log?: (line: string) => void;
}

export interface RunningConsole {
  runtime: Runtime;
  http: Server;
  booted: Booted;
  /** Listens on the port (0: any free one); resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops in order — new connections, sockets, loops and jobs, HTTP, then the database — within the deadline. */
  stop(deadlineMs?: number): Promise<void>;
}

export async function startConsole(o: StartOptions): Promise<RunningConsole> {
  const { env } = o;
  const role = o.role ?? "all";
  setLogLevel(env.LOG_LEVEL);
  setLogBindings({ role });
  const metrics = createMetrics({ role, version: o.version });
  const booted = await boot(env, o.version, o.log);
  const origins = trustedOrigins(env);
  const migrations = expectedMigrations();
  let stopping: Promise<void> | null = null;
  const ops = {
    metrics,
    metricsToken: env.METRICS_TOKEN,
    healthPool: booted.runtime.healthPool,
    migrations,
    stopping: () => stopping !== null,
    version: o.version,
  };
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (handleOps(req, res, pathname, ops)) return;
    if (refuseOversizedBody(req, res, pathname)) return;
    if (!o.pages) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }));
    const nonce = randomBytes(16).toString("base64");
    const csp = contentSecurityPolicy({ nonce, dev: o.pages.dev, origins, thumbnailHosts: env.THUMBNAIL_HOSTS });
    // Next reads the nonce from the request's CSP header and stamps it on its scripts.
    req.headers["content-security-policy"] = csp;
    res.setHeader("Content-Security-Policy", csp);
    const pages = o.pages;
    // Route handlers run inside the request's context: their log lines carry its id.
    withRequest(requestContext(req), () => void pages.handle(req, res));
  });
  const realtime = await attachSocketServer(role === "jobs" ? null : http, booted.runtime, { trustedOrigins: origins, redisUrl: env.REDIS_URL });
  const trustedProxies = new Set(env.TRUSTED_PROXIES);
  // Runs first for every request, Socket.IO's included (it answers /socket.io/ before the handler
  // above): the request id, the caller's address (x-real-ip, never what a client sent), the
  // access log line, the security headers.
  http.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    beginRequest(req, res, { metrics, trustedProxies, people: (ms) => people?.record(ms) });
    for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(k, v);
  });
  const { services, internals } = await startServices(
    env,
    realtime.io,
    booted.runtime,
    booted.runtime.db,
    booted.runtime.queue,
    { loops: role !== "web", delivery: role !== "web" },
    metrics,
  );
  // Humans first: ingest's concurrency follows how long people's requests take.
  const people = env.INGEST_PEOPLE_SLOW_MS > 0 ? new PeopleFirst(services.ingest.gate, env.INGEST_PEOPLE_SLOW_MS) : null;
  const peopleTick = people ? setInterval(() => people.tick(), 500) : null;
  peopleTick?.unref();
  const { backgroundPool, queue } = booted.runtime;
  metrics.setSources({
    // A worker has no HTTP server for sockets: it reports none.
    sockets: () => (role === "jobs" ? 0 : realtime.io.engine.clientsCount),
    wallSubscribers: () => internals.hub.subscribers,
    wallChanged: () => internals.hub.queued,
    wallRoomsSent: () => internals.hub.metrics.roomsSent,
    rulesEnabled: () => services.rules.engine.enabled.length,
    deliveryPending: () => pendingDeliveries(backgroundPool),
    jobQueues: () => queueDepths(queue),
  });
  const runtime: Runtime = { ...booted.runtime, io: realtime.io, services, internals, trustedOrigins: origins, metrics };
  setRuntime(runtime);

  return {
    runtime,
    http,
    booted,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host, () => resolve(`http://${host === "0.0.0.0" || !host ? "127.0.0.1" : host}:${(http.address() as AddressInfo).port}`));
      }),
    stop(deadlineMs = 10_000) {
      stopping ??= (async () => {
        poolsStopping();
        const deadline = new Promise<void>((r) => setTimeout(r, deadlineMs).unref());
        // Each step's time goes to the log, so a stop that runs into its deadline says where.
        const t0 = performance.now();
        const steps: Record<string, number> = {};
        const step = async (name: string, f: () => unknown) => {
          const s = performance.now();
          await f();
          steps[name] = Math.round(performance.now() - s);
        };
        const ordered = (async () => {
          if (peopleTick) clearInterval(peopleTick);
          http.close(); // no new connections
          await step("sockets", () => realtime.close());
          await step("loops", () => internals.stop());
          http.closeAllConnections();
          await step("database", () => booted.shutdown());
          setRuntime(undefined);
          stopLog.info({ ms: Math.round(performance.now() - t0), steps }, "stopped");
        })();
        await Promise.race([ordered, deadline.then(() => stopLog.warn({ deadlineMs, finished: steps }, "stop deadline reached"))]);
      })();
      return stopping;
    },
  };
}
