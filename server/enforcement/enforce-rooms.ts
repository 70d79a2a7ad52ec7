import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import type { Pool } from "../db/pool";
import { recordAudit, type Actor } from "../audit/audit-log";
import { DELIVER_QUEUE, type Queue } from "../jobs/queue";
import { withTransaction } from "../db/transaction";
import { counted, overThresholdError, takenDownRecently, type FourEyesPolicy } from "./four-eyes";

export const ACT_KINDS = ["TAKEDOWN", "DISMISS", "ESCALATE", "RESTORE", "REOPEN"] as const;
export type ActKind = (typeof ACT_KINDS)[number];

/** Which rooms each decision applies to, and what it sets. */
const TRANSITIONS: Record<ActKind, { where: string; set: string; platform: "room.end" | "room.restore" | null }> = {
  TAKEDOWN: { where: `r.status = 'LIVE'`, set: `status = 'TAKEN_DOWN', review = 'ACTIONED'`, platform: "room.end" },
  DISMISS: { where: `r.status = 'LIVE' AND r.review IN ('OPEN','ESCALATED')`, set: `review = 'DISMISSED'`, platform: null },
  ESCALATE: { where: `r.status = 'LIVE' AND r.review = 'OPEN'`, set: `review = 'ESCALATED'`, platform: null },
  RESTORE: { where: `r.status = 'TAKEN_DOWN'`, set: `status = 'LIVE', review = 'OPEN', "restoredAt" = now()`, platform: "room.restore" },
  REOPEN: { where: `r.status = 'LIVE' AND r.review IN ('DISMISSED','ESCALATED')`, set: `review = 'OPEN'`, platform: null },
};

export interface EnforceInput {
  kind: ActKind;
  roomIds: string[];
  reason?: string | null;
  batchId?: string | null;
  /** The standing containment order that took the decision. */
  orderId?: string | null;
  /** The response rule (and its version) that took the decision. */
  rule?: { id: string; version: number } | null;
  /** The caller writes its own audit entry for the whole operation. */
  skipAudit?: boolean;
}

export interface Skipped {
  roomId: string;
  why: string;
}

export interface EnforceResult {
  kind: ActKind;
  applied: { roomId: string; actionId: string; version: number }[];
  skipped: Skipped[];
}

/** Tells the wall about committed decisions (callers that own the transaction call it after COMMIT). */
export function announce(deps: EnforceDeps, kind: ActKind, applied: { id: string; version: number | string }[]) {
  if (applied.length === 0) return;
  if (REMOVES.has(kind)) deps.onRoomsRemoved(applied.map((a) => ({ id: a.id, version: Number(a.version) })));
  else deps.onRoomsChanged(applied.map((a) => a.id));
}

/** Delivery jobs, inserted in the caller's transaction so they exist exactly when the actions do. */
export async function enqueueDelivery(queue: Queue | null, client: PoolClient, actionIds: string[]) {
  if (!queue) return;
  const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
  for (let i = 0; i < actionIds.length; i += DELIVERY_CHUNK) {
    await queue.send(DELIVER_QUEUE, { actionIds: actionIds.slice(i, i + DELIVERY_CHUNK) }, { db });
  }
}

export interface EnforceDeps {
  pool: Pool;
  queue: Queue | null;
  /** Rooms whose wall state changed (reloaded and diffed on the next tick). */
  onRoomsChanged: (ids: string[]) => void;
  /** Rooms that left every wall: told to subscribers at once, without reloading them. */
  onRoomsRemoved: (rooms: { id: string; version: number }[]) => void;
  /** Moderators' takedowns beyond this, within its window, need a shift lead. */
  fourEyes?: FourEyesPolicy;
}

/** Decisions after which a room is on no wall. */
const REMOVES: ReadonlySet<ActKind> = new Set(["TAKEDOWN", "DISMISS"]);

/** Delivery jobs carry this many actions each: one bulk request to the platform. */
export const DELIVERY_CHUNK = 500;

/**
 * One decision on many rooms, committed set-based in one transaction: room states change, one
 * action row per room records who/why (with the idempotency key the platform will see), the
 * audit log gets one entry, and delivery jobs are enqueued in the same transaction so a crash
 * after commit cannot lose them.
 */
export async function enforceRooms(deps: EnforceDeps, actor: Actor, input: EnforceInput, client?: PoolClient): Promise<EnforceResult> {
  if (client) return enforceIn(deps, client, actor, input);
  const res = await withTransaction(deps.pool, (c) => enforceIn(deps, c, actor, input));
  announce(
    deps,
    input.kind,
    res.applied.map((a) => ({ id: a.roomId, version: a.version })),
  );
  return res;
}

