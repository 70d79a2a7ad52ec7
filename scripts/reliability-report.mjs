// Writes the figures the hardening tests measured (test-results/reliability.txt) into the
// README's "Reliability and security" section, so the numbers there come from a run.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const src = "test-results/reliability.txt";
if (!existsSync(src)) {
  console.log("reliability-report: no figures (the hardening e2e spec did not run); README unchanged");
  process.exit(0);
}
const lines = readFileSync(src, "utf8").trim().split("\n").filter(Boolean);
const start = "<!-- reliability:start -->";
const end = "<!-- reliability:end -->";
const readme = readFileSync("README.md", "utf8");
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) {
  console.error("reliability-report: README.md has no reliability markers");
  process.exit(1);
}
const body = [`Measured by \`npm test\` on ${new Date().toISOString().slice(0, 10)}:`, "", ...lines.map((l) => `- ${l}`)].join("\n");
writeFileSync("README.md", `${readme.slice(0, i + start.length)}\n${body}\n${readme.slice(j)}`);
console.log(`reliability-report: ${lines.length} figures written to README.md`);
