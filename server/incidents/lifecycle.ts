import { randomUUID } from "node:crypto";
import { DomainError } from "../errors";
import type { Db } from "../db/prisma";
import type { Pool } from "../db/pool";
import { recordAudit, type Actor } from "../audit/audit-log";
import { canMove, ROLE_KINDS, STATUSES, STATUS_TIMESTAMP, type RoleKind, type Severity, type Status } from "../contracts/incidents";
import { addTimeline, msg, snapshotMetrics } from "./timeline";
import { backfillTimeline } from "./backfill";
import { withTransaction } from "../db/transaction";

export interface IncidentNotifier {
  /** Something on the incident changed: open pages refetch it. */
  changed(incidentId: string): void;
  /** P0/P1 declared (or escalated to): everyone online is told at once; webhooks fire. */
  declared(i: { id: string; number: number; severity: Severity; title: string; declaredBy: string }): void;
  /** An evidence export advanced (told to the person who started it). */
  evidence?(
    userId: string,
    p: { id: string; incidentId: string; status?: string; step?: number; steps?: number; stepLabel?: string; bytes?: number | null; error?: string | null },
  ): void;
}

export interface IncidentDeps {
  db: Db;
  pool: Pool;
  notify: IncidentNotifier;
}

export interface DeclareInput {
  title: string;
  summary: string;
  severity: Severity;
  commanderId: string;
  startedAt?: Date;
  detectedAt?: Date;
  alertId?: string | null;
}

/**
 * When the first room of the wave's rings went live (bounded to two hours before `detectedAt`):
 * the rings the alert names now (it takes in rings as they grow), those that orders following
 * the alert contain, and any ring that was growing when the alert fired — an alert raised on
 * the flag rate alone may name no ring yet, and "impact began when detected" would hide the
 * time it took to detect.
 */
async function impactStartOf(deps: IncidentDeps, alertId: string, detectedAt: Date): Promise<Date> {
  const res = await deps.pool.query<{ first: Date | null }>(
    `WITH rings AS (
       SELECT unnest("clusterIds") AS id FROM attack_alerts WHERE id = $1
       UNION SELECT unnest("clusterIds") FROM containment_orders WHERE "followAlertId" = $1
       UNION SELECT "clusterId" FROM account_cluster_members
             WHERE "joinedAt" BETWEEN $2::timestamptz - interval '5 minutes' AND $2::timestamptz + interval '1 minute'
             GROUP BY "clusterId" HAVING count(*) >= 10)
     SELECT min(r."startedAt") AS first FROM live_rooms r JOIN account_cluster_members m ON m."accountId" = r."accountId"
     WHERE m."clusterId" IN (SELECT id FROM rings) AND r."startedAt" BETWEEN $2::timestamptz - interval '2 hours' AND $2::timestamptz`,
    [alertId, detectedAt],
  );
  return res.rows[0]?.first ?? detectedAt;
}

