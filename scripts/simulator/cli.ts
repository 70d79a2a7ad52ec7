// npm run simulate -- --scenario steady|wave --target URL --token T [options]
// A real HTTP client of the ingest API: what an attacked platform's pipeline would send.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MAX_EVENTS } from "../../server/contracts/ingest";
import { IngestClient, type ClientStats } from "./client";
import { randomSeed } from "./rng";
import { SCENARIOS, createScenario, scenarioTruth, type ScenarioBatch, type ScenarioName } from "./scenarios";
import { RateWatch } from "./rate-watch";

export const USAGE = `Usage: npm run simulate -- --scenario steady|wave --target URL --token TOKEN [options]

  --scenario NAME    steady (ordinary traffic) or wave (bot-ring attack)
  --target URL       Floodwall base URL, e.g. http://localhost:3000
  --token TOKEN      ingest token (default: $FLOODWALL_INGEST_TOKEN)
  --rate N           events per second (steady 20, wave 2000 at the peak)
  --duration S       seconds to run (wave 90; steady runs until Ctrl-C)
  --seed N           integer 0..4294967295 (default: random, printed)
  --truth FILE       write the answer key (rings, shared-IP benign group, onset) as JSON
  --batch-size N     events per request (default 500, at most ${MAX_EVENTS})
  --concurrency N    requests in flight (default 4)
  -h, --help         this text

Exit codes: 0 done, 1 the target refused everything (e.g. bad token), 2 bad arguments.`;

export interface CliConfig {
  scenario: ScenarioName;
  target: string;
  token: string;
  rate: number | undefined;
  durationSec: number | null | undefined;
  seed: number;
  truth: string | undefined;
  batchSize: number;
  concurrency: number;
}
export type CliParse = { ok: true; config: CliConfig } | { ok: false; help: true } | { ok: false; help: false; message: string };

/** The options as `node:util` parses them; throws on an unknown or malformed one. */
const parseOptions = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: {
      scenario: { type: "string" },
      target: { type: "string" },
      token: { type: "string" },
      rate: { type: "string" },
      duration: { type: "string" },
      seed: { type: "string" },
      truth: { type: "string" },
      "batch-size": { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }).values;

