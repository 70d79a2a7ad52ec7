import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "../ingest/ingest-flags";
import { clusterPass, refreshDueExplanations } from "./cluster-pass";
import { ExplainSchedule } from "./explain-schedule";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const ring = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => makeEvent({ accountId: `xr-a${from + i}`, roomId: `xr-r${from + i}`, deviceId: "xr-device-1" }));

const labels = async () => {
  const c = await t.db.accountCluster.findFirstOrThrow({ where: { mergedIntoId: null, members: { some: { accountId: "xr-a0" } } } });
  return { size: c.size, labels: (c.topSignals as { label: string }[]).map((s) => s.label) };
};

describe("throttled cluster explanations", () => {
  it("a ring that grows inside the throttle window is re-explained once its time comes, with no further joins", async () => {
    const schedule = new ExplainSchedule(5_000);
    const t0 = Date.now();
    await ingestEvents({ pool: t.pool }, "xr", ring(0, 50));
    await clusterPass(t.pool, 20_000, t0, { explain: schedule });
    expect(await labels()).toMatchObject({ size: 50, labels: expect.arrayContaining(["50 accounts share device xr-dev…"]) });

    // The ring grows to 150 a second later: the size is exact at once, the sentence waits.
    await ingestEvents({ pool: t.pool }, "xr", ring(50, 150));
    await clusterPass(t.pool, 20_000, t0 + 1_000, { explain: schedule });
    expect(await labels()).toMatchObject({ size: 150, labels: expect.arrayContaining(["50 accounts share device xr-dev…"]) });
    expect(schedule.pending).toBe(1);

    // Nothing else joins. Before its time nothing is done; once it comes, the sentence is right.
    expect(await refreshDueExplanations(t.pool, schedule, t0 + 4_000)).toEqual([]);
    expect((await refreshDueExplanations(t.pool, schedule, t0 + 6_000)).length).toBe(1);
    const after = await labels();
    expect(after.labels).toContain("150 accounts share device xr-dev…");
    expect(after.labels.join()).not.toMatch(/^50 |,50 /);
    expect(schedule.pending).toBe(0);
  });
});
