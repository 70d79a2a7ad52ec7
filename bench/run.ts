// npm run bench [-- --quick] [--only ingest,rules,latency,takedown,browser,scaleout,load,clusters,containment,interactive]
//                 [--out DIR] [--runs N] [--containment quiet,contended,automated]
//                 [--no-profile | --profile]  (the server CPU profiles: on in full runs, off in quick)
//
// Runs the benchmark figures against real server processes (scripts/start.ts, production build
// in .next-bench, embedded Postgres under .data/bench*), on loopback only, and writes
// BENCHMARKS.md and benchmarks.json. A full run writes them at the repository root; --quick
// (the CI smoke check: every figure small, one run) and --only write under bench/out/ so they
// never overwrite the full report. Exit code 1 when a figure failed or its output is not sane;
// never because a number misses its target.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { CHROMIUM } from "./browser";
import type { ContainmentVariant } from "./containment";
import {
  browserFigure,
  clustersFigure,
  containmentFigure,
  interactiveFigure,
  ingestFigure,
  latencyFigure,
  loadFigure,
  rulesFigure,
  scaleoutFigure,
  takedownFigure,
  type Config,
  type Provide,
} from "./figures";
import { machineFacts, postgresVersion } from "./machine";
import { sanityProblems, verdict, writeReport, type Figure, type FigureId, type Report } from "./report";
import { OUT, ROOT, startServer, stopAll, type BenchServer } from "./server";

const ALL: FigureId[] = ["ingest", "rules", "latency", "takedown", "browser", "scaleout", "load", "clusters", "containment", "interactive"];
// Browser first: later figures leave thousands of flagged rooms on a shared (quick) server;
// load and clusters before ingest and latency, whose rooms (~100,000) would make every wall
// snapshot and cluster list they time slower. Scale-out last: in quick mode it stops the
// shared server (the pair needs its ports).
// Rules right after ingest: its rooms are the same shape and number.
const EXEC_ORDER: FigureId[] = ["containment", "interactive", "browser", "takedown", "load", "clusters", "ingest", "rules", "latency", "scaleout"];
const PORT = 3200;
const PORT_B = 3201;
/** HAProxy in front of the scale-out pair (its stats page on the next port). */
const BALANCER_PORT = 3202;
const PG_PORT = 54349;
const REDIS_PORT = 56389;
const ENFORCEMENT_RATE = Number(process.env.ENFORCEMENT_RATE_PER_SEC || 20_000);

