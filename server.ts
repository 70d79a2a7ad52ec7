// One process serves the Next.js console, its API route handlers and Socket.IO on one port.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import next from "next";
import { parseEnv, EnvError, type Env } from "./server/env";
import { boot } from "./server/app/boot";
import { setRuntime, type Runtime } from "./server/app/runtime";
import { attachSocketServer } from "./server/realtime/socket-server";
import { publicUrl, trustedOrigins } from "./server/http/origins";
import { startServices } from "./server/app/services";
import { startSteadyTraffic } from "./scripts/simulator/run-in-process";
import { poolsStopping } from "./server/db/pool";
import { contentSecurityPolicy, refuseOversizedBody, STATIC_SECURITY_HEADERS } from "./server/http/security";

const dev = process.argv.includes("--dev");
process.env.NEXT_TELEMETRY_DISABLED = "1";

let env: Env;
try {
  env = parseEnv({ ...process.env, NODE_ENV: dev ? "development" : "production" });
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(1);
}
const version: string = JSON.parse(readFileSync("package.json", "utf8")).version;

const started = Date.now();
let booted: Awaited<ReturnType<typeof boot>>;
try {
  booted = await boot(env, version);
} catch (e) {
  console.error(`Floodwall could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const origins = trustedOrigins(env);
const http = createServer((req: IncomingMessage, res: ServerResponse) => {
  if (refuseOversizedBody(req, res, (req.url ?? "/").split("?")[0])) return;
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy({ nonce, dev, origins, thumbnailHosts: env.THUMBNAIL_HOSTS });
  // Next reads the nonce from the request's CSP header and stamps it on its scripts.
  req.headers["content-security-policy"] = csp;
  res.setHeader("Content-Security-Policy", csp);
  void handle(req, res);
});

const realtime = await attachSocketServer(http, booted.runtime, { trustedOrigins: origins, redisUrl: env.REDIS_URL });
const io = realtime.io;
// Runs first for every request, Socket.IO's included (it answers /socket.io/ before the handler above).
http.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
  // The caller's address, from the socket; a client-sent header of the same name is replaced.
  req.headers["x-real-ip"] = req.socket.remoteAddress ?? "";
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(k, v);
});
const services = await startServices(env, io, booted.runtime.pool, booted.runtime.db, booted.runtime.queue);
const runtime: Runtime = { ...booted.runtime, io, services };
setRuntime(runtime);

const demoTraffic = env.demoMode && env.FLOODWALL_DEMO_TRAFFIC === "on";
const trafficStop = new AbortController();

http.listen(env.PORT, env.HOST, () => {
  console.log(`\n  Floodwall ${version} ${dev ? "(dev)" : ""} ready at ${publicUrl(env)} in ${Date.now() - started} ms`);
  console.log(`  Database: ${booted.database.embedded ? `embedded Postgres (${env.FLOODWALL_DATA_DIR}/pg)` : "DATABASE_URL"}`);
  if (env.REDIS_URL) console.log("  Realtime: shared with other server processes through Redis (REDIS_URL)");
  for (const line of booted.banner) console.log(line);
  if (demoTraffic) console.log("  Demo traffic: a light steady stream of simulated flags (FLOODWALL_DEMO_TRAFFIC=off stops it)");
  console.log("");
  if (demoTraffic && env.FLOODWALL_INGEST_TOKEN) {
    void startSteadyTraffic({ target: `http://127.0.0.1:${env.PORT}`, token: env.FLOODWALL_INGEST_TOKEN, rate: 20, signal: trafficStop.signal });
  }
});

let stopping = false;
// While stopping, connections that Postgres ends on its way down are expected; anything else
// still stops the process loudly.
process.on("uncaughtException", (e: Error & { code?: string }) => {
  if (stopping && e.code === "57P01") return;
  console.error("Uncaught exception:", e);
  process.exit(1);
});
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  poolsStopping();
  console.log(`\n  ${signal}: stopping…`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  trafficStop.abort();
  await realtime.close();
  await services.stop();
  http.closeAllConnections();
  await new Promise<void>((r) => http.close(() => r()));
  await app.close?.().catch?.(() => {});
  await booted.shutdown();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
