// npm run worker — a background process: delivery of decisions to the platform, the cluster
// worker and wave detector, standing containment orders, incident metrics and staged restores,
// with no pages. The web server does the same work unless started with FLOODWALL_ROLE=web;
// extra workers add throughput, and one killed mid-job is replaced without losing or repeating
// a call. With REDIS_URL its events (alerts, progress) reach the web processes' pages.
import { readFileSync } from "node:fs";
import { parseEnv, EnvError, type Env } from "../env";
import { startConsole } from "../app/start";
import { logger } from "../observability/log";

const log = logger("worker");
let env: Env;
try {
  env = parseEnv();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(1);
}
const version: string = JSON.parse(readFileSync("package.json", "utf8")).version;
const running = await startConsole({ env, version, role: "jobs", log: () => {} });
// With WORKER_PORT: /metrics and /api/health/live|ready, for Prometheus and process managers.
const url = env.WORKER_PORT ? await running.listen(env.WORKER_PORT, env.HOST) : null;
log.info({ platform: running.runtime.internals.adapter.name, decisionsPerSecond: env.ENFORCEMENT_RATE_PER_SEC, url }, "worker ready");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  setTimeout(() => process.exit(1), 12_000).unref();
  await running.stop(10_000);
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
