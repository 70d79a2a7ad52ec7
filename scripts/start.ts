// npm start: builds the console when its sources changed since the last build (production
// mode), then runs server.ts. The build fingerprint covers every input of `next build`.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "server", "public", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const DIST = process.env.NEXT_DIST_DIR || ".next";
const STAMP = `${DIST}/floodwall-build.sha256`;

function walk(p: string, out: string[]) {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    if (p.endsWith("generated") || p.endsWith("node_modules")) return;
    for (const name of readdirSync(p).sort()) walk(path.join(p, name), out);
  } else out.push(p);
}

export function buildFingerprint(): string {
  const files: string[] = [];
  for (const i of INPUTS) walk(i, files);
  const h = createHash("sha256");
  for (const f of files) h.update(f).update("\0").update(readFileSync(f)).update("\0");
  return h.digest("hex");
}

const fingerprint = buildFingerprint();
const built = existsSync(`${DIST}/BUILD_ID`) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint;
if (!built) {
  console.log("  Building the console (first start or sources changed)…");
  const t = Date.now();
  const res = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
  writeFileSync(STAMP, fingerprint);
  console.log(`  Built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

// Signals to this wrapper are forwarded, so stopping `npm start` stops the server and its
// embedded Postgres cleanly.
const child = spawn(process.execPath, ["--import", "tsx", "server.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
