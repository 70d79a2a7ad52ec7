import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { ingestEvents } from "../ingest/ingest-flags";
import { createScenario } from "../../scripts/simulator/scenarios";
import { clusterPass } from "./cluster-pass";
import { WaveDetector } from "./wave-detector";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

/**
 * Replays a scenario in simulated time as fast as the machine allows: every simulated second
 * the batches of that second are ingested (stamped with that time), the cluster worker runs a
 * pass, and the detector ticks every 5 simulated seconds, as it does in the server.
 */
async function replay(scenario: ReturnType<typeof createScenario>, detector: WaveDetector, untilMs: number) {
  let second = Math.floor(scenario.startTime / 1000);
  let pending: unknown[] = [];
  const alerts: number[] = [];
  const step = async (nowMs: number) => {
    if (pending.length) await ingestEvents({ pool: t.pool, now: () => new Date(nowMs) }, "sim", pending);
    pending = [];
    await clusterPass(t.pool, 20_000, nowMs);
    if (Math.floor(nowMs / 1000) % 5 === 0) {
      const res = await detector.tick(nowMs);
      if (res?.opened) alerts.push(nowMs);
    }
  };
  for (const b of scenario.batches()) {
    const at = scenario.startTime + b.atMs;
    if (at > untilMs) break;
    while (Math.floor(at / 1000) > second) await step(++second * 1000);
    pending.push(...b.events);
  }
  await step((second + 1) * 1000);
  return alerts;
}

describe("attack-wave detection", () => {
  it("a steady stream raises no alert; the simulator's wave raises one within 30 s of its onset", async () => {
    const detector = new WaveDetector(t.pool);
    const start = Date.now() - 20 * 60_000;
    const steady = createScenario("steady", { seed: 11, rate: 20, durationSec: 8 * 60, startTime: start });
    expect(await replay(steady, detector, start + 8 * 60_000)).toEqual([]);

    const wave = createScenario("wave", { seed: 12, rate: 1000, durationSec: 75, startTime: start + 8 * 60_000 });
    const alerts = await replay(wave, detector, wave.startTime + 75_000);
    expect(alerts.length).toBe(1);
    const delay = alerts[0] - wave.onsetAt!;
    console.log(`wave detection: alert ${(delay / 1000).toFixed(0)} s after onset`);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(30_000);
    const alert = await t.db.attackAlert.findFirstOrThrow();
    expect(alert.clusterIds.length).toBeGreaterThan(0);
  }, 240_000);
});
