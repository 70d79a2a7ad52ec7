import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { ingestEvents } from "../ingest/ingest-flags";
import { buildPopulation } from "../../scripts/simulator/population";
import { eventIdFactory, toIngestEvent } from "../../scripts/simulator/events";
import { createRng } from "../../scripts/simulator/rng";
import { clusterPass } from "./cluster-pass";

let t: TestDb;
const onsetAt = Date.now() - 60_000;
const pop = buildPopulation({ seed: 7, onsetAt });

beforeAll(async () => {
  t = await createTestDb();
  const rng = createRng(7);
  const id = eventIdFactory(7, "t");
  // Benign first, then the wave, in ingest-sized batches with a cluster pass after each, as the
  // server's worker would run between requests: clustering is incremental, never a recompute.
  const members = [...pop.benign, ...pop.bots];
  for (let i = 0; i < members.length; i += 2500) {
    const events = members.slice(i, i + 2500).map((m) => toIngestEvent(m, Math.max(m.room.startedAtMs, onsetAt), rng, id()));
    const out = await ingestEvents({ pool: t.pool }, "sim", events);
    expect(out.rejected).toEqual([]);
    await clusterPass(t.pool);
  }
  while ((await clusterPass(t.pool)).processed > 0);
}, 240_000);
afterAll(() => t.close());

describe("clustering the simulator's wave", () => {
  it("recovers the true rings with precision and recall ≥ 0.95", async () => {
    const rows = await t.pool.query<{ accountId: string; clusterId: string }>(`SELECT "accountId", "clusterId" FROM account_cluster_members`);
    const clusterOf = new Map(rows.rows.map((r) => [r.accountId, r.clusterId]));
    const clusterSize = new Map<string, number>();
    for (const c of clusterOf.values()) clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1);
    let tp = 0;
    let predicted = 0;
    let actual = 0;
    for (const ring of pop.rings) {
      const counts = new Map<string, number>();
      for (const a of ring.accountIds) {
        const c = clusterOf.get(a);
        if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      const [best, overlap] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0] ?? [null, 0];
      tp += overlap;
      actual += ring.accountIds.length;
      predicted += best ? clusterSize.get(best)! : 0;
    }
    const precision = tp / predicted;
    const recall = tp / actual;
    console.log(`clustering: ${pop.rings.length} rings, ${clusterSize.size} clusters, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it("does not merge benign accounts behind one shared carrier IP", async () => {
    const rows = await t.pool.query<{ clusterId: string; n: number }>(
      `SELECT "clusterId", count(*)::int AS n FROM account_cluster_members WHERE "accountId" = ANY($1::text[]) GROUP BY 1`,
      [pop.sharedIp.accountIds],
    );
    expect(pop.sharedIp.accountIds.length).toBeGreaterThanOrEqual(300);
    expect(rows.rows.filter((r) => r.n > 1)).toEqual([]);
  });

  it("explains every ring cluster with its shared signals", async () => {
    const big = await t.db.accountCluster.findMany({ where: { mergedIntoId: null, size: { gte: 100 } } });
    expect(big.length).toBeGreaterThanOrEqual(pop.rings.length * 0.9);
    for (const c of big) {
      const top = c.topSignals as { label: string }[];
      expect(top.length).toBeGreaterThan(0);
      expect(top[0].label).toMatch(/^\d[\d,]* (accounts share|accounts on network|registered between)/);
    }
  });

  it("gives stable ids: clusters only grow, merged ones point to the survivor", async () => {
    const merged = await t.db.accountCluster.findMany({ where: { mergedIntoId: { not: null } } });
    for (const m of merged) expect(await t.db.accountClusterMember.count({ where: { clusterId: m.id } })).toBe(0);
  });
});