export async function declareIncident(deps: IncidentDeps, actor: Actor, input: DeclareInput) {
  const commander = await deps.db.user.findUnique({ where: { id: input.commanderId } });
  if (!commander || commander.deactivatedAt) throw DomainError.of("BAD_REQUEST", "incidents.commanderInactive");
  const now = new Date();
  let startedAt = input.startedAt ?? now;
  let detectedAt = input.detectedAt ?? now;
  if (input.alertId) {
    const alert = await deps.db.attackAlert.findUnique({ where: { id: input.alertId } });
    if (!alert) throw DomainError.of("NOT_FOUND", "incidents.alertNotFound");
    // From an alert: detected when the detector fired; impact began when the first room of the
    // alert's rings went live (time to detect is the gap), never more than two hours before.
    detectedAt = input.detectedAt ?? alert.openedAt;
    startedAt = input.startedAt ?? (await impactStartOf(deps, alert.id, alert.openedAt));
  }
  if (startedAt > now || detectedAt > now) throw DomainError.of("BAD_REQUEST", "incidents.future");
  if (detectedAt < startedAt) throw DomainError.of("BAD_REQUEST", "incidents.detectedBeforeStart");
  const id = randomUUID();
  const incident = await deps.db.$transaction(async (tx) => {
    const inc = await tx.incident.create({
      data: {
        id,
        title: input.title,
        summary: input.summary,
        severity: input.severity,
        startedAt,
        detectedAt,
        declaredById: actor.id,
        declaredByEmail: actor.email,
        alertId: input.alertId ?? null,
        roles: { create: { id: randomUUID(), role: "COMMANDER", userId: commander.id, userEmail: commander.email, assignedBy: actor.email } },
      },
    });
    if (input.alertId) await tx.attackAlert.update({ where: { id: input.alertId }, data: { incidentId: id } });
    await recordAudit(tx, actor, {
      action: "incident.declare",
      targetType: "incident",
      targetId: id,
      details: { severity: input.severity, title: input.title },
    });
    return inc;
  });
  await addTimeline(
    deps.pool,
    id,
    "declared",
    msg("declared", { severity: input.severity, by: actor.email, title: input.title, commander: commander.email }),
    actor.email,
  );
  // What was already done about it (the alert, takedowns, orders, controls, restores) belongs to its story.
  await withTransaction(deps.pool, (client) => backfillTimeline(client, id, startedAt, now));
  await snapshotMetrics(deps.pool); // the charts start at the declaration, not a minute later
  if (input.severity === "P0" || input.severity === "P1") {
    deps.notify.declared({ id, number: incident.number, severity: input.severity, title: input.title, declaredBy: actor.email });
  }
  deps.notify.changed(id);
  return incident;
}

async function load(deps: IncidentDeps, id: string) {
  const i = await deps.db.incident.findUnique({ where: { id } });
  if (!i) throw DomainError.of("NOT_FOUND", "incidents.notFound");
  return i;
}

export async function setSeverity(deps: IncidentDeps, actor: Actor, id: string, severity: Severity, reason: string) {
  const i = await load(deps, id);
  if (i.status === "CLOSED") throw DomainError.of("CONFLICT", "incidents.closed");
  if (i.severity === severity) return i;
  const up = Number(severity[1]) < Number(i.severity[1]);
  const out = await deps.db.incident.update({ where: { id }, data: { severity } });
  await recordAudit(deps.db, actor, {
    action: up ? "incident.escalate" : "incident.deescalate",
    targetType: "incident",
    targetId: id,
    reason,
    details: { from: i.severity, to: severity },
  });
  await addTimeline(deps.pool, id, "severity", msg(up ? "escalated" : "deescalated", { from: i.severity, to: severity, reason }), actor.email);
  if (up && (severity === "P0" || severity === "P1")) deps.notify.declared({ id, number: i.number, severity, title: i.title, declaredBy: actor.email });
  deps.notify.changed(id);
  return out;
}

export async function setStatus(deps: IncidentDeps, actor: Actor, id: string, status: Status, note: string | null) {
  const i = await load(deps, id);
  if (!canMove(i.status as Status, status))
    throw DomainError.of("CONFLICT", "incidents.badTransition", {
      from: i.status.toLowerCase(),
      to: status.toLowerCase(),
      fromState: i.status,
      toState: status,
    });
  const from = i.status as Status;
  const reopening = STATUSES.indexOf(status) < STATUSES.indexOf(from);
  const data: Record<string, unknown> = { status };
  if (reopening) {
    data.resolvedAt = null;
    if (from === "CONTAINED") data.containedAt = null;
  } else {
    // The target's timestamp, and those of steps skipped on the way (resolved implies contained).
    for (const s of STATUSES) {
      const f = STATUS_TIMESTAMP[s];
      const k = STATUSES.indexOf(s);
      if (f && k > STATUSES.indexOf(from) && k <= STATUSES.indexOf(status) && !i[f]) data[f] = new Date();
    }
  }
  const out = await deps.db.incident.update({ where: { id }, data });
  await recordAudit(deps.db, actor, { action: "incident.status", targetType: "incident", targetId: id, reason: note, details: { from: i.status, to: status } });
  await addTimeline(
    deps.pool,
    id,
    "status",
    note
      ? msg("statusChangedNote", { from: i.status.toLowerCase(), to: status.toLowerCase(), note })
      : msg("statusChanged", { from: i.status.toLowerCase(), to: status.toLowerCase() }),
    actor.email,
  );
  deps.notify.changed(id);
  return out;
}

