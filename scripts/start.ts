// npm start: builds the console when its sources changed since the last build (production
// mode), then runs server.ts.
import { spawn } from "node:child_process";
import { buildIfChanged } from "./build-console";

if (!buildIfChanged()) process.exit(1);

// Signals to this wrapper are forwarded, so stopping `npm start` stops the server and its
// embedded Postgres cleanly.
const child = spawn(process.execPath, ["--import", "tsx", "server.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
