import { describe, expect, it } from "vitest";
import type { IngestEventInput } from "../../server/contracts/ingest";
import { RING_PROFILES } from "./content";
import { eventIdFactory, toIngestEvent } from "./events";
import { buildPopulation, makeBenignMember } from "./population";
import { createRng } from "./rng";
import { createScenario } from "./scenarios";

// Viewer counts are what the executive figures add up (peak viewers on flagged rooms, viewer-
// minutes exposed, "viewers now" in previews), so the simulator must keep them plausible: most
// rooms tens to hundreds, a few thousands, bought viewers a jump to a few thousand — and nothing
// that compounds as a room keeps being flagged.

const START = Date.UTC(2025, 11, 22, 14, 0, 0);
const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

describe("viewer counts of a wave population", () => {
  const pop = buildPopulation({ seed: 42, onsetAt: START });
  const counts = sorted([...pop.bots, ...pop.benign].map((m) => m.room.viewerCount));

  it("are heavy-tailed: median in the tens, 99th percentile in the hundreds to low thousands", () => {
    expect(quantile(counts, 0.5)).toBeGreaterThanOrEqual(10);
    expect(quantile(counts, 0.5)).toBeLessThan(500);
    expect(quantile(counts, 0.99)).toBeLessThan(10_000);
    expect(counts.at(-1)).toBeLessThanOrEqual(25_000);
    // Ordinary streams: median e^4 ≈ 55, with a real tail.
    const benign = sorted(pop.benign.map((m) => m.room.viewerCount));
    expect(quantile(benign, 0.5)).toBeGreaterThanOrEqual(20);
    expect(quantile(benign, 0.5)).toBeLessThan(200);
    expect(benign.at(-1)).toBeGreaterThan(1_000);
  });
});

describe("viewer counts over the events of a full 90 s wave", () => {
  const wave = createScenario("wave", { seed: 11, startTime: START });
  const pop = wave.population!;
  const buyers = new Set(pop.bots.filter((b) => b.buysViewers).map((b) => b.room.id));
  const bots = new Set(pop.bots.map((b) => b.room.id));
  const byRoom = new Map<string, IngestEventInput[]>();
  for (const batch of wave.batches())
    for (const e of batch.events) {
      const list = byRoom.get(e.room.id);
      if (list) list.push(e);
      else byRoom.set(e.room.id, [e]);
    }
  // The order the room's events were made in (batches are shuffled): ids count up.
  const serial = (e: IngestEventInput) => Number(e.eventId.slice(e.eventId.lastIndexOf("w") + 1));
  for (const list of byRoom.values()) list.sort((a, b) => serial(a) - serial(b));
  const latest = sorted([...byRoom.values()].map((l) => l[l.length - 1].room.viewerCount));
  const everyCount = [...byRoom.values()].flatMap((l) => l.map((e) => e.room.viewerCount));

  it("stay plausible per room at the end of the wave: median tens to hundreds, p99 below 10,000", () => {
    expect(byRoom.size).toBeGreaterThan(19_000);
    expect(quantile(latest, 0.5)).toBeGreaterThanOrEqual(10);
    expect(quantile(latest, 0.5)).toBeLessThan(500);
    expect(quantile(latest, 0.99)).toBeLessThan(10_000);
    // A few thousands: the rooms of rings that buy viewers.
    const thousands = latest.filter((v) => v >= 1_000).length / latest.length;
    expect(thousands).toBeGreaterThan(0.05);
    expect(thousands).toBeLessThan(0.4);
  });

  it("never report a count beyond a few thousand for a bot, or beyond the largest real audience for anyone", () => {
    const botMax = Math.max(...[...byRoom].filter(([id]) => bots.has(id)).flatMap(([, l]) => l.map((e) => e.room.viewerCount)));
    expect(botMax).toBeLessThanOrEqual(8_000);
    expect(Math.max(...everyCount)).toBeLessThanOrEqual(50_000);
  });

  it("add up to millions on ~20,000 rooms, not hundreds of millions", () => {
    // What "viewers on flagged rooms" would read if every room were flagged and live at once.
    const total = latest.reduce((s, v) => s + v, 0);
    expect(total).toBeGreaterThan(1_000_000);
    expect(total).toBeLessThan(20_000_000);
  });

  it("jump only in the rings that buy viewers, and each first purchase is a jump the ingest path recognises", () => {
    const engaged = [...byRoom].filter(([id, l]) => bots.has(id) && l.some((e) => e.source === "engagement"));
    expect(engaged.length).toBeGreaterThan(1_000);
    expect(engaged.every(([id]) => buyers.has(id))).toBe(true);
    expect(RING_PROFILES.filter((p) => p.buysViewers).length).toBeLessThan(RING_PROFILES.length / 2);
    for (const [, list] of engaged) {
      const i = list.findIndex((e) => e.source === "engagement");
      const now = list[i].room.viewerCount;
      expect(now).toBeGreaterThanOrEqual(500);
      if (i > 0) expect(now).toBeGreaterThan(5 * list[i - 1].room.viewerCount);
    }
  });
});

describe("a room flagged again and again", () => {
  it("does not compound: 20,000 flags later a buying bot and a benign room stay in their range", () => {
    const pop = buildPopulation({ seed: 5, onsetAt: START, botCount: 400, ringCount: 12, benignCount: 10, sharedIpCount: 2 });
    const bot = pop.bots.find((b) => b.buysViewers)!;
    const rng = createRng(3);
    const benign = makeBenignMember(rng, { accountId: "a-1", roomId: "r-1", now: START, startedAtMs: START });
    benign.room.audience = 2_000; // a popular stream: raids scale with the audience
    const nextId = eventIdFactory(5, "c");
    const seen = { bot: [] as number[], benign: [] as number[] };
    for (let i = 0; i < 20_000; i++) {
      seen.bot.push(toIngestEvent(bot, START + i, rng, nextId()).room.viewerCount);
      seen.benign.push(toIngestEvent(benign, START + i, rng, nextId()).room.viewerCount);
    }
    expect(Math.max(...seen.bot)).toBeLessThanOrEqual(8_000);
    expect(Math.max(...seen.benign)).toBeLessThanOrEqual(Math.ceil((2_000 * 1.8 + 50) * 1.1));
    expect(Math.min(...seen.benign.slice(-1000))).toBeGreaterThanOrEqual(2_000 * 0.9);
  });
});
