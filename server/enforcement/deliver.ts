import type { Pool } from "../db/pool";
import type { PlatformAdapter, PlatformCall } from "./adapters/types";

/** After this many failed calls an action is marked FAILED and shown to the team. */
export const MAX_ATTEMPTS = 6;

export interface DeliverDeps {
  pool: Pool;
  adapter: PlatformAdapter;
  /** Calls to the platform in flight at once for one job. */
  concurrency?: number;
  onDelivered?: (summary: { sent: number; failed: number; retrying: number }) => void;
}

/**
 * Tells the platform about the given actions. Only PENDING actions are sent, so a job that runs
 * again (retry, or resume after a crash) skips what already went out; the idempotency key
 * makes a call that did go out but was not yet recorded a no-op at the platform.
 * Throws when some calls should be retried (the queue backs off and runs the job again).
 */
export async function deliverActions(deps: DeliverDeps, actionIds: string[]): Promise<void> {
  const res = await deps.pool.query<{ id: string; kind: string; roomId: string; accountId: string; reason: string | null; idempotencyKey: string; attempts: number }>(
    `SELECT id, kind, "roomId", "accountId", reason, "idempotencyKey", attempts
     FROM enforcement_actions WHERE id = ANY($1::text[]) AND delivery = 'PENDING'`,
    [actionIds],
  );
  const rows = res.rows;
  let next = 0;
  let sent = 0;
  let failed = 0;
  let retrying = 0;
  const worker = async () => {
    while (next < rows.length) {
      const a = rows[next++];
      const call: PlatformCall = {
        kind: a.kind === "RESTORE" ? "room.restore" : "room.end",
        idempotencyKey: a.idempotencyKey,
        roomId: a.roomId,
        accountId: a.accountId,
        reason: a.reason,
      };
      try {
        const out = await deps.adapter.send(call);
        await deps.pool.query(
          `UPDATE enforcement_actions SET delivery = 'SENT', attempts = attempts + 1, "deliveredAt" = now(), "viewersAtEnd" = $2, "lastError" = NULL
           WHERE id = $1 AND delivery = 'PENDING'`,
          [a.id, out.viewers ?? null],
        );
        sent++;
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
        const final = a.attempts + 1 >= MAX_ATTEMPTS;
        await deps.pool.query(
          `UPDATE enforcement_actions SET attempts = attempts + 1, "lastError" = $2, delivery = CASE WHEN $3 THEN 'FAILED'::"DeliveryStatus" ELSE delivery END
           WHERE id = $1 AND delivery = 'PENDING'`,
          [a.id, message, final],
        );
        if (final) failed++;
        else retrying++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 16, rows.length) }, worker));
  deps.onDelivered?.({ sent, failed, retrying });
  if (retrying > 0) throw new Error(`${retrying} platform call(s) failed; retrying with backoff`);
}
