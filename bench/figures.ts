// The figures: each runs its measurement `runs` times and turns the runs into headline
// metrics (median/min/max), a "how measured" paragraph and notes on where the time went.
import os from "node:os";
import { DEMO, moderatorSessions, signIn } from "./client";
import { BATCH, INGEST_SHAPE, ingestRun, warmIngest, type IngestRun } from "./ingest";
import { Fleet, HEADLINE_RATE, LATENCY_SHAPE, latencyPhase, TICK_MS, type Phase } from "./latency";
import { takedownRun, type TakedownRun } from "./takedown";
import { browserRun, type BrowserRun } from "./browser";
import { startPair } from "./scaleout";
import { LOAD_QUERY, loadRun, type LoadRun } from "./load";
import { BENIGN_SHARE, clusterRun, LIST_INPUT, RETRIES, type ClusterRun } from "./clusters";
import { loadNow } from "./machine";
import { containmentRun, DEMO_PLAYBOOK_NAME, type ContainmentRun, type ContainmentVariant, type ExposureStage } from "./containment";
import { interactiveRun, type InteractiveRun } from "./interactive";
import { profiledPhase, profiledRulesPhase, tracedBurst } from "./passes";
import { BENCH_RULES, clearTiming, createRuleSet, restoreRules, rulesRun, timingEnv, timingFile, warmRules, type RulesPhase, type RulesRun } from "./rules";
import type { BenchServer } from "./server";
import type { Figure, FigureId, Metric, Target } from "./report";
import { round, sumCounts, summarize } from "./stats";

export type { Config, LatencyParams, Provide } from "./config";
import type { Config, LatencyParams, Provide } from "./config";

const T: Record<string, Target> = {
  ingest: { op: ">=", value: 10_000, text: "the target of ≥ 10,000 flags/s sustained" },
  rules: { op: ">=", value: 10_000, text: "issue 15: evaluating 20 enabled rules on the ingest path keeps ingest ≥ 10,000 events/s" },
  p50: { op: "<=", value: 150, text: "the target p50 ≤ 150 ms at 5,000 flags/s with 200 moderators" },
  p99: { op: "<=", value: 500, text: "the target p99 ≤ 500 ms at 5,000 flags/s with 200 moderators" },
  commit: { op: "<=", value: 2, text: "the target of 17,000 rooms committed and gone from walls ≤ 2 s" },
  complete: { op: "<=", value: 30, text: "the target of every enforcement call done ≤ 30 s" },
  longTasks: { op: "<=", value: 0, text: "the target of no browser task > 50 ms while the wall absorbs the flood" },
  longest: { op: "<=", value: 50, text: "the target of no browser task > 50 ms while the wall absorbs the flood" },
  health: { op: "<=", value: 200, text: "the target of the health endpoint under 200 ms p99 with 500 signed-in sockets held for a minute while ingest runs" },
  query: { op: "<=", value: 200, text: "the target of a tRPC query under 200 ms p99 with 500 signed-in sockets held for a minute while ingest runs" },
  clusterIngest: {
    op: ">=",
    value: 10_000,
    text: "the rate clustering must keep pace with, 10,000 events/s (below it the lag was measured at a lighter load)",
  },
  clusterLag: {
    op: "<=",
    value: 5,
    text: "clustering keeping pace with 10,000 events/s, read here (1) as: every ingested account clustered ≤ 5 s after the last ingest answer",
  },
  clusterWait: {
    op: "<=",
    value: 5,
    text: "clustering keeping pace with 10,000 events/s, read here (2) as: no account waits more than 5 s for the cluster pass while the events arrive",
  },
  clusterList: { op: "<=", value: 300, text: "the target of the cluster list for 20,000 accounts in ≤ 300 ms (compared: the p50 of the timed calls)" },
};

const metric = (key: string, label: string, unit: string, values: number[], target?: Target, note?: string): Metric => ({
  key,
  label,
  unit,
  summary: summarize(values),
  target,
  note,
});

/** The run whose value is the median (the upper middle one for even counts). */
function medianRun<R>(runs: R[], f: (r: R) => number): R {
  return [...runs].sort((a, b) => f(a) - f(b))[Math.floor(runs.length / 2)];
}

const NAMES: Record<string, string> = {
  other: "other processes on the machine (not the benchmark)",
  server: "server node process",
  server1: "server 1",
  server2: "server 2",
  postgres: "Postgres",
  harness: "harness (sender)",
  socket_clients: "socket clients",
  chromium: "Chromium",
  haproxy: "HAProxy",
};

/** Share of the machine's CPU that other processes used in the window (they competed with us). */
const contention = (cpu: Record<string, number>, windowS: number) => round((100 * (cpu.other ?? 0)) / (windowS * os.cpus().length), 0);

function cpuLine(cpu: Record<string, number>, windowS: number): string {
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  const cores = os.cpus().length;
  const parts = Object.entries(cpu)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${NAMES[k] ?? k} ${v.toFixed(1)} s (${Math.round((100 * v) / Math.max(total, 1e-9))} %)`);
  return `CPU time in the ${windowS.toFixed(1)} s measured window of the median run: ${parts.join(", ")} — ${total.toFixed(1)} of ${(windowS * cores).toFixed(1)} CPU-s available (${Math.round((100 * total) / (windowS * cores))} % of ${cores} cores busy).`;
}

async function figure(
  id: FigureId,
  title: string,
  how: string,
  params: Record<string, unknown>,
  body: () => Promise<{ metrics: Metric[]; runs: unknown[]; where: string[]; contention: number }>,
): Promise<Figure> {
  const load = loadNow();
  const t0 = Date.now();
  console.log(`\n▶ ${title}`);
  try {
    const { contention: c, ...r } = await body();
    for (const m of r.metrics) console.log(`  ${m.label}: ${m.summary.median} ${m.unit} (min ${m.summary.min}, max ${m.summary.max})`);
    return { id, title, ok: true, how, params, ...r, contention_pct: c, load_before: load, seconds: round((Date.now() - t0) / 1000, 1) };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    console.error(`  FAILED: ${error}`);
    return {
      id,
      title,
      ok: false,
      error,
      how,
      params,
      metrics: [],
      runs: [],
      where: [],
      contention_pct: 0,
      load_before: load,
      seconds: round((Date.now() - t0) / 1000, 1),
    };
  }
}

export function ingestFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const p = cfg.ingest;
  const how = `Each run POSTs pre-serialized batches of ${BATCH.toLocaleString("en-US")} events to \`POST /api/ingest/flags\` from ${p.concurrency} concurrent HTTP clients (keep-alive \`fetch\`) for ${p.seconds} s against the figure's own server on a fresh embedded database; events/s = events accepted (HTTP 202) ÷ time from the first request to the last answer. Every ${INGEST_SHAPE.flagsPerRoom} consecutive events flag the same new room and every ${INGEST_SHAPE.roomsPerAccount} rooms share an account, so a batch upserts ${BATCH / INGEST_SHAPE.flagsPerRoom} rooms and ${BATCH / INGEST_SHAPE.flagsPerRoom / INGEST_SHAPE.roomsPerAccount} accounts. Right after, in the same run and database, the same number of events with the same shape (fresh ids) is written with \`COPY … FROM STDIN\` (text format) in one transaction on one \`pg\` connection — accounts into \`platform_accounts\`, rooms into \`live_rooms\`, flags into \`flags\` — and copy_rows_per_s = flag rows ÷ the time of all three COPYs. \`pg-copy-streams\` is not installed, so the COPY is sent by a small \`pg\` submittable speaking the copy-in protocol (\`bench/copy.ts\`). A third baseline writes the same rows again with one plain \`INSERT … SELECT FROM unnest(…)\` per table (the ingest path's statement shape without ON CONFLICT, the aggregate UPDATE or validation). Five warm-up batches precede the first run.`;
  return figure("ingest", "1. Ingest throughput", how, { ...p, batch: BATCH, shape: INGEST_SHAPE }, async () => {
    const { server, release } = await provide("ingest");
    const runs: IngestRun[] = [];
    try {
      await warmIngest(server, "warm");
      for (let r = 0; r < cfg.runs; r++) runs.push(await ingestRun(server, `i${r + 1}`, p));
    } finally {
      await release();
    }
    const mid = medianRun(runs, (r) => r.eventsPerSec);
    const per1000 = (label: string) => (((mid.cpuSeconds[label] ?? 0) * 1000) / (mid.events / 1000)).toFixed(0);
    return {
      runs,
      metrics: [
        metric(
          "ingest_events_per_s",
          "Ingest through the API",
          "events/s",
          runs.map((r) => r.eventsPerSec),
          T.ingest,
        ),
        metric(
          "copy_rows_per_s",
          "Raw COPY of the same rows",
          "events/s",
          runs.map((r) => r.copyRowsPerSec),
        ),
        metric(
          "ingest_copy_ratio",
          "Ingest ÷ COPY",
          "×",
          runs.map((r) => r.ratio),
        ),
        metric(
          "unnest_insert_rows_per_s",
          "Raw INSERT … unnest of the same rows",
          "events/s",
          runs.map((r) => r.unnestRowsPerSec),
        ),
      ],
      contention: contention(mid.cpuSeconds, mid.seconds),
      where: [
        cpuLine(mid.cpuSeconds, mid.seconds),
        `Per 1,000 events the API path cost ${per1000("server")} ms of server CPU (JSON parse, zod validation of every event, building the SQL arrays, the wall hub reloading changed rooms) and ${per1000("postgres")} ms of Postgres CPU (duplicate check, account and room upserts, flag insert, per-room aggregate UPDATE, flag_rate), against ${((mid.copySeconds * 1000) / (mid.events / 1000)).toFixed(0)} ms of wall time for COPY and ${((mid.unnestSeconds * 1000) / (mid.events / 1000)).toFixed(0)} ms for the unnest INSERTs.`,
        `${mid.failedRequests} of ${mid.requests} requests failed in the median run.`,
      ],
    };
  });
}

