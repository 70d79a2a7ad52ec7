// Preloaded (NODE_OPTIONS=--import) into the server when the harness profiles it: node 20 refuses
// --cpu-prof in NODE_OPTIONS and scripts/start.ts takes no node flags, so the V8 profiler is
// started through the inspector API instead. Other node processes (start.ts, next build) skip it.
// Plain JavaScript, so NODE_OPTIONS needs no TypeScript loader: `next build`'s Turbopack workers
// inherit NODE_OPTIONS, and with `--import tsx` in it they never start (the build hangs).
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir && process.argv[1]?.endsWith("server.ts")) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  // On the main thread the inspector answers synchronously, so this works in an exit handler;
  // the server exits through process.exit after SIGTERM.
  process.on("exit", () => {
    session.post("Profiler.stop", (err, res) => {
      if (err || !res) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
