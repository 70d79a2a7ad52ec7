import { AGE_DAYS_SQL, DECAYED_BASE_SQL, RISK_SQL } from "../ingest/risk";
import { randomBytes } from "node:crypto";
import type { Pool } from "../db/pool";
import { isLinking, signalKeys, type AccountFacts } from "./signals";
import { UnionFind } from "./union-find";
import { refreshClusterStats } from "./cluster-stats";
import type { ExplainSchedule } from "./explain-schedule";
import { withTransaction } from "../db/transaction";

// One writer at a time across every server process: merges must see each other's results.
const CLUSTER_LOCK = 0x436c7573; // "Clus"
const TRUSTED_AGE_DAYS = 90;

export interface PassResult {
  processed: number;
  /** Accounts that joined (or moved to) a cluster in this pass, by cluster. */
  joined: Map<string, string[]>;
  touched: string[];
  merged: number;
  /** Live rooms whose cluster badge changed (their version was bumped). */
  changedRoomIds: string[];
}

const newClusterId = () => `C-${randomBytes(4).toString("hex")}`;

/**
 * Incremental clustering: takes accounts marked by ingest, records their signal keys, and
 * links them through linking keys to each other and to existing clusters (union-find over the
 * affected part of the graph only). Merged clusters keep the oldest id.
 */
