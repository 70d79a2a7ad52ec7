// The production build of the console (`next build`), made only when its sources changed since
// the last one: the fingerprint covers every input of the build. Used by `npm start` and
// `npm run cluster` (which builds once for all its processes).
import { spawnSync } from "node:child_process";
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

/** Builds when needed; returns false (after printing why) when the build failed. */
export function buildIfChanged(say: (line: string) => void = console.log): boolean {
  const fingerprint = buildFingerprint();
  const built = existsSync(`${DIST}/BUILD_ID`) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint;
  if (built) return true;
  say("  Building the console (first start or sources changed)…");
  const t = Date.now();
  const res = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (res.status !== 0) return false;
  writeFileSync(STAMP, fingerprint);
  say(`  Built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return true;
}