/** The decision inside the caller's transaction (announcing it is the caller's, after COMMIT). */
async function enforceIn(deps: EnforceDeps, client: PoolClient, actor: Actor, input: EnforceInput): Promise<EnforceResult> {
  const roomIds = [...new Set(input.roomIds)];
  const t = TRANSITIONS[input.kind];
  const limited = input.kind === "TAKEDOWN" && deps.fourEyes && counted(actor) ? deps.fourEyes : null;
  const recent = limited ? await takenDownRecently(client, actor.id, limited.windowMs) : 0;
  const updated = await client.query<{ id: string; accountId: string; firstFlaggedAt: Date | null; version: number }>(
    `UPDATE live_rooms r SET ${t.set}, version = nextval('live_rooms_version_seq'), "updatedAt" = now(),
            "reviewedAt" = now(), "reviewedById" = $2, "reviewedByEmail" = $3
     WHERE r.id = ANY($1::text[]) AND ${t.where}
     RETURNING r.id, r."accountId", r."firstFlaggedAt", r.version`,
    [roomIds, actor.id, actor.email],
  );
  const applied = updated.rows.map((r) => ({ ...r, actionId: randomUUID() }));
  // Counted after the update, so rooms that were already down cost nothing; over the line, the
  // whole decision rolls back.
  if (limited && recent + applied.length > limited.threshold) throw overThresholdError(limited, recent, applied.length);
  const appliedIds = new Set(applied.map((a) => a.id));
  const skipped = await explainSkipped(
    client,
    input.kind,
    roomIds.filter((id) => !appliedIds.has(id)),
  );

  if (applied.length) {
    const now = Date.now();
    const timed = input.kind === "TAKEDOWN" || input.kind === "DISMISS" || input.kind === "ESCALATE";
    await client.query(
      `INSERT INTO enforcement_actions (id, kind, "roomId", "accountId", "actorId", "actorEmail", reason, "batchId", "orderId", "ruleId", "ruleVersion", "idempotencyKey", delivery, "flagToActionMs")
       SELECT id, $1::"EnforcementKind", room, acc, $2, $3, $4, $5, $11, $12, $13, id, $6::"DeliveryStatus", ms
       FROM unnest($7::text[], $8::text[], $9::text[], $10::int[]) AS u(id, room, acc, ms)`,
      [
        input.kind,
        actor.id,
        actor.email,
        input.reason ?? null,
        input.batchId ?? null,
        t.platform ? "PENDING" : "NOT_REQUIRED",
        applied.map((a) => a.actionId),
        applied.map((a) => a.id),
        applied.map((a) => a.accountId),
        applied.map((a) => (timed && a.firstFlaggedAt ? Math.max(0, now - a.firstFlaggedAt.getTime()) : null)),
        input.orderId ?? null,
        input.rule?.id ?? null,
        input.rule?.version ?? null,
      ],
    );
    if (t.platform)
      await enqueueDelivery(
        deps.queue,
        client,
        applied.map((a) => a.actionId),
      );
  }
  if (!input.batchId && !input.orderId && !input.rule && !input.skipAudit) {
    // Batches and orders write their own audit entries; a single decision is audited here.
    await recordAudit(client, actor, {
      action: `room.${input.kind.toLowerCase()}`,
      targetType: "room",
      targetId: roomIds.length === 1 ? roomIds[0] : null,
      reason: input.reason ?? null,
      details: { applied: applied.map((a) => a.id).slice(0, 50), appliedCount: applied.length, skipped: skipped.slice(0, 50) },
    });
  }
  return { applied: applied.map((a) => ({ roomId: a.id, actionId: a.actionId, version: Number(a.version) })), skipped, kind: input.kind };
}

async function explainSkipped(client: PoolClient, kind: ActKind, ids: string[]): Promise<Skipped[]> {
  if (ids.length === 0) return [];
  const res = await client.query<{ id: string; status: string; review: string }>(`SELECT id, status, review FROM live_rooms WHERE id = ANY($1::text[])`, [ids]);
  const found = new Map(res.rows.map((r) => [r.id, r]));
  return ids.map((roomId) => {
    const r = found.get(roomId);
    if (!r) return { roomId, why: "unknown room" };
    if (r.status === "TAKEN_DOWN") return { roomId, why: kind === "TAKEDOWN" ? "already taken down" : "taken down" };
    if (r.status === "ENDED") return { roomId, why: "stream already ended" };
    if (kind === "RESTORE") return { roomId, why: "not taken down" };
    return { roomId, why: `already ${r.review.toLowerCase()}` };
  });
}