export async function clusterPass(
  pool: Pool,
  limit = 20_000,
  now = Date.now(),
  /** Throttles how often a growing cluster is re-explained; without it, every touched cluster is. */
  opts: { explain?: ExplainSchedule } = {},
): Promise<PassResult> {
  const empty: PassResult = { processed: 0, joined: new Map(), touched: [], merged: 0, changedRoomIds: [] };
  const done = await withTransaction(pool, async (client) => {
    const lock = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [CLUSTER_LOCK]);
    if (!lock.rows[0].ok) return null;
    const acc = await client.query<AccountFacts>(
      `SELECT id, handle, "registeredAt", "realNameVerified", "deviceId", ip, "phoneHash" FROM platform_accounts
       WHERE "needsClustering" ORDER BY id LIMIT $1
       -- Never wait on ingest: it locks accounts, then rooms, in its own transactions; a pass that
       -- waited on a row ingest holds (or made ingest wait on one it holds) deadlocked both under
       -- a wave. Accounts ingest is writing right now are taken by the next pass. NO KEY: the
       -- key-share locks ingest's foreign keys take on every account it flags do not block it.
       FOR NO KEY UPDATE SKIP LOCKED`,
      [limit],
    );
    if (acc.rows.length === 0) return null;
    const pairs = acc.rows.flatMap((a) => signalKeys(a, now).map((k) => [a.id, k] as const));
    await client.query(`INSERT INTO account_signals ("accountId", key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ]);
    const keys = [...new Set(pairs.map((p) => p[1]))];
    const stats = await client.query<{ key: string; n: number; trusted: number }>(
      `SELECT s.key, count(*)::int AS n,
              count(*) FILTER (WHERE a."realNameVerified" AND a."registeredAt" < now() - make_interval(days => $2))::int AS trusted
       FROM account_signals s JOIN platform_accounts a ON a.id = s."accountId" WHERE s.key = ANY($1::text[]) GROUP BY s.key`,
      [keys, TRUSTED_AGE_DAYS],
    );
    const linking = stats.rows.filter((r) => isLinking(r.n, r.trusted)).map((r) => r.key);
    // Per linking key: the clusters its accounts are in (one row each, however big the ring) and
    // the accounts in no cluster yet. A growing ring costs a row per key, not one per member.
    const members = await client.query<{ key: string; accountId: string | null; clusterId: string | null }>(
      `SELECT s.key, m."clusterId", CASE WHEN m."clusterId" IS NULL THEN s."accountId" END AS "accountId"
       FROM account_signals s LEFT JOIN account_cluster_members m ON m."accountId" = s."accountId"
       WHERE s.key = ANY($1::text[]) GROUP BY 1, 2, 3`,
      [linking],
    );

    const uf = new UnionFind();
    const clusterSet = new Set<string>();
    for (const r of members.rows) {
      if (r.clusterId) {
        uf.union(`c:${r.clusterId}`, `k:${r.key}`);
        clusterSet.add(r.clusterId);
      } else if (r.accountId) uf.union(`a:${r.accountId}`, `k:${r.key}`);
    }
    const clusterIds = [...clusterSet];
    const created = new Map<string, Date>();
    if (clusterIds.length) {
      const cs = await client.query<{ id: string; createdAt: Date }>(`SELECT id, "createdAt" FROM account_clusters WHERE id = ANY($1::text[])`, [clusterIds]);
      for (const c of cs.rows) created.set(c.id, c.createdAt);
    }

    const assign: [string, string][] = [];
    let changedRoomIds: string[] = [];
    const mergedAway: [string, string][] = [];
    const fresh: string[] = [];
    for (const g of uf.groups()) {
      // Accounts in no cluster yet, and the clusters the group reaches.
      const accounts = g.filter((x) => x.startsWith("a:")).map((x) => x.slice(2));
      const existing = g.filter((x) => x.startsWith("c:")).map((x) => x.slice(2));
      if (existing.length === 0 && accounts.length < 2) continue;
      existing.sort((x, y) => created.get(x)!.getTime() - created.get(y)!.getTime() || (x < y ? -1 : 1));
      let target = existing[0];
      if (!target) {
        target = newClusterId();
        fresh.push(target);
      }
      for (const other of existing.slice(1)) mergedAway.push([other, target]);
      for (const a of accounts) assign.push([a, target]);
    }

    if (fresh.length) await client.query(`INSERT INTO account_clusters (id) SELECT unnest($1::text[])`, [fresh]);
    if (mergedAway.length) {
      await client.query(
        `UPDATE account_clusters c SET "mergedIntoId" = u.target, size = 0, "updatedAt" = now()
         FROM unnest($1::text[], $2::text[]) AS u(id, target) WHERE c.id = u.id`,
        [mergedAway.map((m) => m[0]), mergedAway.map((m) => m[1])],
      );
      // A watched cluster stays watched after it is merged into another.
      await client.query(
        `UPDATE account_clusters SET watched = true WHERE id IN (SELECT unnest($2::text[])) AND EXISTS (SELECT 1 FROM account_clusters WHERE id = ANY($1::text[]) AND watched)`,
        [mergedAway.map((m) => m[0]), mergedAway.map((m) => m[1])],
      );
    }
    if (mergedAway.length) {
      // Members of merged-away clusters that this pass did not reach move with their cluster.
      const moved = await client.query<{ accountId: string; clusterId: string }>(
        `UPDATE account_cluster_members m SET "clusterId" = u.target FROM unnest($1::text[], $2::text[]) AS u(id, target)
         WHERE m."clusterId" = u.id RETURNING m."accountId", m."clusterId"`,
        [mergedAway.map((m) => m[0]), mergedAway.map((m) => m[1])],
      );
      const assigned = new Set(assign.map((a) => a[0]));
      for (const r of moved.rows) if (!assigned.has(r.accountId)) assign.push([r.accountId, r.clusterId]);
    }
    if (assign.length) {
      await client.query(
        `INSERT INTO account_cluster_members ("accountId", "clusterId") SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT ("accountId") DO UPDATE SET "clusterId" = EXCLUDED."clusterId"`,
        [assign.map((a) => a[0]), assign.map((a) => a[1])],
      );
      // Cards on the wall show the cluster, and a ring member's room is riskier: the rooms are
      // re-scored and bumped so walls pick the change up.
      const bumped = await client.query<{ id: string }>(
        // Rooms ingest is updating right now are skipped: its commit re-scores them and sends them to the walls anyway.
        `UPDATE live_rooms r SET risk = ${RISK_SQL({
          base: DECAYED_BASE_SQL(`r."riskBase"`, `r."lastFlaggedAt"`),
          count: `r."flagCount"`,
          sources: `cardinality(r.sources)`,
          fake: `r."fakeEngagement"`,
          ring: "true",
          ageDays: AGE_DAYS_SQL(`a."registeredAt"`),
          verified: `a."realNameVerified"`,
        })}, version = nextval('live_rooms_version_seq'), "updatedAt" = now()
         FROM platform_accounts a
         WHERE a.id = r."accountId"
           AND r.id IN (SELECT id FROM live_rooms WHERE "accountId" = ANY($1::text[]) AND status = 'LIVE' FOR NO KEY UPDATE SKIP LOCKED)
         RETURNING r.id`,
        [assign.map((a) => a[0])],
      );
      changedRoomIds = bumped.rows.map((r) => r.id);
    }
    await client.query(`UPDATE platform_accounts SET "needsClustering" = false WHERE id = ANY($1::text[])`, [acc.rows.map((a) => a.id)]);
    const touched = [...new Set([...assign.map((a) => a[1]), ...mergedAway.map((m) => m[1])])];
    const explain = opts.explain ? opts.explain.pick(touched, fresh, now) : touched;
    await refreshClusterStats(client, touched, explain);
    return { processed: acc.rows.length, assign, touched, explain, merged: mergedAway.length, changedRoomIds };
  });
  if (!done) return empty;
  opts.explain?.explained(done.explain, now);
  const joined = new Map<string, string[]>();
  for (const [a, c] of done.assign) {
    const list = joined.get(c);
    if (list) list.push(a);
    else joined.set(c, [a]);
  }
  return { processed: done.processed, joined, touched: done.touched, merged: done.merged, changedRoomIds: done.changedRoomIds };
}

/**
 * Re-explains the clusters a throttled pass skipped, once their time has come (see
 * ExplainSchedule). Takes the cluster lock like a pass; returns the clusters refreshed.
 */
export async function refreshDueExplanations(pool: Pool, schedule: ExplainSchedule, now = Date.now()): Promise<string[]> {
  const ids = schedule.dueNow(now);
  if (ids.length === 0) return [];
  const refreshed = await withTransaction(pool, async (client) => {
    const lock = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [CLUSTER_LOCK]);
    if (!lock.rows[0].ok) return false;
    // Clusters merged away since they were skipped have no members left; their survivor was
    // touched by the merge and is scheduled on its own.
    await refreshClusterStats(client, ids, ids);
    return true;
  });
  if (!refreshed) return [];
  schedule.explained(ids, now);
  return ids;
}