export function rulesFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const p = cfg.rules;
  const enforcing = BENCH_RULES.filter((r) => r.mode === "ENFORCE");
  const how = `Each run measures ingest twice on the figure's own server, once with all of the figure's rules off (and the demo's rules off too: 0 rules) and once with ${BENCH_RULES.length} rules enabled (${BENCH_RULES.length - enforcing.length} in shadow, ${enforcing.length} enforcing), the order alternating from run to run (odd runs 0 then ${BENCH_RULES.length}, even runs ${BENCH_RULES.length} then 0) so neither always goes first. Each phase is the ingest figure's measurement: pre-serialized batches of ${BATCH.toLocaleString("en-US")} events POSTed to \`/api/ingest/flags\` from ${p.concurrency} keep-alive clients for ${p.seconds} s, events/s = events accepted ÷ time from the first request to the last answer, ${INGEST_SHAPE.flagsPerRoom} flags per room and ${INGEST_SHAPE.roomsPerAccount} rooms per account, fresh rooms every phase; room titles, categories, account ages, verification and handle prefixes vary deterministically (1 % of rooms carry an "[18+] free" lure, 1 % a t.me link, 5 % are casino and 5 % crypto rooms, 3 % of accounts are under a day old; nothing clusters). The rules are created through tRPC by the demo shift lead (\`rules.create\`), switched with \`rules.setMode\` (off / shadow) and \`rules.requestEnforce\`, and the two enforcing rules that take rooms down or ban are approved by the second lead (\`rules.decideEnforce\` as ${"lead2@floodwall.local"}); a phase starts 2.5 s after the last switch (the engine reloads on every change and every 2 s) and once the server and Postgres have used under a fifth of a core for a second (the previous phase's clustering and platform calls done, at most 30 s). The rules: ${BENCH_RULES.map((r) => `${r.mode === "ENFORCE" ? "**enforce**" : "shadow"} ${r.action.kind} \`${r.expression}\``).join("; ")}. Hits are counted afterwards in \`rule_hits\` for the phase's rooms. The figure's own server (not the shared one of quick mode) runs with a small preloaded hook (\`bench/rules-hook.ts\`) that adds up, in wall-clock time, what \`RulesEngine.evaluate\` spends per batch: fact queries, in-memory judging, per-rule transactions, wall markers (a few clock reads per query, in both phases). Five warm-up batches with the rules on and five with them off precede the first run.`;
  return figure(
    "rules",
    "1b. Ingest with 20 response rules",
    how,
    { ...p, batch: BATCH, shape: INGEST_SHAPE, rules: BENCH_RULES.length, enforcing: enforcing.length },
    async () => {
      const file = timingFile();
      clearTiming(file);
      const { server, release } = await provide("rules", timingEnv(file), { fresh: true });
      const runs: RulesRun[] = [];
      try {
        const set = await createRuleSet(server);
        try {
          await warmRules(server, set);
          for (let r = 0; r < cfg.runs; r++) {
            const x = await rulesRun(server, set, `R${r + 1}`, p, r % 2 === 1, file);
            console.log(
              `  run ${r + 1} (${x.order}): ${x.on.eventsPerSec} events/s with ${x.on.rules} rules, ${x.off.eventsPerSec} with 0 (× ${x.ratio}); ${x.on.hits} hits, ${x.on.acted} acted`,
            );
            runs.push(x);
          }
        } finally {
          await restoreRules(server, set);
        }
      } finally {
        await release();
      }
      const mid = medianRun(runs, (r) => r.on.eventsPerSec);
      const per1000 = (ph: RulesPhase, label: string) => (((ph.cpuSeconds[label] ?? 0) * 1000) / (ph.events / 1000)).toFixed(0);
      const perBatch = (ph: RulesPhase, ms: number) => round(ms / Math.max(1, ph.timing?.calls ?? 1), 1);
      const t = mid.on.timing;
      const where = [
        `20 rules (median run): ${cpuLine(mid.on.cpuSeconds, mid.on.seconds)}`,
        `0 rules (same run): ${cpuLine(mid.off.cpuSeconds, mid.off.seconds)}`,
        `Per 1,000 events: server CPU ${per1000(mid.on, "server")} ms with 20 rules against ${per1000(mid.off, "server")} ms with 0; Postgres ${per1000(mid.on, "postgres")} ms against ${per1000(mid.off, "postgres")} ms. Mean POST round trip of a ${BATCH.toLocaleString("en-US")}-event batch: ${mid.on.postMeanMs} ms against ${mid.off.postMeanMs} ms.`,
        t && t.calls > 0
          ? `Inside the 20-rule phase (wall clock per batch, from the timing hook; ${p.concurrency} batches in flight share the process and Postgres): \`RulesEngine.evaluate\` took ${perBatch(mid.on, t.evaluateMs)} ms of the ${mid.on.postMeanMs} ms POST${t.groups ? ` (batches arriving while one is judged wait and are judged together: ${t.groups} evaluations, ${round(t.calls / t.groups, 1)} batches each; the parts below are per batch)` : ""} — fact queries ${perBatch(mid.on, t.factsMs)} ms, judging ${Math.round(t.judged / t.calls)} flags by ${BENCH_RULES.length} compiled rules in memory ${perBatch(mid.on, t.judgeMs)} ms, ${round(t.actTransactions / t.calls, 1)} hit-recording / acting transactions ${perBatch(mid.on, t.actMs)} ms, wall markers ${perBatch(mid.on, t.marksMs)} ms, other queries ${perBatch(mid.on, t.otherQueryMs)} ms; the rest of the POST (${round(mid.on.postMeanMs - perBatch(mid.on, t.evaluateMs), 1)} ms) is reading, validating and storing the batch. With 0 rules evaluate returns at once (${perBatch(mid.off, mid.off.timing?.evaluateMs ?? 0)} ms per batch).`
          : "No timing hook in this run (quick mode shares one server, started without it): compare the CPU lines above.",
        `Hits in the median run's 20-rule phase: ${mid.on.hits.toLocaleString("en-US")} on ${mid.on.rooms.toLocaleString("en-US")} rooms (${mid.on.shadowHits.toLocaleString("en-US")} in shadow, ${mid.on.acted.toLocaleString("en-US")} acted on); per rule: ${Object.entries(
          mid.perRule,
        )
          .map(([name, v]) => `${name} ${v.hits.toLocaleString("en-US")}${v.acted ? ` (${v.acted.toLocaleString("en-US")} acted)` : ""}`)
          .join("; ")}.`,
        `Runs: ${runs.map((r, i) => `${i + 1}. ${r.order}: ${r.on.eventsPerSec.toLocaleString("en-US")} / ${r.off.eventsPerSec.toLocaleString("en-US")} events/s (× ${r.ratio}; waited ${r.on.settledS} s / ${r.off.settledS} s for quiet; ${r.on.failedRequests + r.off.failedRequests} failed requests)`).join("; ")}.`,
      ];
      return {
        runs,
        metrics: [
          metric(
            "rules_events_per_s",
            "Ingest with 20 rules enabled",
            "events/s",
            runs.map((r) => r.on.eventsPerSec),
            T.rules,
          ),
          metric(
            "rules_off_events_per_s",
            "Ingest with 0 rules (same server and run)",
            "events/s",
            runs.map((r) => r.off.eventsPerSec),
          ),
          metric(
            "rules_ratio",
            "20 rules ÷ 0 rules",
            "×",
            runs.map((r) => r.ratio),
          ),
          metric(
            "rules_hits",
            "Rule hits recorded in a 20-rule phase",
            "hits",
            runs.map((r) => r.on.hits),
          ),
          metric(
            "rules_acted",
            "Automatic actions in a 20-rule phase",
            "actions",
            runs.map((r) => r.on.acted),
          ),
        ],
        contention: contention(mid.on.cpuSeconds, mid.on.seconds),
        where,
      };
    },
  ).then(async (f) => (f.ok && cfg.profile ? { ...f, profile: await profiledRulesPhase(cfg, provide) } : f));
}

