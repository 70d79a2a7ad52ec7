import { createHash, randomUUID } from "node:crypto";
import type { z } from "zod";
import { describeScope, type Scope, type ZMode } from "../contracts/controls";

export { describeScope, ZMode, ZScope, type Scope } from "../contracts/controls";
import type { Pool } from "../db/pool";
import { DomainError } from "../errors";
import { recordAudit, type Actor } from "../audit/audit-log";
import { announce, enforceRooms, type EnforceDeps } from "../enforcement/enforce-rooms";
import { addToOpenIncidents, msg, type TimelineMsg } from "../incidents/timeline";
import { sendOne, type PlatformAdapter } from "../enforcement/adapters/types";
import { withTransaction } from "../db/transaction";
import { errField, logger } from "../observability/log";

const log = logger("controls");

export interface ControlDeps {
  pool: Pool;
  enforce: EnforceDeps;
  adapter: PlatformAdapter;
  onChanged: () => void;
}

/** SQL matching live rooms in a scope (for "end existing streams"). */
function scopeRoomsSql(s: Scope): { sql: string; params: unknown[] } {
  const base = `SELECT r.id FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId" WHERE r.status = 'LIVE'`;
  switch (s.kind) {
    case "ALL":
      return { sql: base, params: [] };
    case "ACCOUNT_AGE":
      return { sql: `${base} AND a."registeredAt" > now() - make_interval(days => $1)`, params: [Number(s.value)] };
    case "UNVERIFIED":
      return { sql: `${base} AND NOT a."realNameVerified"`, params: [] };
    case "CATEGORY":
      return { sql: `${base} AND r.category = $1`, params: [s.value] };
    default:
      return { sql: `${base} AND EXISTS (SELECT 1 FROM account_cluster_members m WHERE m."accountId" = a.id AND m."clusterId" = $1)`, params: [s.value] };
  }
}

/** Sets a lever for a scope: audited, on every open incident's timeline, sent to the platform. */
export async function setControl(
  deps: ControlDeps,
  actor: Actor,
  input: { scope: Scope; mode: z.infer<typeof ZMode>; maxStartsPerMin?: number | null; reason: string },
  /** A person setting what is already in force is told so (automatic callers re-assert quietly). */
  opts: { refuseSame?: boolean } = {},
) {
  if (input.mode === "THROTTLED" && !input.maxStartsPerMin) throw DomainError.of("BAD_REQUEST", "controls.throttleNeedsRate");
  if (opts.refuseSame && input.mode !== "END_EXISTING") {
    const same = await deps.pool.query(
      `SELECT 1 FROM live_controls WHERE "scopeKind" = $1 AND "scopeValue" = $2 AND mode = $3 AND "maxStartsPerMin" IS NOT DISTINCT FROM $4 AND "restorePercent" IS NULL`,
      [input.scope.kind, input.scope.value, input.mode, input.mode === "THROTTLED" ? input.maxStartsPerMin : null],
    );
    const openDefault =
      input.mode === "OPEN" &&
      !(await deps.pool.query(`SELECT 1 FROM live_controls WHERE "scopeKind" = $1 AND "scopeValue" = $2`, [input.scope.kind, input.scope.value])).rowCount;
    const what = describeScope(input.scope);
    if (same.rowCount || openDefault)
      throw input.mode === "THROTTLED"
        ? DomainError.of("CONFLICT", "controls.alreadyThrottled", { scope: `${what[0].toUpperCase()}${what.slice(1)}`, rate: String(input.maxStartsPerMin) })
        : DomainError.of("CONFLICT", "controls.alreadyMode", {
            scope: `${what[0].toUpperCase()}${what.slice(1)}`,
            mode: input.mode.toLowerCase(),
            state: input.mode,
          });
  }
  const stored = input.mode === "END_EXISTING" ? "PAUSED" : input.mode; // ending streams also stops new ones
  const endedRooms = await withTransaction(deps.pool, async (client) => {
    let endedRooms: { id: string; version: number }[] = [];
    await client.query(
      `INSERT INTO live_controls (id, "scopeKind", "scopeValue", mode, "maxStartsPerMin", "updatedByEmail")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("scopeKind", "scopeValue") DO UPDATE SET mode = EXCLUDED.mode, "maxStartsPerMin" = EXCLUDED."maxStartsPerMin",
         "restorePercent" = NULL, "restorePlan" = '{}', "restoreHoldSec" = NULL, "nextStageAt" = NULL, "updatedAt" = now(), "updatedByEmail" = EXCLUDED."updatedByEmail"`,
      [randomUUID(), input.scope.kind, input.scope.value, stored, input.mode === "THROTTLED" ? input.maxStartsPerMin : null, actor.email],
    );
    if (input.mode === "END_EXISTING") {
      const q = scopeRoomsSql(input.scope);
      const rooms = await client.query<{ id: string }>(q.sql, q.params);
      const res = await enforceRooms(
        deps.enforce,
        actor,
        {
          kind: "TAKEDOWN",
          roomIds: rooms.rows.map((r) => r.id),
          reason: `Live control: end existing streams (${describeScope(input.scope)})`,
          skipAudit: true,
        },
        client,
      );
      endedRooms = res.applied.map((a) => ({ id: a.roomId, version: a.version }));
    }
    await recordAudit(client, actor, {
      action: "control.set",
      targetType: "live_control",
      targetId: `${input.scope.kind}:${input.scope.value}`,
      reason: input.reason,
      details: { mode: input.mode, maxStartsPerMin: input.maxStartsPerMin ?? null, ended: endedRooms.length },
    });
    return endedRooms;
  });
  // Ended streams leave every wall now that the transaction committed.
  announce(deps.enforce, "TAKEDOWN", endedRooms);
  const ended = endedRooms.length;
  const text = msg("controlSet", {
    ...scopeParams(input.scope),
    mode: input.mode,
    max: input.maxStartsPerMin ?? 0,
    ended,
    reason: input.reason,
  });
  await addToOpenIncidents(deps.pool, "control", text, actor.email, {
    scope: input.scope,
    mode: input.mode,
    ended,
  });
  await tellPlatform(deps, input.scope, input.mode, input.maxStartsPerMin ?? null, null);
  deps.onChanged();
  return { ended };
}

