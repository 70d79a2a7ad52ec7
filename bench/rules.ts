// Figure 1b: ingest throughput with 20 enabled response rules against 0, on the same server in the
// same run (A/B, the order alternating run by run). The rules are created through tRPC by the
// demo shift lead, a mix over event, room, account and ring facts; most run in shadow, four
// enforce (the two that take rooms down or ban approved by the second lead). The traffic is the
// ingest figure's (same batch size, shape and sender) with room titles, categories, account ages,
// verification and handle prefixes varied deterministically so the rules have something to find.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { RuleInput } from "../server/contracts/rules";
import type { IngestEventInput } from "../server/contracts/ingest";
import { DEMO, postIngest, signIn, trpc } from "./client";
import { benchEvent } from "./events";
import { BATCH, INGEST_SHAPE, sendBodies, type IngestParams } from "./ingest";
import { cpuSince, cpuSnapshot, OUT, type BenchServer } from "./server";
import { round, sleep } from "./stats";

export const LEAD2 = "lead2@floodwall.local";

export type RulesParams = IngestParams;

type Mode = "SHADOW" | "ENFORCE";
/** What the bench creates: a rule as a lead writes it, and the mode it runs in when enabled. */
export interface BenchRule extends Omit<RuleInput, "description"> {
  description: string;
  mode: Mode;
}

const DESTRUCTIVE = new Set(["TAKE_DOWN", "BAN_ACCOUNT", "CONTAIN_CLUSTER", "SET_CONTROL"]);

/**
 * Twenty rules a trust-and-safety team might plausibly run: string operations on attacker-written
 * titles and handles, `in` lists, two `matches` with literal patterns, numeric thresholds, ring
 * facts. The four enforcing ones match a small share of the traffic below (about 1 % of rooms is
 * taken down, a few accounts banned); several shadow ones match more, as rules under trial do.
 */
