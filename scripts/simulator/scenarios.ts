// Traffic scenarios as plain generators of time-stamped batches. Generation is pure CPU and
// knows nothing about wall time: the client paces batches in real time, tests just iterate.
import type { IngestEventInput } from "../../server/contracts/ingest";
import { createRng, type Rng } from "./rng";
import { buildPopulation, makeBenignMember, makeLowGradeMember, type Population, type SimMember } from "./population";
import { eventIdFactory, toIngestEvent } from "./events";

export const SCENARIOS = ["steady", "wave"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioBatch {
  /** Milliseconds after the scenario start at which these events are due. */
  atMs: number;
  events: IngestEventInput[];
}
export interface ScenarioOptions {
  seed: number;
  /** Events per second (at the wave's peak for `wave`). Defaults: steady 20, wave 2000. */
  rate?: number;
  /** Seconds. Defaults: steady runs forever, wave 90. */
  durationSec?: number | null;
  /** Epoch ms of the scenario start (default: now); occurredAt = startTime + atMs. */
  startTime?: number;
  /** Generation step. Defaults: steady 250 ms, wave 100 ms. */
  tickMs?: number;
}
export interface Scenario {
  name: ScenarioName;
  seed: number;
  rate: number;
  startTime: number;
  /** null: runs until the consumer stops. */
  durationMs: number | null;
  tickMs: number;
  /** wave: ms after start when the first bot room goes live; null for steady. */
  onsetOffsetMs: number | null;
  /** wave: epoch ms of the onset (startTime + onsetOffsetMs). */
  onsetAt: number | null;
  /** wave: bot rooms go live over this window after the onset. */
  rampMs: number | null;
  population: Population | null;
  /** A fresh, deterministic stream of batches each call. */
  batches(): Generator<ScenarioBatch>;
}
/** What --truth writes: the answer key for clustering and detection tests. */
export interface ScenarioTruth {
  scenario: ScenarioName;
  seed: number;
  startedAt: string;
  onsetAt: string | null;
  rampEndAt: string | null;
  rings: { ringId: string; accountIds: string[] }[];
  benignSharedIp: { ip: string; accountIds: string[] } | null;
}

const DEFAULTS = { steady: { rate: 20, durationSec: null, tickMs: 250 }, wave: { rate: 2000, durationSec: 90, tickMs: 100 } } as const;

export function createScenario(name: ScenarioName, opts: ScenarioOptions): Scenario {
  const d = DEFAULTS[name];
  const rate = opts.rate ?? d.rate;
  const durationSec = opts.durationSec === undefined ? d.durationSec : opts.durationSec;
  const base = {
    name,
    seed: opts.seed >>> 0,
    rate,
    startTime: opts.startTime ?? Date.now(),
    durationMs: durationSec === null ? null : Math.round(durationSec * 1000),
    tickMs: opts.tickMs ?? d.tickMs,
  };
  if (!(rate > 0)) throw new RangeError("rate must be > 0");
  if (name === "steady") return { ...base, onsetOffsetMs: null, onsetAt: null, rampMs: null, population: null, batches: () => steadyBatches(base) };

  const durationMs = base.durationMs ?? 90_000;
  // Some quiet background first (a detector needs a baseline), then a ramp of up to 60 s.
  const onsetOffsetMs = Math.max(base.tickMs, Math.min(15_000, Math.round(durationMs / 6 / base.tickMs) * base.tickMs));
  const rampMs = Math.max(base.tickMs, Math.min(60_000, durationMs - onsetOffsetMs));
  const onsetAt = base.startTime + onsetOffsetMs;
  const population = buildPopulation({ seed: base.seed, onsetAt, rampMs });
  const scenario: Scenario = { ...base, durationMs, onsetOffsetMs, onsetAt, rampMs, population, batches: () => waveBatches(scenario) };
  return scenario;
}

export function scenarioTruth(s: Scenario): ScenarioTruth {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    scenario: s.name,
    seed: s.seed,
    startedAt: new Date(s.startTime).toISOString(),
    onsetAt: iso(s.onsetAt),
    rampEndAt: s.onsetAt === null || s.rampMs === null ? null : iso(s.onsetAt + s.rampMs),
    rings: s.population?.rings ?? [],
    benignSharedIp: s.population?.sharedIp ?? null,
  };
}

// Share of the wave's rate spent on benign background; the rest is the bots' at full strength.
const WAVE_BENIGN_SHARE = 0.04;