/** Staged restore: e.g. 10 % → 50 % → 100 % of normal live starts, holding each stage. */
export async function startRestore(deps: ControlDeps, actor: Actor, scope: Scope, plan: number[], holdSec: number) {
  const res = await deps.pool.query(
    `UPDATE live_controls SET mode = 'THROTTLED', "maxStartsPerMin" = NULL, "restorePercent" = $3, "restorePlan" = $4, "restoreHoldSec" = $5::int,
       "nextStageAt" = now() + make_interval(secs => $5::int), "updatedAt" = now(), "updatedByEmail" = $6
     WHERE "scopeKind" = $1 AND "scopeValue" = $2 AND mode IN ('PAUSED', 'THROTTLED') RETURNING id`,
    [scope.kind, scope.value, plan[0], plan, holdSec, actor.email],
  );
  if (!res.rowCount) throw DomainError.of("CONFLICT", "controls.notRestorable");
  await audited(deps, actor, "control.restore.start", scope, msg("restoreStarted", { ...scopeParams(scope), plan: plan.join("% → "), holdSec }), {
    plan,
    holdSec,
  });
  await tellPlatform(deps, scope, "THROTTLED", null, plan[0]);
  deps.onChanged();
}

/** Back to paused: the restore is abandoned (the attack came back). */
export async function rollbackRestore(deps: ControlDeps, actor: Actor, scope: Scope) {
  const res = await deps.pool.query(
    `UPDATE live_controls SET mode = 'PAUSED', "restorePercent" = NULL, "restorePlan" = '{}', "nextStageAt" = NULL, "updatedAt" = now(), "updatedByEmail" = $3
     WHERE "scopeKind" = $1 AND "scopeValue" = $2 RETURNING id`,
    [scope.kind, scope.value, actor.email],
  );
  if (!res.rowCount) throw DomainError.of("NOT_FOUND", "controls.noControl");
  await audited(deps, actor, "control.restore.rollback", scope, msg("restoreRolledBack", scopeParams(scope)), {});
  await tellPlatform(deps, scope, "PAUSED", null, null);
  deps.onChanged();
}

