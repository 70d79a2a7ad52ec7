import type { PoolClient } from "pg";

export interface SignalExplanation {
  kind: "device" | "phone" | "net" | "burst";
  key: string;
  count: number;
  /** In English, as recorded; screens say it in the reader's language from the fields (burst: first and last registration). */
  label: string;
  /** Burst only: the first and last registration (ms); absent in explanations written before they were kept. */
  first?: number;
  last?: number;
}

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** A sentence for a shared signal: "412 accounts share device 9f3a…". */
export function explain(key: string, count: number, first: Date, last: Date): SignalExplanation {
  const [kind, ...rest] = key.split(":");
  const value = rest.join(":");
  const n = count.toLocaleString("en-US");
  switch (kind) {
    case "device":
      return { kind, key, count, label: `${n} accounts share device ${value.slice(0, 6)}…` };
    case "phone":
      return { kind, key, count, label: `${n} accounts share phone number ${value.slice(0, 6)}…` };
    case "net":
      return { kind, key, count, label: `${n} accounts on network ${value}` };
    default: {
      const pattern = rest.slice(0, -1).join(":").replace(/#/g, "NNNN");
      return {
        kind: "burst",
        key,
        count,
        label: `${n} registered between ${hhmm(first)} and ${hhmm(last)} as ${pattern}`,
        first: first.getTime(),
        last: last.getTime(),
      };
    }
  }
}

/**
 * Recomputes the size of the given clusters and the top explaining signals of `explainIds`
 * (by default the same clusters). Explanations read every member's signals, so in a wave the
 * pass refreshes them every few seconds rather than on every pass; sizes are always exact.
 */
export async function refreshClusterStats(client: PoolClient, clusterIds: string[], explainIds: string[] = clusterIds) {
  if (clusterIds.length === 0) return;
  await client.query(
    `UPDATE account_clusters c SET size = (SELECT count(*) FROM account_cluster_members m WHERE m."clusterId" = c.id), "updatedAt" = now()
     WHERE c.id = ANY($1::text[])`,
    [clusterIds],
  );
  if (explainIds.length === 0) return;
  const res = await client.query<{ clusterId: string; key: string; n: number; first: Date; last: Date }>(
    `SELECT m."clusterId", s.key, count(*)::int AS n, min(a."registeredAt") AS first, max(a."registeredAt") AS last
     FROM account_cluster_members m JOIN account_signals s ON s."accountId" = m."accountId" JOIN platform_accounts a ON a.id = m."accountId"
     WHERE m."clusterId" = ANY($1::text[]) GROUP BY m."clusterId", s.key HAVING count(*) >= 2`,
    [explainIds],
  );
  const byCluster = new Map<string, SignalExplanation[]>();
  for (const r of res.rows) {
    const list = byCluster.get(r.clusterId) ?? [];
    list.push(explain(r.key, r.n, r.first, r.last));
    byCluster.set(r.clusterId, list);
  }
  const top = explainIds.map((id) => {
    const seen = new Set<string>();
    const list = (byCluster.get(id) ?? [])
      .sort((a, b) => b.count - a.count)
      // The two overlapping burst windows explain the same burst: keep the larger.
      .filter((e) => {
        const k = e.kind === "burst" ? e.key.replace(/:[^:]*$/, "") : e.key;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .slice(0, 5);
    return JSON.stringify(list);
  });
  await client.query(`UPDATE account_clusters c SET "topSignals" = u.top::jsonb FROM unnest($1::text[], $2::text[]) AS u(id, top) WHERE c.id = u.id`, [
    explainIds,
    top,
  ]);
}
