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
  const booted = await boot(env, o.version, o.log);
  const origins = trustedOrigins(env);
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (refuseOversizedBody(req, res, (req.url ?? "/").split("?")[0])) return;
    if (!o.pages) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }));
    const nonce = randomBytes(16).toString("base64");
    const csp = contentSecurityPolicy({ nonce, dev: o.pages.dev, origins, thumbnailHosts: env.THUMBNAIL_HOSTS });
    // Next reads the nonce from the request's CSP header and stamps it on its scripts.
    req.headers["content-security-policy"] = csp;
    res.setHeader("Content-Security-Policy", csp);
    void o.pages.handle(req, res);
  });
  const role = o.role ?? "all";
  const realtime = await attachSocketServer(role === "jobs" ? null : http, booted.runtime, { trustedOrigins: origins, redisUrl: env.REDIS_URL });
  // Runs first for every request, Socket.IO's included (it answers /socket.io/ before the handler above).
  http.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    // The caller's address, from the socket; a client-sent header of the same name is replaced.
    req.headers["x-real-ip"] = req.socket.remoteAddress ?? "";
    for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(k, v);
  });
  const { services, internals } = await startServices(env, realtime.io, booted.runtime, booted.runtime.db, booted.runtime.queue, {
    loops: role !== "web",
    delivery: role !== "web",
  });
  const runtime: Runtime = { ...booted.runtime, io: realtime.io, services, internals, trustedOrigins: origins };
  setRuntime(runtime);

  let stopping: Promise<void> | null = null;
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
        const ordered = (async () => {
          http.close(); // no new connections
          await realtime.close();
          await internals.stop();
          http.closeAllConnections();
          await booted.shutdown();
          setRuntime(undefined);
        })();
        await Promise.race([ordered, deadline]);
      })();
      return stopping;
    },
  };
}