export const BENCH_RULES: BenchRule[] = [
  {
    name: "Adult bait title, confident flag",
    description: "The '[18+] free' lure with a confident flag: the room comes down.",
    expression: String.raw`room.title.matches("^\\[18\\+\\] free") && event.score >= 0.8`,
    action: { kind: "TAKE_DOWN" },
    ceilingPerMin: 10_000,
    mode: "ENFORCE",
  },
  {
    name: "New promo account with an off-platform link",
    description: "Accounts under a day old that advertise a messenger link or use a promo handle are banned.",
    expression: `account.ageHours < 24.0 && (room.title.contains("t.me/") || account.handle.startsWith("promo_")) && event.score >= 0.7`,
    action: { kind: "BAN_ACCOUNT" },
    ceilingPerMin: 2_000,
    mode: "ENFORCE",
  },
  {
    name: "Violence or hate on a big stream",
    description: "Very confident violence or hate flags in front of 500+ viewers go to the top of the wall.",
    expression: `event.label in ["violence", "hate"] && event.score >= 0.97 && room.viewers >= 500`,
    action: { kind: "RAISE_PRIORITY", to: 0.95 },
    ceilingPerMin: 20_000,
    mode: "ENFORCE",
  },
  {
    name: "Crypto fraud on a young account",
    description: "Fraud flags in the crypto category from accounts under three days old need a person.",
    expression: `room.category == "crypto" && event.label == "fraud" && account.ageHours < 72.0`,
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 2_000,
    mode: "ENFORCE",
  },
  {
    name: "Hate, high confidence",
    description: "Trial: would every confident hate flag need review?",
    expression: `event.label == "hate" && event.score >= 0.9`,
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Giveaway bait on a big stream",
    description: "Trial: giveaway titles with 700+ viewers.",
    expression: `room.title.lowerAscii().contains("giveaway") && room.viewers > 700`,
    action: { kind: "RAISE_PRIORITY", to: 0.9 },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Casino bonus hunts",
    description: "Trial: gambling flags on casino bonus streams.",
    expression: `room.title.matches("(?:casino|slots) .*bonus") && event.label == "gambling"`,
    action: { kind: "TAKE_DOWN" },
    ceilingPerMin: 1_000,
    mode: "SHADOW",
  },
  {
    name: "Reported sexual or violent, confident",
    description: "Trial: people's reports and rule flags of sexual or violent content above 0.85.",
    expression: `event.source in ["user_report", "rule"] && event.label in ["sexual", "violence"] && event.score > 0.85`,
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Brand-new unverified account",
    description: "Trial: anything flagged from an unverified account under a day old.",
    expression: `account.ageHours < 24.0 && !account.verified`,
    action: { kind: "RAISE_PRIORITY", to: 0.9 },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Fast-growing ring",
    description: "Trial: contain rings of 20+ that grew by 10+ in five minutes.",
    expression: `cluster.size >= 20 && cluster.growth >= 10`,
    action: { kind: "CONTAIN_CLUSTER", banAccounts: true, refuseGoLive: true },
    ceilingPerMin: 50,
    mode: "SHADOW",
  },
  {
    name: "Ring on the alert",
    description: "Trial: ban accounts of rings of 5+ named by the open attack-wave alert.",
    expression: `cluster.inAlert && cluster.size >= 5`,
    action: { kind: "BAN_ACCOUNT" },
    ceilingPerMin: 1_000,
    mode: "SHADOW",
  },
  {
    name: "Shared device, young account",
    description: "Trial: accounts under three days old on a device three or more accounts use.",
    expression: `account.deviceShared >= 3 && account.ageHours < 72.0`,
    action: { kind: "TAKE_DOWN" },
    ceilingPerMin: 1_000,
    mode: "SHADOW",
  },
  {
    name: "Gambling or fraud in money categories",
    description: "Trial: gambling and fraud flags in casino and crypto rooms.",
    expression: `room.category in ["casino", "crypto"] && event.label in ["gambling", "fraud"]`,
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Repeatedly flagged, high risk",
    description: "Trial: rooms with three or more flags and risk 0.9 or more.",
    expression: `room.flags >= 3 && room.risk >= 0.9`,
    action: { kind: "RAISE_PRIORITY", to: 0.95 },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Gambling in chat",
    description: "Trial: chat rooms that have been flagged for gambling.",
    expression: `"gambling" in room.labels && room.category == "chat"`,
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Instant crowd on an unverified stream",
    description: "Trial: 900+ viewers in the first minute on an unverified account.",
    expression: `room.minutesLive < 1.0 && room.viewers >= 900 && !account.verified`,
    action: { kind: "RAISE_PRIORITY", to: 0.9 },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Casino viewer storm",
    description: "Trial: throttle casino go-lives when a casino stream passes 100,000 peak viewers.",
    expression: `room.peakViewers > 100000 && room.category == "casino"`,
    action: { kind: "SET_CONTROL", scope: { kind: "CATEGORY", value: "casino" }, mode: "THROTTLED", maxStartsPerMin: 60 },
    ceilingPerMin: 10,
    mode: "SHADOW",
  },
  {
    name: "Promo handles",
    description: "Trial: handles starting with promo_ flagged above 0.7.",
    expression: `account.handle.startsWith("promo_") && event.score >= 0.7`,
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Several sources agree",
    description: "Trial: two or more kinds of sender flagged the room, this one very confident.",
    expression: `room.sources.size() >= 2 && event.score >= 0.95`,
    action: { kind: "RAISE_PRIORITY", to: 0.95 },
    ceilingPerMin: 5_000,
    mode: "SHADOW",
  },
  {
    name: "Phone or address farms",
    description: "Trial: five or more accounts on one phone, or fifty on one address.",
    expression: `account.phoneShared >= 5 || account.ipShared >= 50`,
    action: { kind: "TAKE_DOWN" },
    ceilingPerMin: 1_000,
    mode: "SHADOW",
  },
];

// ---- traffic ----

/** A deterministic 32-bit mix of an integer (so neighbouring rooms differ). */
function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

const ORDINARY = [
  "free giveaway live now",
  "Late night chat, come say hi",
  "Ranked grind until diamond",
  "Cooking pasta from scratch",
  "Lo-fi beats to study to",
  "Morning run through the old town",
  "Speedrun practice, any%",
  "Q&A and chill",
];
const CATEGORIES: [number, string][] = [
  [5, "casino"],
  [10, "crypto"],
  [40, "gaming"],
  [60, "music"],
  [75, "irl"],
  [100, "chat"],
];
const HOUR = 3_600_000;

