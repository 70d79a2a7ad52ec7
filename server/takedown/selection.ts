import type { Pool } from "../db/pool";
import { DomainError } from "../errors";
import { filterSql } from "../wall/filter";
import { MAX_BATCH, type Selection } from "../contracts/takedown";

export { MAX_BATCH, ZSelection, type Selection } from "../contracts/takedown";

/** Resolves a selection to the room ids it means right now (live rooms only for filters). */
export async function resolveSelection(pool: Pool, sel: Selection, now = Date.now()): Promise<string[]> {
  if (sel.kind === "manual") return [...new Set(sel.roomIds)];
  if (sel.kind === "filter") {
    const params: unknown[] = [];
    const where = filterSql(sel.filter, now, params);
    const res = await pool.query<{ id: string }>(
      `SELECT r.id FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId" WHERE ${where} ORDER BY r.risk DESC LIMIT ${MAX_BATCH + 1}`,
      params,
    );
    if (res.rows.length > MAX_BATCH) throw DomainError.of("BAD_REQUEST", "takedown.filterTooBig", { max: String(MAX_BATCH) });
    return res.rows.map((r) => r.id);
  }
  // Live rooms of the clusters' accounts (a merged cluster's id still leads to its members).
  const res = await pool.query<{ id: string }>(
    `WITH RECURSIVE ids(id) AS (
       SELECT unnest($1::text[])
       UNION SELECT c.id FROM account_clusters c JOIN ids ON c."mergedIntoId" = ids.id OR c.id = (SELECT "mergedIntoId" FROM account_clusters WHERE id = ids.id))
     SELECT r.id FROM live_rooms r JOIN account_cluster_members m ON m."accountId" = r."accountId"
     WHERE m."clusterId" IN (SELECT id FROM ids) AND r.status = 'LIVE' ORDER BY r.risk DESC LIMIT ${MAX_BATCH + 1}`,
    [sel.clusterIds],
  );
  if (res.rows.length > MAX_BATCH) throw DomainError.of("BAD_REQUEST", "takedown.clusterTooBig", { max: String(MAX_BATCH) });
  return res.rows.map((r) => r.id);
}
