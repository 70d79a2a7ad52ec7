// The body of `npm run cluster` (scripts/cluster.ts starts it in a process group of its own and
// forwards Ctrl-C here as SIGTERM): starts the cluster, reports processes that die, and stops
// everything in order on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startCluster, type Cluster } from "./start-cluster";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "2" },
    port: { type: "string", default: process.env.PORT || "3000" },
    host: { type: "string", default: "0.0.0.0" },
    "first-internal-port": { type: "string" },
    "stats-port": { type: "string" },
  },
});
const num = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name}: a positive whole number, not ${v}`);
    process.exit(2);
  }
  return n;
};

const started = Date.now();
let cluster: Cluster | null = null;
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n  ${signal}: stopping HAProxy, the console processes, then Redis and Postgres…`);
  setTimeout(() => process.exit(1), 30_000).unref();
  await cluster?.stop();
  console.log("  Stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

try {
  cluster = await startCluster({
    processes: num(values.processes, "processes")!,
    port: num(values.port, "port")!,
    host: values.host,
    firstInternalPort: num(values["first-internal-port"], "first-internal-port"),
    statsPort: num(values["stats-port"], "stats-port"),
    env: process.env,
    say: (l) => console.log(l),
    onExit: (c, code) =>
      console.log(
        `  ${c.name} (pid ${c.process.pid}) exited (${code}); HAProxy sends its traffic to the others. Its log: ${c.logPath}\n${c.process.tail(800)}`,
      ),
  });
} catch (e) {
  console.error(`Floodwall cluster could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
if (stopping) await new Promise(() => {}); // a signal arrived during start: stop() exits
const c = cluster;
console.log(`
  Floodwall: ${c.consoles.length} console processes behind HAProxy, ready at http://localhost:${values.port} in ${((Date.now() - started) / 1000).toFixed(1)} s
  HAProxy stats: ${c.statsUrl}/ (Prometheus: ${c.statsUrl}/metrics)
  Each process's /metrics: ${c.consoles.map((x) => `${x.url}/metrics`).join(", ")}
  Logs: ${c.consoles[0].logPath.replace(/[^/]+$/, "")}
  Ctrl-C stops everything.
`);