/**
 * The ingest figure's k-th event (same ids, shape, labels, sources and scores), with facts varied
 * per room and account: 1 % of rooms carry the "[18+] free" lure, 1 % a t.me link, 1.5 % a crypto
 * giveaway and 5 % a casino bonus hunt; 5 % are in casino and 5 % in crypto; 3 % of accounts are
 * under a day old, 10 % real-name verified, 2 % have a promo_ handle. Handles stay digit-free and
 * devices unique, so nothing clusters (as in the ingest figure).
 */
export function rulesEvent(tag: string, k: number, at: string, atMs: number): IngestEventInput {
  const e = benchEvent(tag, k, INGEST_SHAPE, at);
  const room = Math.floor(k / INGEST_SHAPE.flagsPerRoom);
  const acct = Math.floor(room / INGEST_SHAPE.roomsPerAccount);
  const t = mix(room) % 1000;
  const c = mix(room + 0x9e3779b9) % 100;
  const a = mix(acct + 0x7f4a7c15) % 1000;
  e.room.title =
    t < 10
      ? "[18+] free private show, link in bio"
      : t < 20
        ? "Free spins tonight: join t.me/luckydrop"
        : t < 35
          ? "Crypto giveaway: send 0.1 get 1 back"
          : t < 85
            ? "Casino slots bonus hunt, max bet"
            : `Bench stream ${room} — ${ORDINARY[t % ORDINARY.length]}`;
  e.room.category = CATEGORIES.find(([upTo]) => c < upTo)![1];
  const fresh = a < 30;
  e.account.registeredAt = new Date(fresh ? atMs - (1 + (a % 20)) * HOUR : atMs - (400 + a) * 24 * HOUR).toISOString();
  e.account.realNameVerified = !fresh && a % 10 === 9;
  if (a % 50 === 7 || a === 13) e.account.handle = e.account.handle.replace(/^viewer_/, "promo_");
  return e;
}

export function rulesBody(tag: string, from: number, n: number): string {
  const atMs = Date.now();
  const at = new Date(atMs).toISOString();
  const events = new Array<IngestEventInput>(n);
  for (let i = 0; i < n; i++) events[i] = rulesEvent(tag, from + i, at, atMs);
  return JSON.stringify({ events });
}

// ---- rules through tRPC ----

export interface RuleSet {
  lead: string;
  lead2: string;
  rules: (BenchRule & { id: string })[];
  /** Rules that were enabled before the figure (the demo's, in shadow): off during it, back after. */
  before: { id: string; mode: string }[];
}

interface ListedRule {
  id: string;
  name: string;
  mode: string;
}

/** Signs in both leads, turns every existing rule off and creates the 20 (off) as the first lead. */
export async function createRuleSet(s: BenchServer): Promise<RuleSet> {
  const lead = await signIn(s, DEMO.LEAD);
  const lead2 = await signIn(s, LEAD2);
  const existing = await trpc<ListedRule[]>(s, lead, "rules.list", undefined, "query");
  const mine = new Map(BENCH_RULES.map((r) => [r.name, r]));
  const before = existing.filter((r) => r.mode !== "OFF" && !mine.has(r.name));
  for (const r of before) await trpc(s, lead, "rules.setMode", { id: r.id, mode: "OFF", reason: "benchmark: 0 against 20 rules" }, "mutation");
  const ids = new Map(existing.map((r) => [r.name, r.id]));
  const rules: RuleSet["rules"] = [];
  for (const r of BENCH_RULES) {
    const { mode: _m, ...input } = r;
    const id = ids.get(r.name) ?? (await trpc<{ id: string }>(s, lead, "rules.create", input, "mutation")).id;
    rules.push({ ...r, id });
  }
  return { lead, lead2, rules, before: before.map((r) => ({ id: r.id, mode: r.mode })) };
}