function latencyMetrics(prefix: string, runs: Phase[][], rates: number[]): Metric[] {
  const out: Metric[] = [];
  for (const rate of rates) {
    const phases = runs.map((r) => r.find((p) => p.rate === rate)!);
    const k = `${prefix}latency${rate === HEADLINE_RATE ? "" : `_${rate}`}`;
    const censored = phases.reduce((a, p) => a + p.censored, 0);
    const note = censored
      ? `${censored.toLocaleString("en-US")} socket×flag receipts, over all runs, still missing at the drain deadline and counted at their age then: a lower bound`
      : undefined;
    const head = rate === HEADLINE_RATE;
    const label = `${prefix ? "Scale-out (2 processes) " : ""}flag→screen at ${rate.toLocaleString("en-US")}/s`;
    out.push(
      metric(
        `${k}_p50_ms`,
        `${label}, p50`,
        "ms",
        phases.map((p) => p.p50),
        head ? T.p50 : undefined,
        note,
      ),
    );
    out.push(
      metric(
        `${k}_p95_ms`,
        `${label}, p95`,
        "ms",
        phases.map((p) => p.p95),
        undefined,
        note,
      ),
    );
    out.push(
      metric(
        `${k}_p99_ms`,
        `${label}, p99`,
        "ms",
        phases.map((p) => p.p99),
        head ? T.p99 : undefined,
        note,
      ),
    );
    out.push(
      metric(
        `${k}_achieved_flags_per_s`,
        `${label}, rate the sender achieved`,
        "flags/s",
        phases.map((p) => p.achievedRate),
      ),
    );
  }
  return out;
}

function latencyMid(runs: Phase[][]): Phase {
  return medianRun(
    runs.map((r) => r.find((p) => p.rate === HEADLINE_RATE) ?? r[r.length - 1]),
    (p) => p.p50,
  );
}

function latencyWhere(runs: Phase[][]): string[] {
  const mid = latencyMid(runs);
  return [
    cpuLine(mid.cpuSeconds, mid.windowSeconds),
    `At ${mid.rate.toLocaleString("en-US")}/s (median run) the ingest POST itself — validation and the batch's transaction — took p50 ${mid.postP50Ms} ms / p99 ${mid.postP99Ms} ms (flag→screen p50: ${mid.p50} ms). After its commit a flag still waits for the wall hub's coalescing (a flush starts when rooms are marked changed, at most every 50 ms: the changed rooms are reloaded from Postgres, encoded once in the compact wire form and sent to each filter group as one diff of ASCII-only JSON), Socket.IO fan-out to ${mid.sockets} sockets (every socket gets every new room: about ${Math.round(mid.achievedRate).toLocaleString("en-US")} room upserts/s, ${mid.diffKBPerSocketPerSec.toLocaleString("en-US")} KB/s of diff JSON each, ${Math.round((mid.diffKBPerSocketPerSec * mid.sockets) / 1024).toLocaleString("en-US")} MB/s for all sockets) and receiving it in the clients.`,
    `Before each phase the sockets are replaced by fresh connections (re-subscribed) and the harness waits until no diff has arrived for 2 s (at most 60 s), so a phase does not start behind the previous one's backlog; the median run waited ${(mid.quietWaitMs / 1000).toFixed(1)} s. Socket drops during the phase: ${
      Object.keys(mid.disconnects).length
        ? `${Object.entries(mid.disconnects)
            .map(([k, v]) => `${v} × ${k}`)
            .join(
              ", ",
            )} (a dropped socket reconnects and subscribes again; flags posted while it was away are not expected on it, those in flight count as missing)`
        : "none"
    }; connected at the end: ${mid.connectedAfter} of ${mid.sockets}.`,
    `Room upserts received per socket and flag: ${mid.upsertsPerSample} (above 1: rooms already sent were sent again after a later change).`,
    `The sender achieved ${mid.achievedRate.toLocaleString("en-US")} of ${mid.rate.toLocaleString("en-US")} flags/s (at most 8 requests in flight; a saturated server slows it); ${mid.samples.toLocaleString("en-US")} of ${mid.expected.toLocaleString("en-US")} socket×flag receipts arrived within the drain window.`,
  ];
}

async function latencyRuns(servers: BenchServer[], cookies: string[], cfg: Config, prefix: string): Promise<Phase[][]> {
  const fleet = await Fleet.open(
    cookies.map((cookie, i) => ({ server: servers[i % servers.length], cookie })),
    cfg.latency.workers,
  );
  try {
    // All runs of the lower rate first: a phase after an overload still feels its aftermath
    // (sockets that dropped and recovered get missed packets replayed), so rates are not mixed.
    const runs: Phase[][] = Array.from({ length: cfg.runs }, () => []);
    for (const rate of cfg.latency.rates) {
      for (let r = 0; r < cfg.runs; r++) {
        const p = await latencyPhase(servers, fleet, cookies.length, `${prefix}${r + 1}x${rate}`, rate, cfg.latency.seconds, cfg.latency.drainMs);
        runs[r].push(p);
        console.log(`  ${rate}/s, run ${r + 1}: p50 ${p.p50} ms, p99 ${p.p99} ms, sender ${p.achievedRate} flags/s`);
      }
    }
    return runs;
  } finally {
    fleet.close();
  }
}

const latencyHow = (l: LatencyParams, servers: string) =>
  `${l.sockets} real \`socket.io-client\` connections (websocket transport), each signed in as its own moderator account (created through \`users.create\`, one sign-in each), are spread over ${l.workers} child processes and subscribe to the wall with the default filter (fresh connections before every phase; a socket dropped during a phase reconnects and subscribes again); ${servers}. Flags are sent at ${l.rates.map((r) => r.toLocaleString("en-US")).join(" and then ")} flags/s, every run of a rate for ${l.seconds} s: one \`POST /api/ingest/flags\` every ${TICK_MS} ms with rate/10 events, every flag for a new room (${LATENCY_SHAPE.flagsPerRoom} flag per room, so nothing coalesces on the server). The time a batch's request starts is sent to the socket processes before the request; a sample is one socket's first \`wall:diff\` upsert of that room minus that time (one sample per socket per flag). So that ${l.sockets} clients on the server's own cores cost as little as possible, the socket processes decode \`wall:diff\` packets with a lean socket.io decoder that extracts the upserted room ids with one pattern scan instead of building every room object; the sockets of one process receive the same diff text, so its scan is done once per process and shared (each socket still receives, frames and decodes its own copy, and its receipt time is its own). Other packets use socket.io's decoder; the browser figure measures the full client work. Percentiles come from a 0.1 ms histogram of all samples; receipts still missing ${l.drainMs / 1000} s after the last answer are counted at their age then (so the percentiles are a lower bound when that happens, and say so).`;

export function latencyFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const how = latencyHow(cfg.latency, "one server process (the figure's own server, fresh database)");
  return figure("latency", "2. Flag→screen latency", how, { ...cfg.latency }, async () => {
    const { server, release } = await provide("latency");
    try {
      const cookies = await moderatorSessions(server, cfg.latency.sockets, "lat");
      const runs = await latencyRuns([server], cookies, cfg, "L");
      const mid = latencyMid(runs);
      return {
        runs,
        metrics: latencyMetrics("", runs, cfg.latency.rates),
        where: latencyWhere(runs),
        contention: contention(mid.cpuSeconds, mid.windowSeconds),
      };
    } finally {
      await release();
    }
  }).then(async (f) => (f.ok && cfg.profile ? { ...f, profile: await profiledPhase(cfg, provide) } : f));
}

