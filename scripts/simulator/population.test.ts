import { describe, expect, it } from "vitest";
import { ZIngestEvent, type IngestEventInput } from "../../server/contracts/ingest";
import { buildPopulation, type SimMember } from "./population";
import { eventIdFactory, toIngestEvent } from "./events";
import { createRng } from "./rng";
import { RING_PROFILES } from "./content";

const ONSET = Date.UTC(2025, 11, 22, 14, 0, 0);
const pop = buildPopulation({ seed: 42, onsetAt: ONSET });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("buildPopulation", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const again = buildPopulation({ seed: 42, onsetAt: ONSET });
    expect(again).toEqual(pop);
    const other = buildPopulation({ seed: 43, onsetAt: ONSET });
    expect(other.bots.map((b) => b.account.handle)).not.toEqual(pop.bots.map((b) => b.account.handle));
  });

  it("builds the whole population well under a second", () => {
    const t = performance.now();
    buildPopulation({ seed: 7, onsetAt: ONSET });
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it("has 17,000 bots in 12 rings of 400–3,000 and 3,000 benign accounts", () => {
    expect(pop.rings).toHaveLength(12);
    const sizes = pop.rings.map((r) => r.accountIds.length);
    for (const n of sizes) {
      expect(n).toBeGreaterThanOrEqual(400);
      expect(n).toBeLessThanOrEqual(3000);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(17_000);
    expect(new Set(sizes).size).toBeGreaterThan(6); // varied, not equal slices
    expect(pop.bots).toHaveLength(17_000);
    expect(pop.benign).toHaveLength(3_000);
    const ids = [...pop.bots, ...pop.benign].map((m) => m.account.id);
    expect(new Set(ids).size).toBe(20_000);
    expect(new Set([...pop.bots, ...pop.benign].map((m) => m.room.id)).size).toBe(20_000);
    // Truth matches the members.
    const byId = new Map(pop.bots.map((b) => [b.account.id, b]));
    for (const r of pop.rings) for (const id of r.accountIds) expect(byId.get(id)?.ringId).toBe(r.ringId);
  });

  it("gives every ring its own shared signals", () => {
    const blocks = new Set<string>();
    for (const ring of pop.rings) {
      const members = pop.bots.filter((b) => b.ringId === ring.ringId);
      const devices = new Set(members.map((m) => m.account.deviceId));
      expect(devices.size).toBeLessThanOrEqual(Math.ceil(members.length / 15));
      // One /24 (IPv4) or one /48 (IPv6) per ring.
      const ringBlocks = new Set(members.map((m) => block(m.account.ip!)));
      expect(ringBlocks.size).toBe(1);
      const [b] = ringBlocks;
      expect(blocks.has(b)).toBe(false);
      blocks.add(b);
      const reg = members.map((m) => Date.parse(m.account.registeredAt));
      expect(Math.max(...reg) - Math.min(...reg)).toBeLessThanOrEqual(8 * 60_000);
      expect(ONSET - Math.max(...reg)).toBeGreaterThanOrEqual(2 * HOUR);
      expect(members.filter((m) => m.account.realNameVerified).length / members.length).toBeLessThan(0.1);
      // The ring's handle pattern (a few hostile-string handles aside).
      const { pattern } = RING_PROFILES[pop.rings.indexOf(ring) % RING_PROFILES.length];
      expect(members.filter((m) => pattern.test(m.account.handle)).length / members.length).toBeGreaterThan(0.95);
      for (const m of members) expect(m.room.startedAtMs).toBeGreaterThanOrEqual(ONSET);
    }
    expect([...blocks].some((b) => b.includes(":"))).toBe(true);
    expect(pop.rings.filter((r) => pop.bots.find((b) => b.ringId === r.ringId)?.account.phoneHash).length).toBeGreaterThanOrEqual(4);
  });

  it("has a large benign group behind one carrier NAT address that is otherwise unrelated", () => {
    const { ip, accountIds } = pop.sharedIp;
    expect(accountIds.length).toBeGreaterThanOrEqual(300);
    const ids = new Set(accountIds);
    const group = pop.benign.filter((m) => ids.has(m.account.id));
    expect(group).toHaveLength(accountIds.length);
    expect(pop.benign.filter((m) => m.account.ip === ip)).toHaveLength(accountIds.length);
    expect(pop.bots.some((b) => b.account.ip === ip || block(b.account.ip!) === block(ip))).toBe(false);
    for (const m of group) {
      expect(m.account.realNameVerified).toBe(true);
      expect(ONSET - Date.parse(m.account.registeredAt)).toBeGreaterThanOrEqual(60 * DAY);
    }
    expect(new Set(group.map((m) => m.account.deviceId)).size).toBe(group.length);
    expect(new Set(group.map((m) => m.account.phoneHash)).size).toBe(group.length);
    const reg = group.map((m) => Date.parse(m.account.registeredAt));
    expect(Math.max(...reg) - Math.min(...reg)).toBeGreaterThan(365 * DAY);
  });

  it("makes benign accounts old, mostly verified and on their own devices", () => {
    expect(new Set(pop.benign.map((m) => m.account.deviceId)).size).toBe(pop.benign.length);
    expect(pop.benign.filter((m) => m.account.realNameVerified).length / pop.benign.length).toBeGreaterThan(0.85);
    for (const m of pop.benign) expect(ONSET - Date.parse(m.account.registeredAt)).toBeGreaterThanOrEqual(60 * DAY);
  });

  it("produces events that all parse with ZIngestEvent, hostile strings included", () => {
    const rng = createRng(99);
    const nextId = eventIdFactory(42, "t");
    const nasty = [...pop.bots, ...pop.benign].filter((m) => m.nasty);
    expect(nasty.length).toBeGreaterThan(100);
    const sample: SimMember[] = [...nasty];
    for (let i = 0; i < 1200; i++) sample.push(rng.pick(pop.bots));
    for (let i = 0; i < 600; i++) sample.push(rng.pick(pop.benign));
    const events: IngestEventInput[] = [];
    for (const m of sample) for (let k = 0; k < 2; k++) events.push(toIngestEvent(m, m.room.startedAtMs + 1_000 * k, rng, nextId()));
    expect(events.length).toBeGreaterThanOrEqual(2000);
    const failures = events.map((e) => ZIngestEvent.safeParse(e)).filter((r) => !r.success);
    expect(failures.map((f) => f.error?.issues[0])).toEqual([]);
    // The sample really contains the strings the UI must render inert.
    const text = (e: IngestEventInput) => `${e.room.title}\n${e.account.handle}\n${e.account.displayName ?? ""}`;
    expect(events.some((e) => text(e).includes("<script>alert(1)</script>"))).toBe(true);
    expect(events.some((e) => text(e).includes("\u202E"))).toBe(true);
    expect(events.some((e) => e.room.title.length === 500)).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    // Bots score high with prohibited labels; benign flags stay low.
    const botIds = new Set(pop.bots.map((b) => b.account.id));
    const bot = events.filter((e) => botIds.has(e.account.id));
    const benign = events.filter((e) => !botIds.has(e.account.id));
    for (const e of bot) expect(e.score).toBeGreaterThanOrEqual(0.6);
    expect(bot.some((e) => e.source === "engagement" && e.label === "fake_engagement")).toBe(true);
    expect(benign.filter((e) => e.score >= 0.6).length / benign.length).toBeLessThan(0.1);
  });
});

/** IPv4 /24 or IPv6 /48 of an address. */
function block(ip: string): string {
  return ip.includes(":") ? ip.split(":").slice(0, 3).join(":") : ip.split(".").slice(0, 3).join(".");
}