export async function acknowledge(deps: IncidentDeps, actor: Actor, id: string) {
  const i = await load(deps, id);
  if (i.acknowledgedAt) return i;
  const out = await deps.db.incident.update({
    where: { id },
    data: { acknowledgedAt: new Date(), status: i.status === "DECLARED" ? "INVESTIGATING" : i.status },
  });
  await addTimeline(deps.pool, id, "status", msg("acknowledged", { by: actor.email }), actor.email);
  await recordAudit(deps.db, actor, { action: "incident.acknowledge", targetType: "incident", targetId: id });
  deps.notify.changed(id);
  return out;
}

/** Hands a role to someone: the previous holder's stint ends, both kept in the history. */
export async function assignRole(deps: IncidentDeps, actor: Actor, id: string, role: RoleKind, userId: string) {
  if (!ROLE_KINDS.includes(role)) throw DomainError.of("BAD_REQUEST", "incidents.unknownRole");
  const i = await load(deps, id);
  if (i.status === "CLOSED") throw DomainError.of("CONFLICT", "incidents.closed");
  const user = await deps.db.user.findUnique({ where: { id: userId } });
  if (!user || user.deactivatedAt) throw DomainError.of("BAD_REQUEST", "incidents.inactiveUser");
  const previous = await deps.db.incidentRole.findFirst({ where: { incidentId: id, role, endedAt: null } });
  if (previous?.userId === userId) return previous;
  await deps.db.$transaction([
    ...(previous ? [deps.db.incidentRole.update({ where: { id: previous.id }, data: { endedAt: new Date() } })] : []),
    deps.db.incidentRole.create({ data: { id: randomUUID(), incidentId: id, role, userId, userEmail: user.email, assignedBy: actor.email } }),
  ]);
  const label = role.toLowerCase().replace("_", " ");
  await addTimeline(
    deps.pool,
    id,
    "role",
    previous ? msg("roleHanded", { role: label, from: previous.userEmail, to: user.email }) : msg("roleGiven", { user: user.email, role: label }),
    actor.email,
  );
  await recordAudit(deps.db, actor, {
    action: "incident.role",
    targetType: "incident",
    targetId: id,
    details: { role, from: previous?.userEmail ?? null, to: user.email },
  });
  deps.notify.changed(id);
}

export async function editStartedAt(deps: IncidentDeps, actor: Actor, id: string, startedAt: Date) {
  const i = await load(deps, id);
  if (startedAt > i.detectedAt) throw DomainError.of("BAD_REQUEST", "incidents.startAfterDetected");
  await deps.db.incident.update({ where: { id }, data: { startedAt } });
  await addTimeline(deps.pool, id, "status", msg("impactStart", { at: startedAt.toISOString(), was: i.startedAt.toISOString() }), actor.email);
  await recordAudit(deps.db, actor, {
    action: "incident.started_at",
    targetType: "incident",
    targetId: id,
    details: { from: i.startedAt.toISOString(), to: startedAt.toISOString() },
  });
  deps.notify.changed(id);
}

export async function addStatusUpdate(deps: IncidentDeps, actor: Actor, id: string, u: { status: string; impact: string; nextSteps: string }) {
  const i = await load(deps, id);
  if (i.status === "CLOSED") throw DomainError.of("CONFLICT", "incidents.closed");
  const update = { status: u.status, impact: u.impact, nextSteps: u.nextSteps };
  await deps.db.statusUpdate.create({ data: { ...update, id: randomUUID(), incidentId: id, authorEmail: actor.email } });
  await addTimeline(deps.pool, id, "update", msg("update", { status: u.status }), actor.email, update);
  deps.notify.changed(id);
}

export async function addNote(deps: IncidentDeps, actor: Actor, id: string, text: string) {
  await load(deps, id);
  await addTimeline(deps.pool, id, "note", text, actor.email);
  deps.notify.changed(id);
}
