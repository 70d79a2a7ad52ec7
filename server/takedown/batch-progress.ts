import type { Pool } from "../db/pool";
import type { BatchProgress } from "./types";

/** Delivery counts of a batch; marks it COMPLETED when nothing is pending any more. */
export async function batchProgress(pool: Pool, batchId: string): Promise<BatchProgress> {
  const res = await pool.query<{ status: string; total: number; done: number; failed: number; pending: number; cancelled: number }>(
    `SELECT b.status,
            count(a.id)::int AS total,
            count(a.id) FILTER (WHERE a.delivery = 'SENT')::int AS done,
            count(a.id) FILTER (WHERE a.delivery = 'FAILED')::int AS failed,
            count(a.id) FILTER (WHERE a.delivery = 'PENDING')::int AS pending,
            count(a.id) FILTER (WHERE a.delivery = 'CANCELLED')::int AS cancelled
     FROM takedown_batches b LEFT JOIN enforcement_actions a ON a."batchId" = b.id AND a.kind IN ('TAKEDOWN', 'BAN')
     WHERE b.id = $1 GROUP BY b.status`,
    [batchId],
  );
  const row = res.rows[0] ?? { status: "UNKNOWN", total: 0, done: 0, failed: 0, pending: 0, cancelled: 0 };
  if (row.status === "RUNNING" && row.pending === 0) {
    const upd = await pool.query(`UPDATE takedown_batches SET status = 'COMPLETED', "completedAt" = now() WHERE id = $1 AND status = 'RUNNING'`, [batchId]);
    if (upd.rowCount) row.status = "COMPLETED";
  }
  return { batchId, ...row };
}
