import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../contracts/actor";
import { withTransaction } from "../db/transaction";
import { unbanAccounts } from "../enforcement/account-actions";
import { enforceRooms } from "../enforcement/enforce-rooms";
import { setControl } from "../controls/controls";
import { ZScope } from "../contracts/controls";
import { DomainError } from "../errors";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { liftOrder } from "../orders/lift-order";
import { setRuleMode } from "./manage";
import type { RuleDeps } from "./types";

/** Rooms restored per transaction: a long undo shows progress and never holds thousands of locks at once. */
const CHUNK = 1000;

export interface UndoResult {
  restored: number;
  reopened: number;
  unbanned: number;
  ordersLifted: number;
  controlsOpened: number;
  /** Priority raises are not undone (the rooms' risk moves on with new flags anyway). */
  priorityLeft: number;
}

/**
 * Undoes everything a rule did since `since`: rooms it took down that are still down come back,
 * rooms it flagged for review go back to the queue, accounts it banned are unbanned, orders it
 * created are lifted with restore, controls it set are opened. Only where the rule's action is
 * still the latest word (a room a person took down again afterwards stays down). Optionally the
 * rule drops to shadow first, so it does not redo what is being undone.
 */
export async function undoRuleActions(
  deps: RuleDeps,
  actor: Actor,
  ruleId: string,
  o: { since: Date; reason: string; toShadow: boolean },
): Promise<UndoResult> {
  const rule = await deps.db.rule.findUnique({ where: { id: ruleId } });
  if (!rule) throw DomainError.of("NOT_FOUND", "rules.notFound");
  if (o.since.getTime() > Date.now()) throw DomainError.of("BAD_REQUEST", "rules.pastOnly");
  if (o.toShadow && rule.mode === "ENFORCE") await setRuleMode(deps, actor, ruleId, "SHADOW", `Undo: ${o.reason}`);
  const reason = `Undo rule "${rule.name}" since ${o.since.toISOString()}: ${o.reason}`;
  const out: UndoResult = { restored: 0, reopened: 0, unbanned: 0, ordersLifted: 0, controlsOpened: 0, priorityLeft: 0 };

  // Rooms: the rule's takedowns and escalations that are still the room's latest decision.
  for (const [kind, back] of [
    ["TAKEDOWN", "RESTORE"],
    ["ESCALATE", "REOPEN"],
  ] as const) {
    const rooms = await deps.pool.query<{ roomId: string }>(
      `SELECT DISTINCT ON (e."roomId") e."roomId", e."ruleId" FROM enforcement_actions e
       WHERE e."roomId" IN (SELECT "roomId" FROM enforcement_actions WHERE "ruleId" = $1 AND kind = $2::"EnforcementKind" AND "createdAt" >= $3)
         AND e.kind IN ('TAKEDOWN', 'RESTORE', 'ESCALATE', 'REOPEN', 'DISMISS')
       ORDER BY e."roomId", e."createdAt" DESC`,
      [ruleId, kind, o.since],
    );
    const ids = rooms.rows.filter((r) => (r as { ruleId?: string }).ruleId === ruleId).map((r) => r.roomId);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const res = await enforceRooms(deps.enforce, actor, { kind: back, roomIds: ids.slice(i, i + CHUNK), reason, skipAudit: true });
      if (back === "RESTORE") out.restored += res.applied.length;
      else out.reopened += res.applied.length;
      deps.notify.undoProgress({
        ruleId,
        done: Math.min(i + CHUNK, ids.length),
        total: ids.length,
        what: back === "RESTORE" ? "restoring rooms" : "reopening rooms",
      });
    }
  }

  // Accounts it banned that are still banned by it.
  const bans = await deps.pool.query<{ accountId: string }>(
    `SELECT DISTINCT ON (e."accountId") e."accountId", e."ruleId" FROM enforcement_actions e
     WHERE e."accountId" IN (SELECT "accountId" FROM enforcement_actions WHERE "ruleId" = $1 AND kind = 'BAN' AND "createdAt" >= $2)
       AND e.kind IN ('BAN', 'UNBAN')
     ORDER BY e."accountId", e."createdAt" DESC`,
    [ruleId, o.since],
  );
  const banned = bans.rows.filter((b) => (b as { ruleId?: string }).ruleId === ruleId).map((b) => b.accountId);
  for (let i = 0; i < banned.length; i += CHUNK) {
    out.unbanned += (await withTransaction(deps.pool, (c) => unbanAccounts(c, deps.enforce.queue, actor, banned.slice(i, i + CHUNK), reason))).length;
  }

  const orders = await deps.db.containmentOrder.findMany({ where: { ruleId, status: "ACTIVE", createdAt: { gte: o.since } }, select: { id: true } });
  for (const ord of orders) {
    await liftOrder(deps.orders, actor, ord.id, { restore: true, reason });
    out.ordersLifted++;
  }

  const controls = await deps.db.auditEntry.findMany({
    where: { actorId: `system:rule:${ruleId}`, action: "control.set", at: { gte: o.since } },
    select: { targetId: true },
  });
  for (const target of new Set(controls.map((c) => c.targetId ?? ""))) {
    const [kind, ...value] = target.split(":");
    const scope = ZScope.safeParse({ kind, value: value.join(":") });
    if (!scope.success) continue;
    await setControl(deps.controls, actor, { scope: scope.data, mode: "OPEN", reason });
    out.controlsOpened++;
  }

  if (rule.action === "RAISE_PRIORITY") {
    out.priorityLeft = (
      await deps.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rule_hits WHERE "ruleId" = $1 AND outcome = 'acted' AND at >= $2`, [ruleId, o.since])
    ).rows[0].n;
  }

  await recordAudit(deps.db, actor, {
    action: "rule.undo",
    targetType: "rule",
    targetId: ruleId,
    reason: o.reason,
    details: { since: o.since.toISOString(), ...out },
  });
  await addToOpenIncidents(
    deps.pool,
    "restore",
    msg("ruleUndone", {
      name: rule.name,
      since: o.since.toISOString().slice(11, 16),
      by: actor.email,
      restored: out.restored,
      unbanned: out.unbanned,
      orders: out.ordersLifted,
      reason: o.reason,
    }),
    actor.email,
    { ruleId, ...out },
  );
  deps.notify.changed(ruleId);
  return out;
}
