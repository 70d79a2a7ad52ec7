import type { Pool } from "../db/pool";
import type { PlatformAdapter, PlatformCall, PlatformResult } from "./adapters/types";

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
  /** Shared by every job of the process, so the platform is never sent more decisions a second than its limit. */
  limiter?: RateLimiter;
  onDelivered?: (summary: { sent: number; failed: number; retrying: number; batchIds: string[] }) => void;
}

interface Row {
  id: string;
  kind: string;
  roomId: string | null;
  accountId: string;
  reason: string | null;
  idempotencyKey: string;
  attempts: number;
  batchId: string | null;
}

/**
 * Tells the platform about the given actions, up to `adapter.maxBatch` of them per request.
 * Only PENDING actions are sent, so a job that runs again (retry, or resume after a crash) sends
 * only what has not gone out — after a partial failure, only the refused rooms; the idempotency
 * key makes a call that did go out but was not yet recorded a no-op at the platform. Results are
 * recorded set-based, one statement per outcome. Throws when some calls should be retried (the
 * queue backs off and runs the job again).
 */
export async function deliverActions(deps: DeliverDeps, actionIds: string[]): Promise<void> {
  const res = await deps.pool.query<Row>(
    `SELECT id, kind, "roomId", "accountId", reason, "idempotencyKey", attempts, "batchId"
     FROM enforcement_actions WHERE id = ANY($1::text[]) AND delivery = 'PENDING' ORDER BY id`,
    [actionIds],
  );
  const rows = res.rows;
  let sent = 0;
  let failed = 0;
  let retrying = 0;
  for (let i = 0; i < rows.length; i += deps.adapter.maxBatch) {
    const chunk = rows.slice(i, i + deps.adapter.maxBatch);
    await deps.limiter?.take(chunk.length);
    let results: PlatformResult[];
    try {
      results = await deps.adapter.sendMany(
        chunk.map((a) => ({ kind: CALL[a.kind], idempotencyKey: a.idempotencyKey, roomId: a.roomId ?? undefined, accountId: a.accountId, reason: a.reason })),
      );
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      results = chunk.map(() => ({ ok: false, error }));
    }
    const ok = chunk.flatMap((a, j) => (results[j]?.ok ? [{ id: a.id, viewers: (results[j] as { viewers?: number }).viewers ?? null }] : []));
    const bad = chunk.flatMap((a, j) =>
      results[j]?.ok ? [] : [{ id: a.id, error: (results[j] as { error?: string } | undefined)?.error ?? "no result", final: a.attempts + 1 >= MAX_ATTEMPTS }],
    );
    if (ok.length) {
      await deps.pool.query(
        `UPDATE enforcement_actions e SET delivery = 'SENT', attempts = e.attempts + 1, "deliveredAt" = now(), "viewersAtEnd" = u.v, "lastError" = NULL
         FROM unnest($1::text[], $2::int[]) AS u(id, v) WHERE e.id = u.id AND e.delivery = 'PENDING'`,
        [ok.map((o) => o.id), ok.map((o) => o.viewers)],
      );
    }
    if (bad.length) {
      await deps.pool.query(
        `UPDATE enforcement_actions e SET attempts = e.attempts + 1, "lastError" = u.err,
                delivery = CASE WHEN u.final THEN 'FAILED'::"DeliveryStatus" ELSE e.delivery END
         FROM unnest($1::text[], $2::text[], $3::bool[]) AS u(id, err, final) WHERE e.id = u.id AND e.delivery = 'PENDING'`,
        [bad.map((b) => b.id), bad.map((b) => b.error), bad.map((b) => b.final)],
      );
    }
    sent += ok.length;
    failed += bad.filter((b) => b.final).length;
    retrying += bad.filter((b) => !b.final).length;
  }
  deps.onDelivered?.({ sent, failed, retrying, batchIds: [...new Set(rows.map((r) => r.batchId).filter((b): b is string => !!b))] });
  if (retrying > 0) throw new Error(`${retrying} platform call(s) failed; retrying with backoff`);
}

/** Decisions not yet told to the platform: the delivery backlog, over every process. */
export async function pendingDeliveries(pool: Pool): Promise<number> {
  const res = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM enforcement_actions WHERE delivery = 'PENDING'`);
  return res.rows[0].n;
}

/**
 * A token bucket of decisions per second. A bulk request takes as many tokens as it carries
 * decisions; going into debt makes the caller (and those after it) wait their share, so the
 * rate holds whatever the request sizes.
 */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  constructor(private perSecond: number) {
    this.tokens = perSecond / 10;
  }
  async take(n = 1): Promise<void> {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond / 10, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    this.tokens -= n;
    if (this.tokens < 0) await new Promise((r) => setTimeout(r, Math.ceil((-this.tokens / this.perSecond) * 1000)));
  }
}
