// npm run worker — a delivery-only process: tells the platform about enforcement actions from
// the durable queue. The web server runs the same worker; extra processes add throughput, and
// a process killed mid-job is replaced by the queue's retry without losing or repeating a call.
import { parseEnv, EnvError } from "../env";
import { openDatabase } from "../db/database";
import { applyMigrations } from "../db/migrate";
import { createPool } from "../db/pool";
import { startQueue, stopQueue, DELIVER_QUEUE, DELIVER_WORK_OPTIONS } from "../jobs/queue";
import { deliverActions, RateLimiter } from "../enforcement/deliver";
import { platformAdapter } from "../app/services";

let env;
try {
  env = parseEnv();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(1);
}
const database = await openDatabase(env);
await applyMigrations(database.pgConfig);
const pool = createPool(database.pgConfig);
const queue = await startQueue(database.pgConfig);
const adapter = platformAdapter(env, pool);
const limiter = new RateLimiter(env.ENFORCEMENT_RATE_PER_SEC);
await queue.work<{ actionIds: string[] }>(DELIVER_QUEUE, DELIVER_WORK_OPTIONS, async ([job]) => {
  await deliverActions({ pool, adapter, limiter }, job.data.actionIds);
});
console.log(`worker ready (${adapter.name} platform, ${env.ENFORCEMENT_RATE_PER_SEC} calls/s)`);

async function stop() {
  await stopQueue(queue);
  await pool.end().catch(() => {});
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