/** All 20 on (16 shadow, 4 enforcing, destructive ones approved by the second lead) or all off; rules already so are left alone. */
export async function switchRules(s: BenchServer, set: RuleSet, on: boolean) {
  const reason = on ? "benchmark: 20 rules on" : "benchmark: 0 rules";
  const modes = async () => new Map((await trpc<ListedRule[]>(s, set.lead, "rules.list", undefined, "query")).map((r) => [r.id, r.mode]));
  const now = await modes();
  for (const r of set.rules) {
    const want = on ? r.mode : "OFF";
    if (now.get(r.id) === want) continue;
    if (want !== "ENFORCE") {
      await trpc(s, set.lead, "rules.setMode", { id: r.id, mode: want, reason }, "mutation");
      continue;
    }
    await trpc(s, set.lead, "rules.requestEnforce", { id: r.id, reason }, "mutation");
    if (DESTRUCTIVE.has(r.action.kind))
      await trpc(s, set.lead2, "rules.decideEnforce", { id: r.id, approve: true, reason: "benchmark: second pair of eyes" }, "mutation");
  }
  const listed = await modes();
  const enabled = [...listed.values()].filter((m) => m !== "OFF").length;
  const want = on ? set.rules.length : 0;
  const wrong = set.rules.filter((r) => listed.get(r.id) !== (on ? r.mode : "OFF"));
  if (enabled !== want || wrong.length)
    throw new Error(`rules: expected ${want} enabled, found ${enabled} (${wrong.map((r) => r.name).join(", ") || "others"})`);
  // The engine reloads on every change and every 2 s; a change made during a load is seen by the next.
  await sleep(2500);
}

/** Leaves a shared server as it was found: the figure's rules off, the earlier ones back on. */
export async function restoreRules(s: BenchServer, set: RuleSet) {
  for (const r of set.rules) await trpc(s, set.lead, "rules.setMode", { id: r.id, mode: "OFF", reason: "benchmark done" }, "mutation").catch(() => {});
  for (const r of set.before)
    if (r.mode === "SHADOW") await trpc(s, set.lead, "rules.setMode", { id: r.id, mode: "SHADOW", reason: "benchmark done" }, "mutation").catch(() => {});
}

// ---- measurement ----

/** Running totals the timing hook writes (bench/rules-hook.mjs): wall-clock ms inside RulesEngine.evaluate. */
export interface RulesTiming {
  calls: number;
  flags: number;
  judged: number;
  hits: number;
  acted: number;
  evaluateMs: number;
  factsMs: number;
  judgeMs: number;
  /** Hit-recording / acting transactions, from asking the pool for a client to releasing it. */
  actMs: number;
  actTransactions: number;
  marksMs: number;
  otherQueryMs: number;
  /** Evaluations: batches that arrive while one runs are judged together (0 before grouping). */
  groups: number;
}

/** Environment that loads the timing hook into the server (see rules-hook.mjs). */
export function timingEnv(file: string): Record<string, string> {
  const hook = new URL("./rules-hook.mjs", import.meta.url).href;
  return { NODE_OPTIONS: `--import ${hook}`, BENCH_RULES_TIMING_FILE: file };
}
export const timingFile = () => path.join(OUT, "rules-timing.json");

function readTiming(file: string | null): RulesTiming | null {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RulesTiming;
  } catch {
    return null;
  }
}

function diffTiming(a: RulesTiming | null, b: RulesTiming | null): RulesTiming | null {
  if (!b) return null;
  const out = { ...b };
  for (const k of Object.keys(b) as (keyof RulesTiming)[]) out[k] = round(b[k] - (a?.[k] ?? 0), 1);
  return out;
}

/** Waits (at most `maxMs`) until the server and Postgres use under a fifth of a core: the last phase's after-work done. */
async function waitQuiet(s: BenchServer, maxMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    const a = cpuSnapshot({ server: s.wrapperPid });
    await sleep(1000);
    const c = cpuSince(a, cpuSnapshot({ server: s.wrapperPid }));
    if ((c.server ?? 0) + (c.postgres ?? 0) < 0.2) break;
  }
  return round((Date.now() - t0) / 1000, 1);
}

export interface RulesPhase {
  rules: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  requests: number;
  failedRequests: number;
  postMeanMs: number;
  /** Hits recorded on this phase's rooms, of them shadow ("would") and acted. */
  hits: number;
  shadowHits: number;
  acted: number;
  rooms: number;
  /** Seconds waited before the phase for the previous one's after-work (clustering, deliveries). */
  settledS: number;
  cpuSeconds: Record<string, number>;
  timing: RulesTiming | null;
}

export interface RulesRun {
  order: "0 then 20" | "20 then 0";
  off: RulesPhase;
  on: RulesPhase;
  ratio: number;
  /** Hits per rule name in this run's 20-rule phase. */
  perRule: Record<string, { hits: number; acted: number }>;
}