/** Parses and validates arguments; never exits, so it can be tested. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined> = process.env): CliParse {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions(argv);
  } catch (e) {
    return { ok: false, help: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { ok: false, help: true };
  const problems: string[] = [];
  const num = (name: string, raw: string | undefined, check: (n: number) => boolean, rule: string) => {
    if (raw === undefined) return undefined;
    const n = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(n) || !check(n)) {
      problems.push(`--${name} must be ${rule} (got "${raw}")`);
      return undefined;
    }
    return n;
  };
  const scenario = values.scenario as ScenarioName | undefined;
  if (scenario === undefined) problems.push(`--scenario is required (${SCENARIOS.join(" or ")})`);
  else if (!SCENARIOS.includes(scenario)) problems.push(`--scenario must be ${SCENARIOS.join(" or ")} (got "${scenario}")`);
  const target = values.target;
  if (target === undefined) problems.push("--target is required, e.g. --target http://localhost:3000");
  else if (!URL.canParse(target) || !/^https?:$/.test(new URL(target).protocol)) problems.push(`--target must be an http(s) URL (got "${target}")`);
  const token = values.token ?? env.FLOODWALL_INGEST_TOKEN;
  if (!token) problems.push("--token is required (or set FLOODWALL_INGEST_TOKEN)");
  const rate = num("rate", values.rate, (n) => n > 0 && n <= 1_000_000, "a number of events per second in (0, 1000000]");
  const duration = num("duration", values.duration, (n) => n > 0 && n <= 7 * 86_400, "a number of seconds in (0, 604800]");
  const seed = num("seed", values.seed, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, "an integer in 0..4294967295");
  const batchSize = num("batch-size", values["batch-size"], (n) => Number.isInteger(n) && n >= 1 && n <= MAX_EVENTS, `an integer in 1..${MAX_EVENTS}`);
  const concurrency = num("concurrency", values.concurrency, (n) => Number.isInteger(n) && n >= 1 && n <= 64, "an integer in 1..64");
  if (values.truth !== undefined && values.truth.trim() === "") problems.push("--truth must be a file path");
  if (problems.length > 0) return { ok: false, help: false, message: problems.join("\n") };
  return {
    ok: true,
    config: {
      scenario: scenario!,
      target: target!,
      token: token!,
      rate,
      durationSec: duration,
      seed: seed ?? randomSeed(),
      truth: values.truth,
      batchSize: batchSize ?? 500,
      concurrency: concurrency ?? 4,
    },
  };
}

/** Runs the simulator; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      console.log(USAGE);
      return 0;
    }
    console.error(`simulate: ${parsed.message}\n${USAGE.split("\n")[0]}  (--help for all options)`);
    return 2;
  }
  const c = parsed.config;
  const scenario = createScenario(c.scenario, { seed: c.seed, rate: c.rate, durationSec: c.durationSec });
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`Floodwall simulator: ${c.scenario} → ${new URL("/api/ingest/flags", c.target).href}`);
  console.log(
    `  seed ${scenario.seed} · rate ${scenario.rate}/s · ${scenario.durationMs === null ? "until Ctrl-C" : `duration ${secs(scenario.durationMs)}`}` +
      ` · batch ${c.batchSize} · concurrency ${c.concurrency}`,
  );
  if (scenario.population && scenario.onsetAt !== null) {
    const p = scenario.population;
    console.log(
      `  ${p.bots.length} bots in ${p.rings.length} rings, ${p.benign.length} benign rooms (${p.sharedIp.accountIds.length} behind NAT ${p.sharedIp.ip})`,
    );
    console.log(`  wave onset at ${new Date(scenario.onsetAt).toISOString()} (+${secs(scenario.onsetOffsetMs!)}), ramp ${secs(scenario.rampMs!)}`);
  }
  if (c.truth) {
    const file = path.resolve(c.truth);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(scenarioTruth(scenario), null, 2)}\n`);
    } catch (e) {
      console.error(`simulate: cannot write --truth ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    console.log(`  truth written to ${file}`);
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    // First Ctrl-C stops cleanly with a summary; a second one leaves at once.
    if (++interrupts > 1) process.exit(130);
    console.log("\nstopping (Ctrl-C again to quit now)…");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  // Real time: events more than 2 s overdue are dropped (and counted), so a sender held back by
  // a busy server does not replay the past in a burst, and the run ends when --duration says.
  const client = new IngestClient({
    target: c.target,
    token: c.token,
    batchSize: c.batchSize,
    concurrency: c.concurrency,
    signal: controller.signal,
    askToGoLive: true,
    maxLagMs: 2000,
  });
  const hardStop = scenario.durationMs === null ? null : setTimeout(() => controller.abort(), scenario.durationMs + 5000);
  const rate = new RateWatch();
  async function* counted(batches: Iterable<ScenarioBatch>) {
    for (const b of batches) {
      rate.due(b.events.length);
      yield b;
    }
  }
  const t0 = Date.now();
  let lastSent = 0;
  let onsetShown = false;
  const progress = setInterval(() => {
    const s = client.stats;
    const elapsed = Date.now() - t0;
    if (!onsetShown && scenario.onsetOffsetMs !== null && elapsed >= scenario.onsetOffsetMs) {
      onsetShown = true;
      console.log(`>>> wave onset (${new Date(scenario.onsetAt!).toISOString()})`);
    }
    console.log(
      `[${String(Math.round(elapsed / 1000)).padStart(4)}s] ${line(s)} · ${s.sent - lastSent}/s${s.retries ? ` · retries ${s.retries}` : ""}${s.throttled ? ` · 429 ${s.throttled}` : ""}${s.skipped ? ` · dropped late ${s.skipped}` : ""}`,
    );
    lastSent = s.sent;
    const warning = rate.tick(s);
    if (warning) console.warn(warning);
  }, 1000);
  let stats: ClientStats;
  try {
    stats = await client.run(counted(scenario.batches()));
  } finally {
    clearInterval(progress);
    if (hardStop) clearTimeout(hardStop);
    process.off("SIGINT", onSigint);
  }
  const elapsed = (Date.now() - t0) / 1000;
  console.log(`\nSummary (${elapsed.toFixed(1)} s${controller.signal.aborted ? ", interrupted" : ""}):`);
  console.log(`  ${line(stats)} · avg ${Math.round(stats.sent / Math.max(elapsed, 0.001))}/s`);
  console.log(
    `  requests ${stats.requests} · retries ${stats.retries}${stats.throttled ? ` · 429 (waited and resent) ${stats.throttled}` : ""}${stats.skipped ? ` · dropped for lateness ${stats.skipped}` : ""}${stats.refusedRooms ? ` · rooms refused at go-live ${stats.refusedRooms}` : ""}`,
  );
  for (const r of stats.rejectSamples) console.log(`  rejected: ${r}`);
  if (stats.lastError) console.log(`  last error: ${stats.lastError}`);
  const refusedAll = stats.fatal !== null || (stats.sent > 0 && stats.accepted + stats.duplicates === 0);
  if (refusedAll) console.error(`simulate: the target accepted nothing${stats.fatal ? ` (${stats.fatal})` : ""}`);
  return refusedAll ? 1 : 0;
}

function line(s: ClientStats): string {
  return `sent ${s.sent} · accepted ${s.accepted} · duplicates ${s.duplicates} · rejected ${s.rejected} · failed ${s.failed}`;
}

// Run only when executed (tsx scripts/simulator/cli.ts), not when imported by a test.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await main(process.argv.slice(2));
  // Exit explicitly: idle keep-alive sockets would otherwise hold the process for seconds.
  process.exit(code);
}
