import type { Pool } from "../db/pool";
import type { PlatformAdapter, PlatformCall } from "./adapters/types";

/** After this many failed calls an action is marked FAILED and shown to the team. */
export const MAX_ATTEMPTS = 6;

const CALL: Record<string, PlatformCall["kind"]> = {
  TAKEDOWN: "room.end",
  RESTORE: "room.restore",
  BAN: "account.ban",
  UNBAN: "account.unban",
};

export interface DeliverDeps {
  pool: Pool;
  adapter: PlatformAdapter;
  /** Shared by every job of the process, so the platform is never sent more than its limit. */
  limiter?: RateLimiter;
  /** Calls to the platform in flight at once for one job. */
  concurrency?: number;
  onDelivered?: (summary: { sent: number; failed: number; retrying: number; batchIds: string[] }) => void;
}

/**
 * Tells the platform about the given actions. Only PENDING actions are sent, so a job that runs
 * again (retry, or resume after a crash) skips what already went out; the idempotency key
 * makes a call that did go out but was not yet recorded a no-op at the platform.
 * Throws when some calls should be retried (the queue backs off and runs the job again).
 */
export async function deliverActions(deps: DeliverDeps, actionIds: string[]): Promise<void> {
  const res = await deps.pool.query<{
    id: string;
    kind: string;
    roomId: string | null;
    accountId: string;
    reason: string | null;
    idempotencyKey: string;
    attempts: number;
    batchId: string | null;
  }>(
    `SELECT id, kind, "roomId", "accountId", reason, "idempotencyKey", attempts, "batchId"
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
        kind: CALL[a.kind],
        idempotencyKey: a.idempotencyKey,
        roomId: a.roomId ?? undefined,
        accountId: a.accountId,
        reason: a.reason,
      };
      try {
        await deps.limiter?.take();
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
  deps.onDelivered?.({ sent, failed, retrying, batchIds: [...new Set(rows.map((r) => r.batchId).filter((b): b is string => !!b))] });
  if (retrying > 0) throw new Error(`${retrying} platform call(s) failed; retrying with backoff`);
}

/** A token bucket: at most `perSecond` calls per second, in small bursts. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  constructor(private perSecond: number) {
    this.tokens = perSecond / 10;
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.perSecond / 10, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