export function scaleoutFigure(
  cfg: Config,
  ports: { portA: number; portB: number; balancerPort: number; pgPort: number; redisPort: number; onStarted?: (s: BenchServer) => void },
): Promise<Figure> {
  const how = `${latencyHow(cfg.latency, "two server processes behind HAProxy (`deploy/haproxy.cfg.template` as `npm run cluster` renders it: round-robin, sticky cookie, health checks) share the first one's embedded Postgres and a local `redis-server` (Socket.IO Redis adapter); sockets and ingest batches all go through the balancer, which alternates them between the processes")} The same targets as the single-process figure are applied.`;
  return figure("scaleout", "5. Scale-out: two processes behind HAProxy", how, { ...cfg.latency, processes: 2, balancer: "haproxy" }, async () => {
    const pair = await startPair({ ...ports, dataDir: ".data/bench-scaleout" });
    try {
      const cookies = await moderatorSessions(pair.balancer, cfg.latency.sockets, "so");
      const runs = await latencyRuns([pair.balancer], cookies, cfg, "S");
      const mid = latencyMid(runs);
      return {
        runs,
        metrics: latencyMetrics("scaleout_", runs, cfg.latency.rates),
        where: latencyWhere(runs),
        contention: contention(mid.cpuSeconds, mid.windowSeconds),
      };
    } finally {
      await pair.stop();
    }
  });
}

export function takedownFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const n = cfg.takedown.rooms;
  const how = `Each run flags ${n.toLocaleString("en-US")} new live rooms through \`POST /api/ingest/flags\` (1,000 per request) and waits until a moderator socket subscribed to the default wall has received every one of them. The shift lead then calls \`takedown.preview\` with a manual selection of exactly those rooms and, with the clock started, \`takedown.confirm\` (no bans, no other rooms). **Commit** = confirm sent → the subscribed socket has received a removal for every room (the confirm's answer arriving is shown apart). **Complete** = confirm sent → \`takedown.progress\` (polled every 200 ms) reports nothing pending, i.e. every call to the simulated platform is done; the platform's own table (\`sim_platform_calls\`) is counted afterwards as a cross-check. The platform rate limit is the default ${cfg.enforcementRate} decisions/s per server process (\`ENFORCEMENT_RATE_PER_SEC\`), sent in bulk requests of up to 500 rooms. Runs share the figure's server; each uses its own rooms.`;
  return figure("takedown", "3. Mass takedown", how, { ...cfg.takedown, enforcementRatePerSec: cfg.enforcementRate }, async () => {
    const { server, release } = await provide("takedown");
    const runs: TakedownRun[] = [];
    try {
      for (let r = 0; r < cfg.runs; r++) {
        runs.push(await takedownRun(server, `T${r + 1}`, n, cfg.takedown.timeoutMs, cfg.enforcementRate));
        const x = runs[runs.length - 1];
        console.log(`  run ${r + 1}: commit ${x.commitS} s, complete ${x.completeS} s, platform calls ${x.platformCalls}`);
        if (x.platformCalls !== n || x.delivered !== n)
          throw new Error(`takedown run ${r + 1}: ${x.delivered} delivered, ${x.platformCalls} platform calls for ${n} rooms`);
      }
    } finally {
      await release();
    }
    const mid = medianRun(runs, (r) => r.completeS);
    const floor = n / cfg.enforcementRate;
    return {
      runs,
      metrics: [
        metric(
          "takedown_rooms",
          "Rooms per batch",
          "rooms",
          runs.map((r) => r.rooms),
        ),
        metric(
          "takedown_commit_s",
          `${n.toLocaleString("en-US")} rooms committed and gone from the wall`,
          "s",
          runs.map((r) => r.commitS),
          T.commit,
        ),
        metric(
          "takedown_confirm_answer_s",
          "takedown.confirm answered",
          "s",
          runs.map((r) => r.confirmAnsweredS),
        ),
        metric(
          "takedown_complete_s",
          "Every platform call done",
          "s",
          runs.map((r) => r.completeS),
          T.complete,
        ),
      ],
      contention: contention(mid.cpuSeconds, mid.completeS),
      where: [
        cpuLine(mid.cpuSeconds, mid.completeS),
        `The rate limit alone needs ${floor.toFixed(1)} s for ${n.toLocaleString("en-US")} calls; the median run took ${mid.completeS} s, i.e. ${Math.round(n / mid.completeS).toLocaleString("en-US")} calls/s. Delivery jobs carry 500 decisions each (one bulk request to the simulated platform: one transaction inserting into sim_platform_calls and sim_platform_ended and reading the viewer counts, then one UPDATE marking the 500 actions SENT); one server process runs 6 of them at once (DELIVER_WORK_OPTIONS.localConcurrency; 4 took 5.3 s, 6 took 3.9 s, 8 took 3.3 s in single runs on this machine).`,
      ],
    };
  });
}

export function browserFigure(cfg: Config, provide: Provide, chromium: (v: string) => void): Promise<Figure> {
  const p = cfg.browser;
  const how = `Playwright drives Debian's Chromium (headless, 1440×900) signed in as the demo moderator with \`/wall\` open on ${p.seedRooms} flagged rooms. A \`PerformanceObserver\` for \`longtask\` is installed with \`addInitScript\` before any page script. Then ${p.rate.toLocaleString("en-US")} flags/s are sent for ${p.seconds} s (a batch every ${TICK_MS} ms, each flag a new room, which gathers behind the "N new" bar); long tasks are counted from the burst's start until 1 s after its last answer. During the burst the moderator presses \`t\` ${p.keypresses} times, evenly spaced, on the focused card: each press is timed inside the page from the keydown event's timestamp to the first animation frame after the card's element left the DOM (a MutationObserver armed just before the press). After the burst, \`n\` reveals what gathered and the time until the page has rendered it is noted (capped at ${p.revealCapMs / 1000} s). ${cfg.runs > 1 ? "Every run uses a fresh server and browser." : ""}`;
  return figure("browser", "4. Browser: the wall during a burst", how, { ...p }, async () => {
    const runs: BrowserRun[] = [];
    for (let r = 0; r < cfg.runs; r++) {
      const { server, release } = await provide(`browser-${r + 1}`);
      try {
        runs.push(await browserRun(server, `B${r + 1}`, p, chromium));
      } finally {
        await release();
      }
      const x = runs[runs.length - 1];
      console.log(`  run ${r + 1}: ${x.longTasks} long tasks, longest ${x.longestTaskMs} ms, keypress→gone ${x.keypressToGoneMs.join(", ")} ms`);
      console.log(
        `    long tasks at ${x.longTaskAtMs.map((t) => `${t.at}+${t.ms}`).join(", ") || "-"} ms; keys at ${x.keypressAtMs.join(", ")} ms; reveal ${x.revealBlockedMs} ms`,
      );
    }
    const mid = medianRun(runs, (r) => r.longestTaskMs);
    const reveal = runs.map((r) => (r.revealCapped ? `> ${r.revealBlockedMs} ms (capped)` : `${r.revealBlockedMs} ms`)).join(", ");
    return {
      runs,
      metrics: [
        metric(
          "browser_long_tasks",
          "Long tasks (> 50 ms) during the burst",
          "tasks",
          runs.map((r) => r.longTasks),
          T.longTasks,
        ),
        metric(
          "browser_longest_task_ms",
          "Longest task during the burst",
          "ms",
          runs.map((r) => r.longestTaskMs),
          T.longest,
        ),
        metric(
          "browser_long_task_total_ms",
          "Time in long tasks during the burst",
          "ms",
          runs.map((r) => r.totalLongTaskMs),
        ),
        metric(
          "keypress_to_gone_ms",
          "Takedown keypress → card gone (median of presses)",
          "ms",
          runs.map((r) => r.keypressToGoneMedianMs),
        ),
        metric(
          "browser_burst_flags_per_s",
          "Burst rate the sender achieved",
          "flags/s",
          runs.map((r) => round(r.burstFlags / r.burstSeconds, 0)),
        ),
      ],
      contention: contention(mid.cpuSeconds, mid.windowSeconds),
      where: [
        cpuLine(mid.cpuSeconds, mid.windowSeconds),
        `In the median run the page spent ${mid.totalLongTaskMs} ms of the ${(mid.windowSeconds * 1000).toFixed(0)} ms window in tasks over 50 ms; a keypress that lands behind one waits for it, which is why keypress→gone ranges ${Math.min(...mid.keypressToGoneMs)}–${Math.max(...mid.keypressToGoneMs)} ms. Ingest POSTs in the burst took p50 ${mid.postP50Ms} ms.`,
        ...(mid.longTaskAtMs.length
          ? [
              `In the median run the long tasks began ${mid.longTaskAtMs.map((t) => `${(t.at / 1000).toFixed(2)} s (${t.ms} ms)`).join(", ")} after the burst began; the takedown keys were pressed at ${mid.keypressAtMs.map((k) => `${(k / 1000).toFixed(2)} s`).join(", ")}.`,
            ]
          : []),
        `Revealing what gathered behind the "new" bar after the burst: ${reveal}.`,
      ],
    };
  }).then(async (f) => (f.ok && cfg.profile ? { ...f, trace: await tracedBurst(cfg, provide) } : f));
}

