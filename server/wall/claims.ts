import type { Actor } from "../contracts/actor";
import type { WallFilter } from "../contracts/wall";
import type { Pool } from "../db/pool";
import { enforceRooms, type EnforceInput, type EnforceResult } from "../enforcement/enforce-rooms";
import type { WallDeps } from "./deps";
import { filterSql } from "./filter";

/** A claim lasts this long unless its holder acts on the room or releases it first. */
export const CLAIM_MS = 10 * 60_000;
/** At most this many rooms claimed at once by one person ("claim the next N"). */
export const MAX_CLAIMS = 50;

export interface Claimer extends Actor {
  name: string;
}

/** Bumps rooms so every wall shows the new claim state. */
async function bump(deps: WallDeps, roomIds: string[]) {
  if (roomIds.length === 0) return;
  const res = await deps.pool.query<{ id: string }>(
    `UPDATE live_rooms SET version = nextval('live_rooms_version_seq'), "updatedAt" = now()
     WHERE id IN (SELECT id FROM live_rooms WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE) RETURNING id`,
    [roomIds],
  );
  deps.enforce.onRoomsChanged(res.rows.map((r) => r.id));
}

/**
 * Claims live rooms for the caller: theirs (or renewed) unless someone else holds an unexpired
 * claim. Returns what was claimed and who holds the rest. One person holds at most MAX_CLAIMS.
 */
export async function claimRooms(deps: WallDeps, who: Claimer, roomIds: string[]) {
  const held = new Set(
    (await deps.pool.query<{ roomId: string }>(`SELECT "roomId" FROM room_claims WHERE "userId" = $1 AND "expiresAt" > now()`, [who.id])).rows.map(
      (r) => r.roomId,
    ),
  );
  // Renewals always; new claims up to the limit.
  const renew = roomIds.filter((id) => held.has(id));
  const fresh = roomIds.filter((id) => !held.has(id)).slice(0, Math.max(0, MAX_CLAIMS - held.size));
  const res = await deps.pool.query<{ roomId: string }>(
    `INSERT INTO room_claims ("roomId", "userId", "userEmail", "userName", "expiresAt")
     SELECT id, $2, $3, $4, now() + make_interval(secs => $5) FROM live_rooms
     WHERE id = ANY($1::text[]) AND status = 'LIVE'
     ORDER BY risk DESC
     ON CONFLICT ("roomId") DO UPDATE SET "userId" = EXCLUDED."userId", "userEmail" = EXCLUDED."userEmail", "userName" = EXCLUDED."userName",
       "claimedAt" = CASE WHEN room_claims."userId" = EXCLUDED."userId" THEN room_claims."claimedAt" ELSE now() END, "expiresAt" = EXCLUDED."expiresAt"
     WHERE room_claims."userId" = EXCLUDED."userId" OR room_claims."expiresAt" <= now()
     RETURNING "roomId"`,
    [[...renew, ...fresh], who.id, who.email, who.name, CLAIM_MS / 1000],
  );
  const claimed = res.rows.map((r) => r.roomId);
  const mine = new Set(claimed);
  const others = await deps.pool.query<{ roomId: string; userName: string }>(
    `SELECT "roomId", "userName" FROM room_claims WHERE "roomId" = ANY($1::text[]) AND "userId" <> $2 AND "expiresAt" > now()`,
    [roomIds.filter((id) => !mine.has(id)), who.id],
  );
  await bump(deps, claimed);
  return { claimed, heldByOthers: others.rows.map((o) => ({ roomId: o.roomId, by: o.userName })), limit: MAX_CLAIMS };
}

/** "My queue": claims the highest-risk unclaimed rooms matching the filter, up to `n`. */
export async function claimNext(deps: WallDeps, who: Claimer, filter: WallFilter, n: number) {
  const params: unknown[] = [];
  const where = filterSql({ ...filter, claimedBy: null }, Date.now(), params);
  const res = await deps.pool.query<{ id: string }>(
    `SELECT r.id FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId"
     WHERE ${where} AND NOT EXISTS (SELECT 1 FROM room_claims c WHERE c."roomId" = r.id AND c."expiresAt" > now())
     ORDER BY r.risk DESC, r."lastFlaggedAt" DESC, r.id LIMIT ${Math.max(1, Math.min(MAX_CLAIMS, Math.floor(n)))}`,
    params,
  );
  return claimRooms(
    deps,
    who,
    res.rows.map((r) => r.id),
  );
}

/** Releases the caller's claims (all, or these rooms); a shift lead may release anyone's (`anyone`). */
export async function releaseClaims(deps: WallDeps, who: Actor, roomIds: string[] | null, anyone = false) {
  const res = await deps.pool.query<{ roomId: string }>(
    `DELETE FROM room_claims WHERE ($1::text[] IS NULL OR "roomId" = ANY($1::text[])) AND ($3 OR "userId" = $2) RETURNING "roomId"`,
    [roomIds, who.id, anyone],
  );
  await bump(
    deps,
    res.rows.map((r) => r.roomId),
  );
  return { released: res.rows.length };
}

/** Expired claims are deleted and their rooms bumped, so every wall stops showing them (run every 30 s). */
export async function sweepExpiredClaims(pool: Pool, onRoomsChanged: (ids: string[]) => void) {
  const res = await pool.query<{ roomId: string }>(`DELETE FROM room_claims WHERE "expiresAt" <= now() RETURNING "roomId"`);
  if (res.rows.length)
    await bump(
      { pool, enforce: { onRoomsChanged } as WallDeps["enforce"] },
      res.rows.map((r) => r.roomId),
    );
  return res.rows.length;
}

/**
 * A decision from the wall: rooms another person has claimed are skipped (two people never act
 * on the same room), and the caller's claims on the rooms decided are released.
 */
export async function actFromWall(deps: WallDeps, actor: Actor, input: EnforceInput): Promise<EnforceResult> {
  const theirs = await deps.pool.query<{ roomId: string; userName: string }>(
    `SELECT "roomId", "userName" FROM room_claims WHERE "roomId" = ANY($1::text[]) AND "userId" <> $2 AND "expiresAt" > now()`,
    [input.roomIds, actor.id],
  );
  const held = new Map(theirs.rows.map((r) => [r.roomId, r.userName]));
  const free = input.roomIds.filter((id) => !held.has(id));
  const res = free.length ? await enforceRooms(deps.enforce, actor, { ...input, roomIds: free }) : { kind: input.kind, applied: [], skipped: [] };
  if (res.applied.length) {
    await deps.pool.query(`DELETE FROM room_claims WHERE "roomId" = ANY($1::text[]) AND "userId" = $2`, [res.applied.map((a) => a.roomId), actor.id]);
  }
  return { ...res, skipped: [...res.skipped, ...[...held].map(([roomId, by]) => ({ roomId, why: `claimed by ${by}` }))] };
}