/** Moves restores whose hold has passed to their next stage; 100 % opens the scope. */
export async function advanceRestores(deps: ControlDeps, now = new Date()) {
  const due = await deps.pool.query<{
    id: string;
    scopeKind: string;
    scopeValue: string;
    restorePercent: number;
    restorePlan: number[];
    restoreHoldSec: number;
  }>(`SELECT id, "scopeKind", "scopeValue", "restorePercent", "restorePlan", "restoreHoldSec" FROM live_controls WHERE "nextStageAt" <= $1`, [now]);
  for (const c of due.rows) {
    const next = c.restorePlan.find((p) => p > c.restorePercent) ?? 100;
    const done = next >= 100;
    await deps.pool.query(
      done
        ? `UPDATE live_controls SET mode = 'OPEN', "restorePercent" = NULL, "restorePlan" = '{}', "nextStageAt" = NULL, "updatedAt" = now() WHERE id = $1`
        : `UPDATE live_controls SET "restorePercent" = $2, "nextStageAt" = now() + make_interval(secs => $3), "updatedAt" = now() WHERE id = $1`,
      done ? [c.id] : [c.id, next, c.restoreHoldSec],
    );
    const scope = { kind: c.scopeKind, value: c.scopeValue } as Scope;
    await addToOpenIncidents(
      deps.pool,
      "control",
      done ? msg("restoreComplete", scopeParams(scope)) : msg("restoreStage", { ...scopeParams(scope), percent: next }),
      null,
      { scope, percent: next },
    );
    await tellPlatform(deps, scope, done ? "OPEN" : "THROTTLED", null, done ? null : next);
  }
  if (due.rows.length) deps.onChanged();
}

/** A scope as timeline-catalog values (the catalog words it in the reader's language). */
const scopeParams = (s: Scope) => ({ scopeKind: s.kind, scopeValue: s.value });

async function audited(deps: ControlDeps, actor: Actor, action: string, scope: Scope, text: TimelineMsg, details: Record<string, unknown>) {
  const client = await deps.pool.connect();
  try {
    await recordAudit(client, actor, { action, targetType: "live_control", targetId: `${scope.kind}:${scope.value}`, details });
  } finally {
    client.release();
  }
  await addToOpenIncidents(deps.pool, "control", text, actor.email, { scope, ...details });
}

async function tellPlatform(deps: ControlDeps, scope: Scope, mode: string, maxStartsPerMin: number | null, percent: number | null) {
  const key = `control:${scope.kind}:${scope.value}:${mode}:${maxStartsPerMin}:${percent}:${Date.now()}`;
  await sendOne(deps.adapter, { kind: "control.set", idempotencyKey: key, control: { scope, mode, maxStartsPerMin, percent } }).catch((e) => {
    log.error({ err: errField(e), scope, mode }, "the platform did not take a live control");
  });
}

/** A stable 0–99 bucket per room, so a 10 % stage admits the same rooms on every retry. */
export function bucketOf(roomId: string): number {
  return createHash("sha1").update(roomId).digest().readUInt16BE(0) % 100;
}

/** Every control, most recently changed first. */
export async function listControls(deps: ControlDeps) {
  const res = await deps.pool.query<{
    id: string;
    scopeKind: string;
    scopeValue: string;
    mode: string;
    maxStartsPerMin: number | null;
    restorePercent: number | null;
    restorePlan: number[];
    restoreHoldSec: number | null;
    nextStageAt: Date | null;
    updatedAt: Date;
    updatedByEmail: string;
    createdAt: Date;
  }>(`SELECT * FROM live_controls ORDER BY "updatedAt" DESC`);
  return res.rows;
}

/** How many would a control on this scope touch, now: live rooms (flagged among them) and accounts seen in the last day. */
export async function previewScope(deps: Pick<ControlDeps, "pool">, scope: Scope) {
  const q = scopeRoomsSql(scope);
  // The same scope, over accounts: their rooms' WHERE without the room part.
  const rooms = await deps.pool.query<{ live: number; flagged: number; streamers: number }>(
    `SELECT count(*)::int AS live, count(*) FILTER (WHERE r."flagCount" > 0)::int AS flagged, count(DISTINCT r."accountId")::int AS streamers
     FROM live_rooms r WHERE r.id IN (${q.sql})`,
    q.params,
  );
  const ladder =
    scope.kind === "ACCOUNT_AGE"
      ? (
          await deps.pool.query<{ days: number; live: number; flagged: number }>(
            `SELECT d AS days, count(r.id)::int AS live, count(r.id) FILTER (WHERE r."flagCount" > 0)::int AS flagged
             FROM unnest(ARRAY[1, 3, 7, 14, 30, 90]) AS d
             LEFT JOIN platform_accounts a ON a."registeredAt" > now() - make_interval(days => d)
             LEFT JOIN live_rooms r ON r."accountId" = a.id AND r.status = 'LIVE'
             GROUP BY d ORDER BY d`,
          )
        ).rows
      : null;
  return { ...rooms.rows[0], ladder };
}
