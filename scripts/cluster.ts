// npm run cluster [-- --processes N --port P]: builds the console once when its sources
// changed, then runs scripts/cluster/run.ts in a process group of its own, so Ctrl-C in the
// terminal reaches only this wrapper, which asks the cluster to stop in order (HAProxy, the
// consoles, then Redis and Postgres) instead of every process getting SIGINT at once.
import { spawn } from "node:child_process";
import { buildIfChanged } from "./build-console";

if (!buildIfChanged()) process.exit(1);
const child = spawn(process.execPath, ["--import", "tsx", "scripts/cluster/run.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  detached: true,
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
