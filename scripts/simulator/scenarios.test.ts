import { describe, expect, it } from "vitest";
import { ZIngestEvent, type IngestEventInput } from "../../server/contracts/ingest";
import { BOT_LABELS, RING_PROFILES } from "./content";
import { createScenario, scenarioTruth } from "./scenarios";

const START = Date.UTC(2025, 11, 22, 14, 0, 0);

interface Seen {
  atMs: number;
  event: IngestEventInput;
}
function collect(batches: Iterable<{ atMs: number; events: IngestEventInput[] }>, limit = Infinity): Seen[] {
  const out: Seen[] = [];
  for (const b of batches) {
    for (const event of b.events) out.push({ atMs: b.atMs, event });
    if (out.length >= limit) break;
  }
  return out;
}
/** Counts per whole second of the schedule. */
function perSecond(items: Seen[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const { atMs } of items) m.set(Math.floor(atMs / 1000), (m.get(Math.floor(atMs / 1000)) ?? 0) + 1);
  return m;
}

describe("wave scenario", () => {
  const wave = createScenario("wave", { seed: 11, startTime: START });
  const pop = wave.population!;
  const botIds = new Set(pop.bots.map((b) => b.account.id));
  const all = collect(wave.batches());
  const bots = all.filter((s) => botIds.has(s.event.account.id));
  const onset = wave.onsetOffsetMs!;

  it("reports its onset and ramp", () => {
    expect(onset).toBe(15_000);
    expect(wave.onsetAt).toBe(START + 15_000);
    expect(wave.rampMs).toBe(60_000);
    const truth = scenarioTruth(wave);
    expect(truth.onsetAt).toBe(new Date(START + 15_000).toISOString());
    expect(truth.rings).toHaveLength(12);
    expect(truth.benignSharedIp?.accountIds.length).toBeGreaterThanOrEqual(300);
    expect(JSON.parse(JSON.stringify(truth))).toEqual(truth);
  });

  it("starts bot traffic exactly at the onset, with benign background before it", () => {
    expect(bots.length).toBeGreaterThan(50_000);
    expect(Math.min(...bots.map((b) => b.atMs))).toBe(onset);
    expect(bots.filter((b) => Date.parse(b.event.occurredAt) < wave.onsetAt!)).toHaveLength(0);
    expect(bots.find((b) => b.atMs === onset)?.event.occurredAt).toBe(new Date(wave.onsetAt!).toISOString());
    const before = all.filter((s) => s.atMs < onset);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => !botIds.has(s.event.account.id))).toBe(true);
  });

  it("ramps bot rooms up over about 60 s and then runs at the requested rate", () => {
    const firstFlag = new Map<string, number>();
    for (const b of bots) if (!firstFlag.has(b.event.room.id)) firstFlag.set(b.event.room.id, b.atMs - onset);
    const shareBy = (ms: number) => [...firstFlag.values()].filter((t) => t < ms).length / pop.bots.length;
    expect(shareBy(10_000)).toBeLessThan(0.25);
    expect(shareBy(30_000)).toBeGreaterThan(0.25);
    expect(shareBy(30_000)).toBeLessThan(0.8);
    expect(shareBy(50_000)).toBeLessThan(1);
    expect(shareBy(65_000)).toBe(1);

    const botRate = perSecond(bots);
    const at = (s: number) => botRate.get(onset / 1000 + s) ?? 0;
    expect(at(5)).toBeLessThan(at(30));
    expect(at(30)).toBeLessThan(at(58));
    // Plateau: whole-run rate within 3 % of --rate.
    const total = perSecond(all);
    for (let s = 80; s < 90; s++) expect(Math.abs((total.get(s) ?? 0) - 2000)).toBeLessThanOrEqual(60);
  });

  it("never flags a room before it went live, keeps eventIds unique and emits valid events", () => {
    const started = new Map([...pop.bots, ...pop.benign].map((m) => [m.room.id, m.room.startedAtMs]));
    expect(all.filter(({ event }) => Date.parse(event.occurredAt) < started.get(event.room.id)!)).toEqual([]);
    expect(new Set(all.map((s) => s.event.eventId)).size).toBe(all.length);
    for (let i = 0; i < all.length; i += 97) expect(ZIngestEvent.safeParse(all[i].event).success).toBe(true);
  });

  it("replays identically for the same seed", () => {
    const again = collect(createScenario("wave", { seed: 11, startTime: START }).batches(), 5_000);
    expect(again.map((s) => [s.atMs, s.event.eventId, s.event.room.id, s.event.score])).toEqual(
      all.slice(0, again.length).map((s) => [s.atMs, s.event.eventId, s.event.room.id, s.event.score]),
    );
  });
});

describe("steady scenario", () => {
  const steady = createScenario("steady", { seed: 5, startTime: START, durationSec: 600 });
  const all = collect(steady.batches());

  it("runs at the requested rate with no bursts", () => {
    expect(steady.onsetAt).toBeNull();
    expect(all.length).toBe(20 * 600);
    for (const n of perSecond(all).values()) expect(n).toBe(20);
    expect(new Set(all.map((s) => s.event.eventId)).size).toBe(all.length);
  });

  it("has no ring: no shared device, phone or address block, no ring handles", () => {
    const accounts = new Map(all.map((s) => [s.event.account.id, s.event.account]));
    expect(accounts.size).toBeGreaterThan(250);
    const count = (key: (a: IngestEventInput["account"]) => string | undefined) => {
      const m = new Map<string, number>();
      for (const a of accounts.values()) {
        const k = key(a);
        if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
      }
      return Math.max(0, ...m.values());
    };
    expect(count((a) => a.deviceId)).toBe(1);
    expect(count((a) => a.phoneHash)).toBe(1);
    expect(count((a) => a.ip?.split(".").slice(0, 3).join("."))).toBeLessThanOrEqual(2);
    for (const a of accounts.values()) for (const p of RING_PROFILES) expect(p.pattern.test(a.handle)).toBe(false);
  });

  it("starts rooms one at a time and keeps bad rooms to a handful", () => {
    const rooms = new Map(all.map((s) => [s.event.room.id, Date.parse(s.event.room.startedAt)]));
    const starts = [...rooms.values()].filter((t) => t >= START).sort((a, b) => a - b);
    // Ordinary churn (a few rooms a minute), nothing like a ring's hundreds per second.
    expect(starts.length).toBeGreaterThan(50);
    const windowMax = Math.max(0, ...starts.map((t, i) => starts.filter((u, j) => j >= i && u < t + 10_000).length));
    expect(windowMax).toBeLessThanOrEqual(12);
    // High-confidence prohibited-content flags: a handful of rooms per minute at most.
    for (let minute = 0; minute < 10; minute++) {
      const bad = new Set(
        all
          .filter((s) => s.atMs >= minute * 60_000 && s.atMs < (minute + 1) * 60_000)
          .filter((s) => s.event.score >= 0.6 && (BOT_LABELS as readonly string[]).includes(s.event.label))
          .map((s) => s.event.room.id),
      );
      // A few lone bad rooms plus borderline false positives; a wave brings thousands.
      expect(bad.size).toBeLessThanOrEqual(40);
    }
    expect(all.some((s) => s.event.source === "engagement" && s.event.score >= 0.6)).toBe(false);
  });

  it("runs forever without a duration", () => {
    const forever = createScenario("steady", { seed: 5, startTime: START });
    expect(forever.durationMs).toBeNull();
    const first = collect(forever.batches(), 20 * 1_200);
    expect(first.at(-1)!.atMs).toBeGreaterThanOrEqual(1_199_000);
  });
});