/** A few batches with the rules on and off so both paths are compiled and warm before timing. */
export async function warmRules(s: BenchServer, set: RuleSet) {
  for (const on of [true, false]) {
    await switchRules(s, set, on);
    for (let i = 0; i < 5; i++) await postIngest(s, rulesBody(`RW${on ? 1 : 0}`, i * BATCH, BATCH));
  }
}

/** One phase: the rules switched on or off, quiet, then the ingest measurement; `mark` is told when sending starts and ends. */
export async function rulesPhase(
  s: BenchServer,
  set: RuleSet,
  db: pg.Client,
  tag: string,
  on: boolean,
  p: RulesParams,
  timing: string | null,
  mark?: (edge: "start" | "end") => void,
): Promise<RulesPhase> {
  await switchRules(s, set, on);
  const settledS = await waitQuiet(s, 30_000);
  const count = Math.ceil((p.seconds * p.maxRate) / BATCH);
  const bodies = Array.from({ length: count }, (_, i) => rulesBody(tag, i * BATCH, BATCH));
  const t0 = readTiming(timing);
  const cpu0 = cpuSnapshot({ server: s.wrapperPid, harness: process.pid });
  mark?.("start");
  const sent = await sendBodies(s, bodies, p.seconds, p.concurrency);
  mark?.("end");
  const cpuSeconds = cpuSince(cpu0, cpuSnapshot({ server: s.wrapperPid, harness: process.pid }));
  await sleep(timing ? 500 : 0); // the hook writes its totals every 200 ms
  const t1 = readTiming(timing);
  if (sent.events === 0) throw new Error(`rules: nothing accepted (${sent.failed} of ${sent.requests} requests failed)`);
  const h = (
    await db.query<{ hits: number; shadow: number; acted: number }>(
      `SELECT count(*)::int AS hits, count(*) FILTER (WHERE mode = 'SHADOW')::int AS shadow, count(*) FILTER (WHERE outcome = 'acted')::int AS acted
       FROM rule_hits WHERE "roomId" LIKE $1`,
      [`${tag}-r%`],
    )
  ).rows[0];
  return {
    rules: on ? set.rules.length : 0,
    events: sent.events,
    seconds: round(sent.seconds),
    eventsPerSec: round(sent.events / sent.seconds, 0),
    requests: sent.requests,
    failedRequests: sent.failed,
    postMeanMs: round(sent.postMsTotal / Math.max(1, sent.requests), 1),
    hits: h.hits,
    shadowHits: h.shadow,
    acted: h.acted,
    rooms: Math.ceil(sent.events / INGEST_SHAPE.flagsPerRoom),
    settledS,
    cpuSeconds,
    timing: diffTiming(t0, t1),
  };
}

/** One A/B run: 0 rules then 20, or 20 then 0 (`onFirst`), each phase on fresh rooms. */
export async function rulesRun(s: BenchServer, set: RuleSet, tag: string, p: RulesParams, onFirst: boolean, timing: string | null): Promise<RulesRun> {
  const db = new pg.Client({ connectionString: s.pgUrl });
  await db.connect();
  try {
    const first = await rulesPhase(s, set, db, `${tag}${onFirst ? "on" : "off"}`, onFirst, p, timing);
    const second = await rulesPhase(s, set, db, `${tag}${onFirst ? "off" : "on"}`, !onFirst, p, timing);
    const [on, off] = onFirst ? [first, second] : [second, first];
    const per = await db.query<{ name: string; hits: number; acted: number }>(
      `SELECT r.name, count(h.*)::int AS hits, count(h.*) FILTER (WHERE h.outcome = 'acted')::int AS acted
       FROM rules r LEFT JOIN rule_hits h ON h."ruleId" = r.id AND h."roomId" LIKE $1
       WHERE r.name = ANY($2::text[]) GROUP BY r.name ORDER BY 2 DESC, 1`,
      [`${tag}on-r%`, set.rules.map((r) => r.name)],
    );
    return {
      order: onFirst ? "20 then 0" : "0 then 20",
      off,
      on,
      ratio: round(on.eventsPerSec / off.eventsPerSec),
      perRule: Object.fromEntries(per.rows.map((r) => [r.name, { hits: r.hits, acted: r.acted }])),
    };
  } finally {
    await db.end();
  }
}

export function clearTiming(file: string) {
  rmSync(file, { force: true });
}
