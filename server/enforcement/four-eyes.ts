import type { PoolClient } from "pg";
import { DomainError } from "../errors";

type Queryable = Pick<PoolClient, "query">;
import type { Actor } from "../audit/audit-log";

/**
 * Four eyes applies to what one person takes down over time, not per request: a moderator may
 * take down `threshold` rooms within `windowMs` on their own; more needs a shift lead. Splitting
 * a large takedown into small ones (batches or quick actions) therefore gains nothing.
 */
export interface FourEyesPolicy {
  threshold: number;
  windowMs: number;
}

export const FOUR_EYES_WINDOW_MS = 15 * 60_000;

/** Roles whose takedowns are counted; shift leads are the second pair of eyes. */
export const counted = (actor: Actor) => actor.role === "MODERATOR";

/**
 * Rooms the actor took down within the window, read under a per-actor lock held until the
 * caller's transaction ends, so two concurrent takedowns by one person cannot both pass.
 */
export async function takenDownRecently(client: PoolClient, actorId: string, windowMs: number): Promise<number> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`four-eyes:${actorId}`]);
  return countRecent(client, actorId, windowMs);
}

/** The same count without the lock: for previews, which decide nothing. */
export async function countRecent(q: Queryable, actorId: string, windowMs: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM enforcement_actions
     WHERE "actorId" = $1 AND kind = 'TAKEDOWN' AND "createdAt" > now() - make_interval(secs => $2::float8)`,
    [actorId, windowMs / 1000],
  );
  return r.rows[0].n;
}

/** What the person is told when their takedowns would pass the threshold alone. */
export function overThresholdError(policy: FourEyesPolicy, recent: number, requested: number): DomainError {
  return DomainError.of("FORBIDDEN", "takedown.overThreshold", {
    recent: recent.toLocaleString("en-US"),
    minutes: Math.round(policy.windowMs / 60_000),
    requested: requested.toLocaleString("en-US"),
    threshold: policy.threshold.toLocaleString("en-US"),
  });
}