const drops = (d: Record<string, number>) =>
  Object.keys(d).length
    ? Object.entries(d)
        .map(([k, v]) => `${v} × ${k}`)
        .join(", ")
    : "none";
const probeLine = (name: string, p: LoadRun["health"]) =>
  `${name}: ${p.requests.toLocaleString("en-US")} requests, p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms, max ${p.max} ms; ${p.failed ? `${p.failed} failed (${drops(p.errors)})` : "none failed"}`;

export function loadFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const l = cfg.load;
  const how = `${l.sockets} real \`socket.io-client\` connections — the latency figure's fleet: each signed in as its own moderator account (created through \`users.create\`, one sign-in each), spread over ${l.workers} child processes, websocket transport, the lean \`wall:diff\` decoder — subscribe to the wall with the default filter and are held for ${l.seconds} s per run (fresh connections before each run; a socket dropped during the hold reconnects and subscribes again, and the drop is counted with its reason). Meanwhile flags are POSTed to \`/api/ingest/flags\` at ${l.rate.toLocaleString("en-US")} flags/s (one batch every ${TICK_MS} ms, every flag a new room, so every socket receives every room), and a probe in the harness process requests \`GET /api/health\` and the tRPC query \`${LOAD_QUERY.proc}\` (default filter, limit ${LOAD_QUERY.input.limit}; the read the wall page makes on load and after a reconnect, signed in as the demo moderator) ${l.probeHz} times a second each, open loop (a slow answer does not delay the next request), with a ${10} s timeout. A probe fails on a timeout, an error, a non-200 answer or a health body without \`status: ok\`; failed probes are counted apart and left out of the percentiles, which come from a 0.1 ms histogram of each run's probes. **Sockets held** = sockets connected when the hold ended. Flag→screen is measured over the same sockets as in the latency figure (no target here).`;
  return figure("load", `6. Load: ${l.sockets} signed-in sockets held while ingest runs`, how, { ...l, query: LOAD_QUERY }, async () => {
    const { server, release } = await provide("load");
    const runs: LoadRun[] = [];
    try {
      const cookies = await moderatorSessions(server, l.sockets, "load");
      const probeCookie = await signIn(server, DEMO.MODERATOR);
      const fleet = await Fleet.open(
        cookies.map((cookie) => ({ server, cookie })),
        l.workers,
      );
      try {
        for (let r = 0; r < cfg.runs; r++) {
          const x = await loadRun(server, fleet, probeCookie, `LD${r + 1}`, l);
          runs.push(x);
          console.log(
            `  run ${r + 1}: ${x.connectedAfter}/${x.sockets} sockets held, health p99 ${x.health.p99} ms, ${LOAD_QUERY.proc} p99 ${x.query.p99} ms, ingest ${x.ingestEventsPerSec} flags/s`,
          );
        }
      } finally {
        fleet.close();
      }
    } finally {
      await release();
    }
    const mid = medianRun(runs, (r) => r.query.p99);
    return {
      runs,
      metrics: [
        metric(
          "load_sockets_held",
          `Sockets connected at the end of the ${l.seconds} s hold`,
          "sockets",
          runs.map((r) => r.connectedAfter),
          { op: ">=", value: l.sockets, text: `all ${l.sockets} signed-in sockets held for the whole hold` },
        ),
        metric(
          "load_socket_drops",
          "Socket drops during the hold",
          "drops",
          runs.map((r) => Object.values(r.disconnects).reduce((a, b) => a + b, 0)),
        ),
        metric(
          "load_health_p50_ms",
          "GET /api/health under load, p50",
          "ms",
          runs.map((r) => r.health.p50),
        ),
        metric(
          "load_health_p99_ms",
          "GET /api/health under load, p99",
          "ms",
          runs.map((r) => r.health.p99),
          T.health,
        ),
        metric(
          "load_trpc_p50_ms",
          `tRPC ${LOAD_QUERY.proc} under load, p50`,
          "ms",
          runs.map((r) => r.query.p50),
        ),
        metric(
          "load_trpc_p99_ms",
          `tRPC ${LOAD_QUERY.proc} under load, p99`,
          "ms",
          runs.map((r) => r.query.p99),
          T.query,
        ),
        metric(
          "load_failed_probes",
          "Failed probes (both kinds)",
          "requests",
          runs.map((r) => r.health.failed + r.query.failed),
        ),
        metric(
          "load_ingest_events_per_s",
          "Ingest rate the sender achieved during the hold",
          "flags/s",
          runs.map((r) => r.ingestEventsPerSec),
        ),
        metric(
          "load_flag_to_screen_p50_ms",
          "flag→screen during the hold, p50",
          "ms",
          runs.map((r) => r.flagToScreenP50),
        ),
        metric(
          "load_flag_to_screen_p99_ms",
          "flag→screen during the hold, p99",
          "ms",
          runs.map((r) => r.flagToScreenP99),
          undefined,
          runs.some((r) => r.censored) ? "receipts still missing at the drain deadline counted at their age then: a lower bound" : undefined,
        ),
      ],
      contention: contention(mid.cpuSeconds, mid.windowSeconds),
      where: [
        cpuLine(mid.cpuSeconds, mid.windowSeconds),
        `Median run: ${mid.connectedAfter} of ${mid.sockets} sockets connected at the end; drops during the hold: ${drops(mid.disconnects)}.`,
        `${probeLine("Health", mid.health)}. ${probeLine(LOAD_QUERY.proc, mid.query)}. Both answer from the same Node process that fans wall diffs out to every socket, so their time includes waiting for its event loop and for one of its 20 pooled Postgres connections; the snapshot also counts every flagged live room (the table grows by ${l.rate.toLocaleString("en-US")} rooms a second here). Right after the hold and drain, on the same data, ${10} calls one after another took p50 ${mid.idleHealthP50Ms} ms (health) and ${mid.idleQueryP50Ms} ms (${LOAD_QUERY.proc}): the rest is waiting behind the load. At that idle cost the ${LOAD_QUERY.proc} probe alone keeps about ${Math.round((l.probeHz * mid.idleQueryP50Ms) / 10)} % of one core's time busy (mostly Postgres): part of the load it measures.`,
        `The sender achieved ${mid.ingestEventsPerSec.toLocaleString("en-US")} of ${l.rate.toLocaleString("en-US")} flags/s (${mid.ingestFailedRequests} failed requests; ingest POST p50 ${mid.postP50Ms} ms, p99 ${mid.postP99Ms} ms); flag→screen over all sockets p50 ${mid.flagToScreenP50} ms, p99 ${mid.flagToScreenP99} ms${mid.censored ? ` (${mid.censored.toLocaleString("en-US")} socket×flag receipts still missing ${l.drainMs / 1000} s after the hold, counted at their age then)` : ""}.`,
      ],
    };
  });
}