function* waveBatches(s: Scenario): Generator<ScenarioBatch> {
  // The population is mutated (viewer counts), so every replay starts from a fresh copy.
  const pop = buildPopulation({ seed: s.seed, onsetAt: s.onsetAt!, rampMs: s.rampMs! });
  const rng = createRng(s.seed).fork("wave-traffic");
  const nextId = eventIdFactory(s.seed, "w");
  const { bots, benign } = pop;
  const benignRate = s.rate * WAVE_BENIGN_SHARE;
  const botPeakRate = s.rate - benignRate;
  let live = 0; // bots[0, live) have gone live (bots are sorted by start time)
  let unflagged = 0; // bots[unflagged, live) went live but have not been flagged yet
  let benignCarry = 0;
  let botCarry = 0;
  for (let atMs = 0; atMs < s.durationMs!; atMs += s.tickMs) {
    const now = s.startTime + atMs;
    while (live < bots.length && bots[live].room.startedAtMs <= now) live++;
    const dt = s.tickMs / 1000;
    benignCarry += benignRate * dt;
    // The bots' rate follows how many of their rooms are live: the ramp.
    botCarry += botPeakRate * (live / bots.length) * dt;
    const events: IngestEventInput[] = [];
    const emit = (m: SimMember) => events.push(toIngestEvent(m, now - rng.int(0, s.tickMs - 1), rng, nextId()));
    for (; benignCarry >= 1; benignCarry--) emit(rng.pick(benign));
    // The first bot room is flagged the moment it goes live, so onset is visible in the data.
    if (live > 0 && unflagged === 0 && botCarry < 1) botCarry = 1;
    for (; botCarry >= 1; botCarry--) {
      // New rooms get their first flag before old ones get more: every bot shows up early.
      emit(unflagged < live ? bots[unflagged++] : bots[rng.int(0, live - 1)]);
    }
    if (events.length > 0) yield { atMs, events: rng.shuffle(events) };
  }
}

interface SteadyBase {
  seed: number;
  rate: number;
  startTime: number;
  durationMs: number | null;
  tickMs: number;
}

// Steady platform: a few hundred ordinary rooms and a handful of lone bad ones, rooms ending
// and new ones starting one at a time. Nothing shared, nothing synchronized.
const STEADY_BENIGN_ROOMS = 300;
const STEADY_BAD_ROOMS = 6;
const BENIGN_LIFETIME_MS = 20 * 60_000;
const BAD_LIFETIME_MS = 5 * 60_000;

function* steadyBatches(s: SteadyBase): Generator<ScenarioBatch> {
  const rng = createRng(s.seed).fork("steady");
  const nextId = eventIdFactory(s.seed, "s");
  let serial = 0;
  const spawn = (bad: boolean, startedAtMs: number, r: Rng): SimMember => {
    const n = ++serial;
    const spec = { accountId: `acct-${s.seed}-s${n}`, roomId: `room-${s.seed}-s${n}`, now: startedAtMs, startedAtMs };
    return bad ? makeLowGradeMember(r, spec) : makeBenignMember(r, spec);
  };
  const benign = Array.from({ length: STEADY_BENIGN_ROOMS }, () => spawn(false, s.startTime - rng.int(60_000, 2 * 3_600_000), rng));
  const bad = Array.from({ length: STEADY_BAD_ROOMS }, () => spawn(true, s.startTime - rng.int(60_000, 30 * 60_000), rng));
  let carry = 0;
  for (let atMs = 0; s.durationMs === null || atMs < s.durationMs; atMs += s.tickMs) {
    const now = s.startTime + atMs;
    // Rooms end at random (exponential lifetimes) and are replaced by fresh ones.
    for (let i = 0; i < benign.length; i++) if (rng.chance(s.tickMs / BENIGN_LIFETIME_MS)) benign[i] = spawn(false, now, rng);
    for (let i = 0; i < bad.length; i++) if (rng.chance(s.tickMs / BAD_LIFETIME_MS)) bad[i] = spawn(true, now, rng);
    carry += (s.rate * s.tickMs) / 1000;
    const events: IngestEventInput[] = [];
    for (; carry >= 1; carry--) {
      const m = rng.chance(0.85) ? rng.pick(benign) : rng.pick(bad);
      events.push(toIngestEvent(m, now - rng.int(0, s.tickMs - 1), rng, nextId()));
    }
    if (events.length > 0) yield { atMs, events };
  }
}
