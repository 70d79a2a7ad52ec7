// One process serves the Next.js console, its API route handlers and Socket.IO on one port.
import { readFileSync } from "node:fs";
import next from "next";
import { parseEnv, EnvError, type Env } from "./server/env";
import { startConsole, type RunningConsole } from "./server/app/start";
import { publicUrl } from "./server/http/origins";
import { startSteadyTraffic } from "./scripts/simulator/run-in-process";
import { errField, logger } from "./server/observability/log";

const log = logger("server");

const dev = process.argv.includes("--dev");
process.env.NEXT_TELEMETRY_DISABLED = "1";
/** A stop that has not finished by then is forced (exit 1). */
const STOP_DEADLINE_MS = 10_000;

let env: Env;
try {
  env = parseEnv({ ...process.env, NODE_ENV: dev ? "development" : "production" });
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(1);
}
const version: string = JSON.parse(readFileSync("package.json", "utf8")).version;

const started = Date.now();
const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: env.PORT });
await app.prepare();
let running: RunningConsole;
try {
  running = await startConsole({ env, version, role: env.FLOODWALL_ROLE, pages: { handle: app.getRequestHandler(), dev } });
} catch (e) {
  log.fatal({ err: errField(e) }, "could not start");
  console.error(`Floodwall could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

const demoTraffic = env.demoMode && env.FLOODWALL_DEMO_TRAFFIC === "on";
const trafficStop = new AbortController();
await running.listen(env.PORT, env.HOST);
// The banner is for the person who started it; the log line is for whatever collects the logs.
log.info({ url: publicUrl(env), port: env.PORT, role: env.FLOODWALL_ROLE, ms: Date.now() - started }, "listening");
console.log(`\n  Floodwall ${version} ${dev ? "(dev)" : ""} ready at ${publicUrl(env)} in ${Date.now() - started} ms`);
console.log(`  Database: ${running.booted.database.embedded ? `embedded Postgres (${env.FLOODWALL_DATA_DIR}/pg)` : "DATABASE_URL"}`);
if (env.REDIS_URL) console.log("  Realtime: shared with other server processes through Redis (REDIS_URL)");
for (const line of running.booted.banner) console.log(line);
if (demoTraffic) console.log("  Demo traffic: a light steady stream of simulated flags (FLOODWALL_DEMO_TRAFFIC=off stops it)");
console.log("");
if (demoTraffic && env.FLOODWALL_INGEST_TOKEN) {
  void startSteadyTraffic({ target: `http://127.0.0.1:${env.PORT}`, token: env.FLOODWALL_INGEST_TOKEN, rate: 20, signal: trafficStop.signal });
}

let stopping = false;
// While stopping, connections that Postgres ends on its way down are expected; anything else
// still stops the process loudly.
process.on("uncaughtException", (e: Error & { code?: string }) => {
  if (stopping && e.code === "57P01") return;
  log.fatal({ err: errField(e) }, "uncaught exception");
  process.exit(1);
});
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping");
  setTimeout(() => process.exit(1), STOP_DEADLINE_MS + 2_000).unref();
  trafficStop.abort();
  await running.stop(STOP_DEADLINE_MS);
  await app.close?.().catch?.(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