export function clustersFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const c = cfg.clusters;
  const how = `Each run builds a population with the attack simulator's generator (\`server/simulator/population.ts\`: ${c.bots.toLocaleString("en-US")} bots in ${c.rings} rings that share devices, an IP block, phone pools, a handle pattern and a registration burst, plus ${c.benign.toLocaleString("en-US")} ordinary accounts, some of them behind one carrier NAT address) and flags it through \`POST /api/ingest/flags\` at ${c.rate.toLocaleString("en-US")} events/s for ${c.seconds} s (one pre-serialized batch every ${TICK_MS} ms, at most 8 requests in flight; a batch the server refuses with 503 — "nothing was committed, retry it" — is sent again up to ${RETRIES} times, as the simulator's client would, and counted), events made by the simulator's own \`toIngestEvent\`. As in the simulator's wave, accounts arrive evenly over the run (each room is flagged the moment it goes live) and the rest of each batch flags rooms already live (${Math.round(BENIGN_SHARE * 100)} % of them ordinary ones, the simulator's share). The server's cluster loop drains the accounts ingest marked (\`platform_accounts."needsClustering"\`); the harness counts the marked accounts every 100 ms over its own \`pg\` connection, from the first request until none is left. **Lag** = last ingest answer → no account waiting (capped at ${c.lagCapMs / 1000} s); **longest wait** = the longest any account stayed in the backlog, from the first poll that saw it waiting to the first that no longer did (the polls list the waiting accounts' ids; an account ingest marks again later, because its signals changed, starts a new wait), i.e. whether clustering kept up while events arrived; **accounts/s** = accounts clustered ÷ first request → none waiting. Then, on the now idle server with the population clustered (the number of clustered accounts is reported below), the demo moderator calls \`clusters.list\` as the clusters page does (\`${JSON.stringify(LIST_INPUT)}\`) twice untimed and ${c.listCalls} times timed, one after another; the list target is compared with the p50 of those calls. ${cfg.runs > 1 ? "Every run uses a fresh server and database." : ""}`;
  return figure("clusters", "7. Clustering: keeping pace with a wave, and the cluster list", how, { ...c, listInput: LIST_INPUT }, async () => {
    const runs: ClusterRun[] = [];
    for (let r = 0; r < cfg.runs; r++) {
      const { server, release } = await provide(`clusters-${r + 1}`);
      try {
        runs.push(await clusterRun(server, 7001 + r, c));
      } finally {
        await release();
      }
      const x = runs[runs.length - 1];
      console.log(
        `  run ${r + 1}: ingest ${x.ingestEventsPerSec} events/s, lag ${x.lagS} s${x.lagCapped ? " (capped)" : ""}, ${x.clusteredAccounts} accounts in ${x.clusters} clusters, list p50 ${x.listP50Ms} ms`,
      );
    }
    const mid = medianRun(runs, (r) => r.lagS);
    const capped = runs.filter((r) => r.lagCapped).length;
    return {
      runs,
      metrics: [
        metric(
          "cluster_ingest_events_per_s",
          "Ingest of the wave through the API",
          "events/s",
          runs.map((r) => r.ingestEventsPerSec),
          T.clusterIngest,
        ),
        metric(
          "cluster_lag_s",
          "Clustering lag after the last ingest answer",
          "s",
          runs.map((r) => r.lagS),
          T.clusterLag,
          capped ? `${capped} run(s) hit the ${c.lagCapMs / 1000} s cap: a lower bound` : undefined,
        ),
        metric(
          "cluster_max_wait_s",
          "Longest an account waited for clustering during the run",
          "s",
          runs.map((r) => r.maxWaitS),
          T.clusterWait,
        ),
        metric(
          "cluster_backlog_at_end",
          "Accounts still waiting at the last ingest answer",
          "accounts",
          runs.map((r) => r.backlogAtEnd),
        ),
        metric(
          "cluster_accounts_per_s",
          "Accounts clustered per second (first event → caught up)",
          "accounts/s",
          runs.map((r) => r.clusteredPerSec),
        ),
        metric(
          "cluster_backlog_max",
          "Most accounts waiting for the cluster pass",
          "accounts",
          runs.map((r) => r.backlogMax),
        ),
        metric(
          "cluster_accounts_clustered",
          "Accounts in clusters afterwards",
          "accounts",
          runs.map((r) => r.clusteredAccounts),
        ),
        metric(
          "cluster_list_ms",
          `clusters.list (${LIST_INPUT.sort}, ${LIST_INPUT.limit} rows), p50`,
          "ms",
          runs.map((r) => r.listP50Ms),
          T.clusterList,
        ),
        metric(
          "cluster_list_p95_ms",
          `clusters.list, p95 of ${c.listCalls} calls`,
          "ms",
          runs.map((r) => r.listP95Ms),
        ),
        metric(
          "cluster_list_max_ms",
          "clusters.list, slowest call",
          "ms",
          runs.map((r) => r.listMaxMs),
        ),
      ],
      contention: contention(mid.cpuSeconds, mid.windowSeconds),
      where: [
        cpuLine(mid.cpuSeconds, mid.windowSeconds),
        `Median run: ${mid.events.toLocaleString("en-US")} events in ${mid.sendSeconds} s (${mid.retried} requests refused with 503 and retried, ${mid.failedRequests} failed for good) brought ${mid.accountsIngested.toLocaleString("en-US")} of the population's ${mid.accounts.toLocaleString("en-US")} accounts at ${mid.arrivalsPerSec.toLocaleString("en-US")}/s; the backlog of accounts waiting for clustering peaked at ${mid.backlogMax.toLocaleString("en-US")} and was ${mid.backlogAtEnd.toLocaleString("en-US")} at the last answer (no account stayed in it longer than ${mid.maxWaitS} s); none was left ${mid.lagS} s later${mid.lagCapped ? " (cap reached: still waiting)" : ""}. The loop (\`server/clusters/cluster-loops.ts\`) starts one second after its previous round ended and runs up to 10 passes of at most 20,000 accounts in a round; a pass is one transaction that skips accounts ingest is writing at that moment (they wait for the next pass), counts every linking key's accounts (to tell public signals from ring signals: a scan that grows with the ring), reads one row per key and cluster to link the new accounts, and recomputes a growing cluster's explanations at most every 5 s. Lag resolution: the 100 ms poll. Ingest is the limit here, not clustering: the wave's events spread over many more rooms and accounts per batch than the ingest figure's (one flag per room per batch instead of four), so each event costs Postgres more; the cluster pass shares the same two cores.`,
        `Errors in the server log during the median run (\`[clusters]\`: a cluster round rolled back, its accounts wait for the next round; \`[ingest]\`: a batch rolled back and answered 503): ${drops(mid.serverErrors)}${runs.length > 1 ? `; over all runs: ${drops(sumCounts(runs.map((r) => r.serverErrors)))}` : ""}.`,
        `What it found: ${mid.clusters} clusters holding ${mid.clusteredAccounts.toLocaleString("en-US")} accounts for ${c.rings} rings; ${mid.botsClustered.toLocaleString("en-US")} of ${c.bots.toLocaleString("en-US")} bots clustered, ${Math.round(mid.ringRecall * 100)} % of bots in their ring's largest cluster; ${mid.benignClustered} of ${c.benign.toLocaleString("en-US")} ordinary accounts linked to a cluster.`,
        `clusters.list returned ${mid.listRows} rows in p50 ${mid.listP50Ms} ms, p95 ${mid.listP95Ms} ms, max ${mid.listMaxMs} ms over ${mid.listCalls} calls (HTTP round trip, session check, tRPC, JSON). Its one SQL statement (every cluster member joined to its rooms, plus the last 10 minutes' joins per cluster), run by the harness over its own connection as \`listClusters\` runs it, took p50 ${mid.listSqlP50Ms} ms of that.`,
      ],
    };
  });
}

const CONTAINMENT_TARGETS = {
  quiet: {
    exposure: { op: "<=", value: 10, text: "one shift lead in a browser, at most 10 actions: bot-room exposure p95 ≤ 10 s" },
    share: { op: ">=", value: 99, text: "≥ 99 % of bot rooms ended or refused on the platform by 120 s after onset" },
    benign: { op: "<=", value: 1, text: "≤ 1 % of benign rooms taken down" },
    actions: { op: "<=", value: 10, text: "at most 10 actions (clicks and keys after sign-in)" },
  },
  contended: {
    exposure: { op: "<=", value: 30, text: "with another process keeping one of the two cores busy: exposure p95 ≤ 30 s" },
    share: { op: ">=", value: 95, text: "with one core busy: ≥ 95 % of bot rooms ended or refused by 120 s after onset" },
    benign: { op: "<=", value: 1, text: "≤ 1 % of benign rooms taken down" },
    actions: { op: "<=", value: 10, text: "at most 10 actions" },
  },
  automated: {
    exposure: { op: "<=", value: 5, text: "issue 15: with the demo playbook armed and no human action, bot-room exposure p95 ≤ 5 s" },
    share: { op: ">=", value: 99, text: "issue 15: ≥ 99 % of bot rooms ended or refused by 120 s after onset, no human action" },
    benign: { op: "<=", value: 1, text: "issue 15: ≤ 1 % of benign rooms taken down" },
    actions: { op: "<=", value: 0, text: "no human action during the wave" },
  },
} satisfies Record<ContainmentVariant, Record<string, Target>>;

