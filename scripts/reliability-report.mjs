// Writes the figures the hardening tests measured (test-results/reliability.txt) into the
// README's "Reliability and security" section, so the numbers there come from a run; and,
// below a marker, one line on the load figure from the last full `npm run bench`
// (benchmarks.json at the root). A part whose source is missing keeps what the README has.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const src = "test-results/reliability.txt";
const lines = existsSync(src) ? readFileSync(src, "utf8").trim().split("\n").filter(Boolean) : null;
const load = loadLine("benchmarks.json");
if (!lines && !load) {
  console.log("reliability-report: no figures (the hardening e2e spec did not run, benchmarks.json has no load figure); README unchanged");
  process.exit(0);
}
const benchMark = "<!-- reliability:bench -->";
const start = "<!-- reliability:start -->";
const end = "<!-- reliability:end -->";
const readme = readFileSync("README.md", "utf8");
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) {
  console.error("reliability-report: README.md has no reliability markers");
  process.exit(1);
}
const old = readme.slice(i + start.length, j).trim();
const k = old.indexOf(benchMark);
const tests = lines
  ? [`Measured by \`npm test\` on ${new Date().toISOString().slice(0, 10)}:`, "", ...lines.map((l) => `- ${l}`)].join("\n")
  : (k < 0 ? old : old.slice(0, k)).trim();
const bench = load ?? (k < 0 ? "" : old.slice(k + benchMark.length)).trim();
const body = [tests, bench && `${benchMark}\n${bench}`].filter(Boolean).join("\n\n");
writeFileSync("README.md", `${readme.slice(0, i + start.length)}\n${body}\n${readme.slice(j)}`);
console.log(
  `reliability-report: ${lines ? `${lines.length} test figures` : "test figures unchanged"}, ${load ? "the load figure" : "no new load figure"} written to README.md`,
);

/** The load figure's line, when benchmarks.json has its keys (null otherwise). */
function loadLine(file) {
  if (!existsSync(file)) return null;
  let b;
  try {
    b = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  const num = (k) => (typeof b[k] === "number" && Number.isFinite(b[k]) ? b[k] : null);
  const [held, health, query] = [num("load_sockets_held"), num("load_health_p99_ms"), num("load_trpc_p99_ms")];
  if (held === null || health === null || query === null) return null;
  const p = b.figures?.load?.params ?? {};
  const ms = (x) => `${Math.round(x).toLocaleString("en-US")} ms`;
  const verdict = (x) => (x <= 200 ? "meets" : "misses");
  const sockets = p.sockets ?? "?";
  const runs = b.runs_per_figure > 1 ? `medians of ${b.runs_per_figure} runs` : "one run";
  return [
    `Measured by \`npm run bench\` on ${String(b.measured_at ?? "").slice(0, 10)}${b.mode === "quick" ? " (quick sizes, not comparable with the targets)" : ""}:`,
    "",
    `- load: ${sockets} signed-in moderator sockets held for ${p.seconds ?? "?"} s while ingest ran at ${(p.rate ?? 0).toLocaleString("en-US")} flags/s: ${held} of ${sockets} connected at the end; p99 of \`GET /api/health\` ${ms(health)} and of the tRPC query \`${p.query?.proc ?? "?"}\` ${ms(query)} (target ≤ 200 ms each: ${verdict(health)} / ${verdict(query)}; ${runs}; details in BENCHMARKS.md)`,
  ].join("\n");
}
