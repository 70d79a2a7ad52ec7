// The machine tools the tests run for real: Chromium (e2e), redis-server (several processes
// sharing wall updates) and HAProxy (processes behind a balancer). When one is missing and we can
// install Debian's package ourselves (root, apt-get), we do, as .ci/run does; otherwise we print
// exactly what to run and stop. Usage: node scripts/ensure-tools.mjs [chromium] [redis] [haproxy]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const TOOLS = {
  chromium: { pkg: "chromium", paths: [process.env.CHROMIUM_PATH || "/usr/bin/chromium"], hint: "or set CHROMIUM_PATH to a Chromium/Chrome binary" },
  redis: { pkg: "redis-server", paths: ["/usr/bin/redis-server", "/usr/local/bin/redis-server"], hint: "" },
  haproxy: { pkg: "haproxy", paths: ["/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"], hint: "" },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TOOLS);
const unknown = wanted.filter((w) => !(w in TOOLS));
if (unknown.length) {
  console.error(`ensure-tools: unknown tool(s) ${unknown.join(", ")}; known: ${Object.keys(TOOLS).join(", ")}`);
  process.exit(2);
}
const missing = wanted.filter((w) => !TOOLS[w].paths.some((p) => existsSync(p)));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((m) => TOOLS[m].pkg);
const command = `apt-get update && apt-get install -y ${pkgs.join(" ")}`;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (isRoot && hasApt) {
  console.log(`ensure-tools: installing ${pkgs.join(", ")} (Debian packages)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args) => spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env }).status === 0;
  if (run(["update", "-qq"]) && run(["install", "-y", "-qq", ...pkgs])) {
    const still = missing.filter((m) => !TOOLS[m].paths.some((p) => existsSync(p)));
    if (still.length === 0) process.exit(0);
  }
  console.error(`ensure-tools: installing failed. Run: ${command}`);
  process.exit(1);
}
const hints = missing.map((m) => TOOLS[m].hint).filter(Boolean);
console.error(`The tests need ${pkgs.join(", ")}, which this machine lacks. Run:\n  sudo ${command}${hints.length ? `\n(${hints.join("; ")})` : ""}`);
process.exit(1);