const VARIANT_LABEL: Record<ContainmentVariant, string> = { quiet: "", contended: " (one core busy)", automated: " (automated: playbook, no human)" };
const s1 = (x: number | null) => (x === null ? "never" : `+${x} s`);
const pair = (x: [number, number]) => `${x[0]} s (p95 ${x[1]} s)`;

function stageLine(name: string, st: ExposureStage | null): string {
  if (!st) return `${name}: none.`;
  return `${name}: ${st.rooms.toLocaleString("en-US")} rooms, exposure p50 ${st.exposureP50S} s / p95 ${st.exposureP95S} s. Step by step, median (p95): went live → first flag stored ${pair(st.toFlagStoredS)} → the cluster pass that put the account in a ring started ${pair(st.flagToClusterPassS)} → that pass visible ${pair(st.clusterPassS)} → the takedown's transaction started ${pair(st.visibleToActionS)} → visible ${pair(st.actionTxS)}; takedown decided → platform ended ${pair(st.actionToEndedS)} (from going live: ring ${pair(st.toClusteredS)}, takedown decided ${pair(st.toActionS)}). Taken by the order ${st.byOrder.toLocaleString("en-US")}, by a rule ${st.byRule.toLocaleString("en-US")}, not by the horizon ${st.notActioned.toLocaleString("en-US")}.`;
}

function automatedWhere(mid: ContainmentRun): string[] {
  const t = mid.timeline;
  if (!t) return [];
  const b = mid.breakdown;
  return [
    `Median automated run, seconds after the wave's onset: playbook armed by two leads ${t.armedBeforeOnsetS} s before it; alert opened ${s1(t.alertOpenedS)}; playbook run scheduled ${s1(t.runCreatedS)}, due ${s1(t.runFireAtS)} (veto window), started ${s1(t.runStartedS)}, finished ${s1(t.runFinishedS)} (${t.runStatus ?? "no run"}); its order active ${s1(t.orderActivatedS)} (${t.orderRings ?? 0} rings at the horizon); first order takedown decided ${s1(t.firstOrderActionS)}, first rule action ${s1(t.firstRuleActionS)}, first go-live refused ${s1(t.firstRefusalS)}, first stream ended by the platform ${s1(t.firstPlatformEndS)}; incident ${t.incidentSeverity ?? "none"} declared ${s1(t.incidentDeclaredS)} (timeline: ${t.incidentTimeline.join(", ") || "—"}). Takedowns by the order ${t.orderTakedowns.toLocaleString("en-US")}, by rules ${t.ruleTakedowns.toLocaleString("en-US")}; bans ${t.bans.toLocaleString("en-US")}; rule hits acted on ${t.ruleHitsActed.toLocaleString("en-US")}. Run summary: ${t.runSummary.join("; ") || "—"}.`,
    ...(b
      ? [
          `Where exposed rooms' seconds went (automated, median run; bot rooms that went live rather than being refused; transaction starts are the rows' own timestamps, "visible" is when a harness connection polling every 250 ms first saw them): ${stageLine("Live before the order stood", b.beforeOrder)} ${stageLine("Live after it", b.afterOrder)} ${stageLine("The 5 % most exposed", b.worst)}`,
          `Background work seen during the automated run: ${b.clusterPasses.count} cluster passes that put accounts in rings (median ${b.clusterPasses.accountsP50} accounts), start → visible ${pair(b.clusterPasses.lengthS)}, longest ${b.clusterPasses.maxS} s; ${b.takedownTxs.count} takedown transactions (median ${b.takedownTxs.roomsP50} rooms), start → visible ${pair(b.takedownTxs.lengthS)}, longest ${b.takedownTxs.maxS} s.`,
        ]
      : []),
  ];
}

export function containmentFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const c = cfg.containment;
  const how = `Each run starts a fresh server and runs the attack simulator's wave against it, in the harness process, exactly as \`npm run simulate -- --scenario wave\` does (seed ${c.seed} + run, ${c.rate.toLocaleString("en-US")} events/s at the peak for ${c.seconds} s; 17,000 bots in 12 rings and 3,000 ordinary rooms; each room asks the simulated platform to go live first and streams only if allowed; events more than 2 s late are dropped, 429 answers are waited out). **Quiet**: meanwhile a shift lead scripted in Chromium (Playwright, headless Debian Chromium, 1440×900) acts through the console only: signs in, waits on the overview for the attack-wave alert's "Contain all N rings" button, clicks it, confirms the dialog with its suggested reason (one standing order that bans the rings' accounts, refuses go-live to accounts with the rings' signals and takes in rings that join the wave), then declares a P0 from the alert. Every click and key after sign-in is counted. ${c.horizonS} s after the wave's onset the simulated platform's own record is read over HTTP (\`GET /api/platform-sim/state\`): per room when it went live, was refused, or was ended. A bot room's **exposure** = ended − went live (0 when refused at go-live; still live at the horizon counts until the horizon); the share counts bot rooms ended or refused by the horizon among those that tried to go live (bots the sender never reached are reported apart). Benign rooms taken down = ordinary rooms the platform ended. **Contended**: the same, while another process (\`node -e "for(;;){}"\`) keeps one of the two cores busy for the whole run, standing for a host under attack. The P0's timeline is checked for the alert, the order and the declaration. **Automated** (issue 15): no browser and no human action during the wave; before it starts, lead@floodwall.local asks to arm the demo playbook "${DEMO_PLAYBOOK_NAME}" (\`playbooks.requestArm\`) and lead2@floodwall.local approves (\`playbooks.decideArm\`); the demo's rules stay as seeded (shadow). The same wave and the same outcome reading; afterwards the server's own tables give when the alert opened, when the playbook run was scheduled, due (veto window), started and finished, when its order became active, the first takedown decided by the order and by a rule, the first refusal, the first stream the platform ended and the incident's declaration, and for every bot room that went live, when its first flag was stored, when its account joined a ring, when its takedown was decided and when the platform ended it. Variants run: ${c.variants.join(", ")}.`;
  return figure("containment", "8. Containment: the simulator's wave, one shift lead or the armed playbook", how, { ...c }, async () => {
    const runs: ContainmentRun[] = [];
    for (const variant of c.variants) {
      for (let r = 0; r < cfg.runs; r++) {
        const { server, release } = await provide(`containment-${variant}-${r + 1}`, undefined, { fresh: true });
        try {
          const x = await containmentRun(server, {
            rate: c.rate,
            seconds: c.seconds,
            horizonS: c.horizonS,
            contended: variant === "contended",
            automated: variant === "automated",
            seed: c.seed + r,
          });
          const t = x.timeline;
          console.log(
            `  ${variant} run ${r + 1}: ${
              t
                ? `alert ${s1(t.alertOpenedS)}, playbook run ${s1(t.runStartedS)}–${s1(t.runFinishedS)} (${t.runStatus ?? "none"}), order ${s1(t.orderActivatedS)}, first takedown ${s1(t.firstOrderActionS)}`
                : `${x.actions} actions, alert seen +${x.alertSeenAfterOnsetS} s, order +${x.orderConfirmedAfterOnsetS} s`
            }; exposure p50 ${x.exposureP50S} s p95 ${x.exposureP95S} s max ${x.exposureMaxS} s; ${x.endedOrRefusedShare} % ended or refused (${x.refusedShare} % refused); benign down ${x.benignTakenDown}/${x.benignRooms}; timeline ${x.p0TimelineComplete ? "complete" : "INCOMPLETE"}`,
          );
          runs.push(x);
        } finally {
          await release();
        }
      }
    }
    const metrics: Metric[] = [];
    for (const variant of c.variants) {
      const rs = runs.filter((r) => r.variant === variant);
      const T = CONTAINMENT_TARGETS[variant];
      const label = VARIANT_LABEL[variant];
      metrics.push(
        metric(
          `containment_${variant}_exposure_p95_s`,
          `Bot-room exposure p95${label}`,
          "s",
          rs.map((r) => r.exposureP95S),
          T.exposure,
        ),
        metric(
          `containment_${variant}_exposure_p50_s`,
          `Bot-room exposure p50${label}`,
          "s",
          rs.map((r) => r.exposureP50S),
        ),
        metric(
          `containment_${variant}_exposure_max_s`,
          `Bot-room exposure max${label}`,
          "s",
          rs.map((r) => r.exposureMaxS),
        ),
        metric(
          `containment_${variant}_handled_pct`,
          `Bot rooms ended or refused by ${c.horizonS} s${label}`,
          "%",
          rs.map((r) => r.endedOrRefusedShare),
          T.share,
        ),
        metric(
          `containment_${variant}_benign_pct`,
          `Benign rooms taken down${label}`,
          "%",
          rs.map((r) => r.benignTakenDownShare),
          T.benign,
        ),
        metric(
          `containment_${variant}_actions`,
          variant === "automated" ? `Human actions during the wave${label}` : `Lead's actions${label}`,
          "actions",
          rs.map((r) => r.actions),
          T.actions,
        ),
      );
      if (variant === "automated")
        metrics.push(
          metric(
            "containment_automated_alert_s",
            "Alert opened after onset (automated)",
            "s",
            rs.map((r) => r.timeline?.alertOpenedS ?? c.horizonS),
          ),
          metric(
            "containment_automated_playbook_done_s",
            "Playbook run finished after onset (automated)",
            "s",
            rs.map((r) => r.timeline?.runFinishedS ?? c.horizonS),
          ),
        );
    }
    const where: string[] = [];
    for (const variant of c.variants) {
      const rs = runs.filter((r) => r.variant === variant);
      const mid = medianRun(rs, (r) => r.exposureP95S);
      const name = variant === "automated" ? "automated" : variant === "contended" ? "contended (one core busy)" : "quiet";
      if (variant !== "automated")
        where.push(
          `Median ${name} run: alert seen ${mid.alertSeenAfterOnsetS} s after onset, order confirmed at +${mid.orderConfirmedAfterOnsetS} s; ${mid.botRooms.toLocaleString("en-US")} bot rooms tried to go live (${mid.botRoomsNeverAttempted.toLocaleString("en-US")} never reached by the sender), ${mid.refusedShare} % refused at go-live; exposure max ${mid.exposureMaxS} s; P0 timeline ${mid.p0TimelineComplete ? "complete (alert, order, declaration)" : "incomplete"}.`,
        );
      else
        where.push(
          `Median automated run: ${mid.botRooms.toLocaleString("en-US")} bot rooms tried to go live (${mid.botRoomsNeverAttempted.toLocaleString("en-US")} never reached by the sender), ${mid.refusedShare} % refused at go-live; exposure max ${mid.exposureMaxS} s; incident timeline ${mid.p0TimelineComplete ? "complete (alert, order, playbook, declaration)" : "incomplete"}.`,
          ...automatedWhere(mid),
        );
      where.push(
        `Sender in the median ${name} run: ${mid.sender.sent.toLocaleString("en-US")} events sent, ${mid.sender.accepted.toLocaleString("en-US")} accepted, ${mid.sender.throttled} answers of 429, ${mid.sender.skipped.toLocaleString("en-US")} dropped as late, ${mid.sender.refusedRooms.toLocaleString("en-US")} rooms refused at go-live.`,
        `${name[0].toUpperCase()}${name.slice(1)}: ${cpuLine(mid.cpuSeconds, mid.windowSeconds)}`,
      );
    }
    const head = medianRun(
      runs.filter((r) => r.variant === c.variants[0]),
      (r) => r.exposureP95S,
    );
    return { metrics, runs, where, contention: contention(head.cpuSeconds, head.windowSeconds) };
  });
}

