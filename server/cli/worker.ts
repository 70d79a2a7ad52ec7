// npm run worker — a delivery-only process: tells the platform about enforcement actions from
// the durable queue. The web server runs the same worker; extra processes add throughput, and
// a process killed mid-job is replaced by the queue's retry without losing or repeating a call.
import { readFileSync } from "node:fs";
import { parseEnv, EnvError, type Env } from "../env";
import { boot } from "../app/boot";
import { platformAdapter, startDelivery } from "../app/services";

let env: Env;
try {
  env = parseEnv();
} catch (e) {
  console.error(e instanceof EnvError ? e.message : e);
  process.exit(1);
}
const version: string = JSON.parse(readFileSync("package.json", "utf8")).version;
const booted = await boot(env, version, () => {});
const adapter = platformAdapter(env, booted.runtime.pool);
await startDelivery(env, booted.runtime.pool, booted.runtime.queue, adapter);
console.log(`worker ready (${adapter.name} platform, ${env.ENFORCEMENT_RATE_PER_SEC} calls/s)`);

async function stop() {
  await booted.shutdown();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