const FULL: Config = {
  runs: 3,
  ingest: { seconds: 15, concurrency: 4, maxRate: 25_000 },
  rules: { seconds: 15, concurrency: 4, maxRate: 25_000 },
  latency: { sockets: 200, workers: 2, rates: [1000, 5000], seconds: 10, drainMs: 15_000 },
  takedown: { rooms: 17_000, timeoutMs: 180_000 },
  browser: { rate: 5000, seconds: 10, seedRooms: 300, keypresses: 5, revealCapMs: 5000 },
  load: { sockets: 500, workers: 2, seconds: 60, rate: 1000, probeHz: 5, drainMs: 10_000 },
  // A little over 20,000 bots, so the list is timed on ≥ 20,000 clustered accounts even if a batch is lost.
  clusters: { bots: 21_000, rings: 12, benign: 3_000, rate: 10_000, seconds: 10, listCalls: 20, lagCapMs: 120_000 },
  containment: { rate: 2000, seconds: 90, horizonS: 120, seed: 2025, variants: ["quiet", "contended", "automated"] },
  interactive: { seconds: 30, senders: 8, probeHz: 4, stopCheck: true },
  enforcementRate: ENFORCEMENT_RATE,
  profile: !process.argv.includes("--no-profile"),
};
const QUICK: Config = {
  runs: 1,
  ingest: { seconds: 3, concurrency: 4, maxRate: 25_000 },
  rules: { seconds: 3, concurrency: 4, maxRate: 25_000 },
  latency: { sockets: 20, workers: 2, rates: [1000, 5000], seconds: 2, drainMs: 5000 },
  takedown: { rooms: 1000, timeoutMs: 60_000 },
  browser: { rate: 5000, seconds: 3, seedRooms: 100, keypresses: 2, revealCapMs: 2000 },
  load: { sockets: 50, workers: 2, seconds: 10, rate: 1000, probeHz: 5, drainMs: 3000 },
  clusters: { bots: 2_000, rings: 12, benign: 300, rate: 10_000, seconds: 2, listCalls: 10, lagCapMs: 30_000 },
  containment: { rate: 2000, seconds: 30, horizonS: 45, seed: 2025, variants: ["quiet", "automated"] },
  interactive: { seconds: 5, senders: 4, probeHz: 2, stopCheck: false },
  enforcementRate: ENFORCEMENT_RATE,
  profile: process.argv.includes("--profile"),
};

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const quick = process.argv.includes("--quick");
  const only = argValue("--only")
    ?.split(",")
    .map((s) => s.trim()) as FigureId[] | undefined;
  const bad = only?.filter((f) => !ALL.includes(f));
  if (bad?.length) {
    console.error(`Unknown figure(s): ${bad.join(", ")}. Figures: ${ALL.join(", ")}`);
    return 2;
  }
  const selected = EXEC_ORDER.filter((f) => !only || only.includes(f));
  const outDir = path.resolve(argValue("--out") ?? (quick ? path.join(OUT, "quick") : only ? path.join(OUT, "partial") : ROOT));
  const runsArg = argValue("--runs");
  const base = quick ? QUICK : FULL;
  const variantsArg = argValue("--containment")
    ?.split(",")
    .map((v) => v.trim()) as ContainmentVariant[] | undefined;
  const badVariant = variantsArg?.filter((v) => !["quiet", "contended", "automated"].includes(v));
  if (badVariant?.length || variantsArg?.length === 0) {
    console.error(`Unknown containment variant(s): ${badVariant?.join(", ")}. Variants: quiet, contended, automated`);
    return 2;
  }
  const cfg: Config = {
    ...base,
    ...(runsArg ? { runs: Math.max(1, Math.min(10, Number(runsArg) || 1)) } : {}),
    ...(variantsArg ? { containment: { ...base.containment, variants: variantsArg } } : {}),
  };
  const measuredAt = new Date().toISOString();
  const t0 = Date.now();
  const machine = machineFacts();
  console.log(`Floodwall benchmarks (${quick ? "quick: small sizes, 1 run" : `full: ${cfg.runs} runs per figure`}) — ${selected.join(", ")}`);
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}, load ${machine.load_at_start}`);

  // A server for a figure: quick mode shares one (fewer starts keep it under two minutes);
  // full mode gives every figure (and every browser run) a fresh database.
  let shared: BenchServer | null = null;
  const builds: string[] = [];
  const start = async (name: string, env?: Record<string, string>) => {
    const t = Date.now();
    const s = await startServer({ name, port: PORT, pgPort: PG_PORT, dataDir: ".data/bench", fresh: true, env });
    console.log(`  server ${name} ${s.built ? "built and " : ""}ready in ${((Date.now() - t) / 1000).toFixed(1)} s (log: bench/out/${name}.log)`);
    if (s.built) builds.push(name);
    machine.postgres ??= await postgresVersion(s.pgUrl).catch(() => null);
    return s;
  };
  let lent = false;
  const provide: Provide = quick
    ? async (_name, env, opts) => {
        if (opts?.fresh && shared && lent) {
          await (shared as BenchServer).stop();
          shared = null;
        }
        shared ??= await start("bench", opts?.fresh ? env : undefined);
        lent = true;
        return { server: shared, release: async () => {} };
      }
    : async (name, env) => {
        const s = await start(name, env);
        return { server: s, release: () => s.stop() };
      };

  const figures = new Map<FigureId, Figure>();
  for (const id of selected) {
    if (id === "scaleout" && shared) {
      await (shared as BenchServer).stop(); // the pair needs the same ports
      shared = null;
      lent = false;
    }
    const f =
      id === "ingest"
        ? await ingestFigure(cfg, provide)
        : id === "rules"
          ? await rulesFigure(cfg, provide)
          : id === "latency"
            ? await latencyFigure(cfg, provide)
            : id === "takedown"
              ? await takedownFigure(cfg, provide)
              : id === "browser"
                ? existsSync(CHROMIUM)
                  ? await browserFigure(cfg, provide, (v) => (machine.chromium = v))
                  : missingChromium(cfg)
                : id === "load"
                  ? await loadFigure(cfg, provide)
                  : id === "clusters"
                    ? await clustersFigure(cfg, provide)
                    : id === "interactive"
                      ? await interactiveFigure(cfg, provide)
                      : id === "containment"
                        ? existsSync(CHROMIUM) || cfg.containment.variants.every((v) => v === "automated")
                          ? await containmentFigure(cfg, provide)
                          : missingChromium(cfg, "containment")
                        : await scaleoutFigure(cfg, {
                            portA: PORT,
                            portB: PORT_B,
                            balancerPort: BALANCER_PORT,
                            pgPort: PG_PORT,
                            redisPort: REDIS_PORT,
                            onStarted: (s) => s.built && builds.push(s.name),
                          });
    figures.set(id, f);
  }
  if (shared) await (shared as BenchServer).stop();
  await stopAll();

  const report: Report = {
    measured_at: measuredAt,
    mode: quick ? "quick" : "full",
    runs_per_figure: cfg.runs,
    machine,
    enforcement_rate_per_sec: cfg.enforcementRate,
    duration_s: Math.round((Date.now() - t0) / 1000),
    builds,
    figures: ALL.filter((id) => figures.has(id)).map((id) => figures.get(id)!),
  };
  mkdirSync(outDir, { recursive: true });
  const written = writeReport(report, outDir);
  console.log(`\nTargets${quick ? " (quick sizes: not comparable)" : ""}:`);
  for (const f of report.figures)
    for (const m of f.metrics)
      if (verdict(m))
        console.log(`  ${verdict(m) === "meets" ? "meets " : "MISSES"}  ${m.label}: ${m.summary.median} ${m.unit} (target ${m.target!.op} ${m.target!.value})`);
  console.log(`\nWrote ${path.relative(ROOT, written.md) || written.md} and ${path.relative(ROOT, written.json)} in ${report.duration_s} s.`);
  const problems = sanityProblems(report);
  if (problems.length) {
    console.error(`\nThe benchmark did not complete:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }
  return 0;
}

function missingChromium(cfg: Config, id: "browser" | "containment" = "browser"): Figure {
  return {
    id,
    title: id === "browser" ? "4. Browser: the wall during a burst" : "8. Containment",
    ok: false,
    error: `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
    how: "",
    params: { ...cfg.browser },
    metrics: [],
    runs: [],
    where: [],
    contention_pct: 0,
    load_before: 0,
    seconds: 0,
  };
}

// Bounded in time: a stuck figure must not keep servers and load running.
const LIMIT_MS = (process.argv.includes("--quick") ? 12 : 120) * 60_000;
const watchdog = setTimeout(() => {
  console.error(`\nThe benchmark exceeded ${LIMIT_MS / 60_000} minutes; stopping everything.`);
  void stopAll().finally(() => process.exit(3));
}, LIMIT_MS);
watchdog.unref();
// A crash must not leave servers, Postgres, redis or Chromium behind.
process.once("uncaughtException", (e) => {
  console.error(`\nUnexpected error: ${e.stack ?? e.message}\nstopping servers…`);
  void stopAll().finally(() => process.exit(1));
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping servers…`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await stopAll();
    process.exit(code);
  },
  async (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    await stopAll();
    process.exit(1);
  },
);