export function interactiveFigure(cfg: Config, provide: Provide): Promise<Figure> {
  const c = cfg.interactive;
  const how = `Each run starts a fresh server. **Saturation** (${c.seconds} s): ${c.senders} senders in the harness POST batches of 500 wave-shaped events (the same 20,000 rooms flagged again and again, every event new) to \`/api/ingest/flags\` one after another as fast as each is answered, waiting out Retry-After on a 429. Meanwhile a probe fires each kind of people's request ${c.probeHz} times a second, open loop, as the demo shift lead: \`wall.snapshot\` (default filter, 50 rooms), \`clusters.list\` (50), \`incidents.get\` and the write \`incidents.addNote\` on an incident declared before, a page load of \`/wall\` (HTML) and a sign-in; **interactive p99** is over all of them together (GET /api/health is timed apart). **Abuse** (${c.seconds} s, right after): the demo moderator sends, on 8 connections at once and back to back, tRPC batches of ten \`wall.snapshot\` calls for 5,000 rooms each; the same probe runs and /api/health is timed. Then, with the abuse still running, the server process is sent SIGTERM and the time until it has exited is taken (deadline 10 s). Percentiles come from 0.1 ms histograms; failed probes are counted apart.`;
  return figure("interactive", "9. People first: interactive requests during saturated ingest and API abuse", how, { ...c }, async () => {
    const runs: InteractiveRun[] = [];
    for (let r = 0; r < cfg.runs; r++) {
      const { server, release } = await provide(`interactive-${r + 1}`);
      try {
        const x = await interactiveRun(server, `IA${r}${Date.now().toString(36)}`, c);
        console.log(
          `  run ${r + 1}: ingest ${x.ingestAcceptedPerSec} events/s (429 ×${x.ingest429}), interactive p99 ${x.interactiveP99} ms; abuse: health p99 ${x.abuse.healthP99} ms, interactive p99 ${x.abuse.interactiveP99} ms, ${x.abuse.abuser429} calls refused with 429; stopped in ${x.stopSeconds} s`,
        );
        runs.push(x);
      } finally {
        await release();
      }
    }
    const metrics: Metric[] = [
      metric(
        "interactive_p99_ms",
        "Interactive p99 during saturated ingest",
        "ms",
        runs.map((r) => r.interactiveP99),
        {
          op: "<=",
          value: 1000,
          text: "interactive work (tRPC queries and mutations, page loads, sign-in) keeps p99 ≤ 1 s while ingest runs at the most this box can take",
        },
      ),
      metric(
        "interactive_p50_ms",
        "Interactive p50 during saturated ingest",
        "ms",
        runs.map((r) => r.interactiveP50),
      ),
      metric(
        "interactive_ingest_events_per_s",
        "Ingest accepted during the saturation",
        "events/s",
        runs.map((r) => r.ingestAcceptedPerSec),
      ),
      metric(
        "abuse_health_p99_ms",
        "Health p99 while one user abuses the API",
        "ms",
        runs.map((r) => r.abuse.healthP99),
        {
          op: "<=",
          value: 200,
          text: "health p99 stays ≤ 200 ms while one user abuses any procedure",
        },
      ),
      metric(
        "abuse_interactive_p99_ms",
        "Others' interactive p99 during the abuse",
        "ms",
        runs.map((r) => r.abuse.interactiveP99),
      ),
      ...(c.stopCheck
        ? [
            metric(
              "abuse_stop_s",
              "SIGTERM → exited, during the abuse",
              "s",
              runs.map((r) => r.stopSeconds ?? 99),
              { op: "<=", value: 10, text: "shutdown finishes within its 10 s deadline" },
            ),
          ]
        : []),
    ];
    const mid = medianRun(runs, (r) => r.interactiveP99);
    const where = [
      `Median run, by kind during the saturation (p50 / p99 ms, failed of requests): ${Object.entries(mid.kinds)
        .map(([k, v]) => `${k} ${v.p50} / ${v.p99}${v.failed ? ` (${v.failed} of ${v.requests} failed)` : ""}`)
        .join("; ")}.`,
      `Ingest in the median run: ${mid.ingestAcceptedPerSec.toLocaleString("en-US")} events/s accepted, ${mid.ingest429} answers of 429 (the admission limit), ${mid.ingest5xx} of 5xx. Abuse: ${mid.abuse.abuserRequests} batches of 10 sent, ${mid.abuse.abuser429} calls refused with 429; health failed ${mid.abuse.healthFailed} times.`,
      cpuLine(mid.cpuSeconds, mid.windowSeconds),
    ];
    return { metrics, runs, where, contention: contention(mid.cpuSeconds, mid.windowSeconds) };
  });
}
