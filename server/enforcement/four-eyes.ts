import type { PoolClient } from "pg";

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
export function overThresholdMessage(policy: FourEyesPolicy, recent: number, requested: number): string {
  const minutes = Math.round(policy.windowMs / 60_000);
  return `Four eyes: you have taken down ${recent.toLocaleString("en-US")} rooms in the last ${minutes} minutes; ${requested.toLocaleString("en-US")} more would pass ${policy.threshold.toLocaleString("en-US")}. Select them and use a mass takedown (Shift+T): it goes to a shift lead for approval.`;
}
