import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { ingestEvents } from "../ingest/ingest-flags";
import { clusterPass } from "./cluster-pass";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const DEVICES = 4;
const event = (account: number, round: number) =>
  makeEvent({ accountId: `cc-a${account}`, roomId: `cc-r${account}`, deviceId: `cc-device-${account % DEVICES}`, handle: `cc_user_${account}_${round}` });

describe("the cluster pass alongside ingest", () => {
  it("never deadlocks with ingest batches touching the same accounts and rooms, and loses no account", async () => {
    // Every round, one ingest batch brings new accounts on shared devices and re-flags (with a
    // changed handle, so they need clustering again) the accounts the pass is clustering at that
    // very moment: the pass bumps their rooms and marks their accounts while ingest writes the
    // same accounts and rooms. Before the pass stopped waiting on ingest's rows, this deadlocked.
    const perRound = 400;
    let next = 0;
    let previous: number[] = [];
    await ingestEvents(
      { pool: t.pool },
      "cc",
      Array.from({ length: perRound }, (_, i) => event(i, 0)),
    );
    previous = Array.from({ length: perRound }, (_, i) => i);
    next = perRound;
    for (let round = 1; round <= 12; round++) {
      const fresh = Array.from({ length: perRound }, (_, i) => next + i);
      next += perRound;
      const batch = [...previous, ...fresh].sort(() => Math.random() - 0.5).map((a) => event(a, round));
      const [pass, out] = await Promise.all([clusterPass(t.pool), ingestEvents({ pool: t.pool }, "cc", batch)]);
      expect(out.rejected).toEqual([]);
      expect(pass.processed).toBeGreaterThanOrEqual(0);
      previous = fresh;
    }
    while ((await clusterPass(t.pool)).processed > 0);

    const pendingLeft = await t.pool.query(`SELECT count(*)::int AS n FROM platform_accounts WHERE "needsClustering" AND id LIKE 'cc-%'`);
    expect(pendingLeft.rows[0].n).toBe(0);
    // Every account is in a cluster (devices and the handle pattern link them all).
    const clustered = await t.pool.query(`SELECT count(*)::int AS n FROM account_cluster_members WHERE "accountId" LIKE 'cc-%'`);
    expect(clustered.rows[0].n).toBe(next);
  }, 120_000);
});
