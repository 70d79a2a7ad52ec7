import type { PoolClient } from "pg";
import { msg, type TimelineKind, type TimelineMsg, timelineRow } from "./timeline";

interface AuditRow {
  at: Date;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

/** A count from an audit entry's details (absent: 0). */
const num = (v: unknown) => Number(v ?? 0) || 0;

/** A timeline entry for an audited action, or null for actions the timeline does not show. */
export function entryFromAudit(r: AuditRow): { kind: TimelineKind; text: string | TimelineMsg } | null {
  const d = r.details ?? {};
  const by = r.actorEmail ?? "the system";
  switch (r.action) {
    case "takedown.batch.run":
      return {
        kind: "takedown",
        text: msg("massTakedown", { by, rooms: num(d.rooms), banned: num(d.banned), reason: r.reason ?? "" }),
      };
    case "takedown.batch.restore":
      return {
        kind: "restore",
        text: msg("batchRestoreOf", { by, rooms: num(d.rooms), batch: r.targetId ?? "", unbanned: num(d.unbanned), reason: r.reason ?? "" }),
      };
    case "order.create":
      return {
        kind: "order",
        text: msg("orderCreated", {
          by,
          rings: (d.clusterIds as string[] | undefined)?.length ?? 0,
          follow: d.followAlertId ? "yes" : "no",
          reason: r.reason ?? "",
        }),
      };
    case "order.approve":
      return { kind: "order", text: msg("orderApproved", { order: r.targetId?.slice(0, 8) ?? "", by }) };
    case "order.lift":
    case "order.lift_restore":
      return {
        kind: r.action === "order.lift" ? "order" : "restore",
        text: msg("orderLiftedBy", { order: r.targetId?.slice(0, 8) ?? "", by, restored: num(d.restored), reason: r.reason ?? "" }),
      };
    case "control.set":
      return {
        kind: "control",
        text: msg("controlSetBy", { by, control: r.targetId ?? "", mode: String(d.mode ?? ""), ended: num(d.ended), reason: r.reason ?? "" }),
      };
    case "control.restore.start":
    case "control.restore.rollback":
      return {
        kind: "control",
        text: msg(r.action === "control.restore.start" ? "controlRestoreStarted" : "controlRestoreRolledBack", { control: r.targetId ?? "", by }),
      };
    case "room.restore":
      return {
        kind: "restore",
        text: r.reason
          ? msg("roomsRestoredWhy", { by, rooms: num(d.appliedCount), reason: r.reason })
          : msg("roomsRestored", { by, rooms: num(d.appliedCount) }),
      };
    default:
      return null;
  }
}

/**
 * What happened in an incident's impact window before it was declared, on its timeline: the
 * alert, takedowns, standing orders (with what they ended), controls and restores, each at the
 * time it happened. Read from the audit log (every privileged action is there) and the alerts;
 * entries carry `data.before_declaration`.
 */
export async function backfillTimeline(client: PoolClient, incidentId: string, from: Date, to: Date) {
  const audit = await client.query<AuditRow>(
    `SELECT at, "actorEmail", action, "targetId", reason, details FROM audit_log
     WHERE at >= $1 AND at <= $2 AND action = ANY($3::text[]) ORDER BY id`,
    [
      from,
      to,
      [
        "takedown.batch.run",
        "takedown.batch.restore",
        "order.create",
        "order.approve",
        "order.lift",
        "order.lift_restore",
        "control.set",
        "control.restore.start",
        "control.restore.rollback",
        "room.restore",
      ],
    ],
  );
  const entries = audit.rows.flatMap((r) => {
    const e = entryFromAudit(r);
    return e ? [{ at: r.at, kind: e.kind, text: e.text, actor: r.actorEmail }] : [];
  });
  // Orders act many times a second in a wave: their applications become one entry per order.
  const applied = await client.query<{ targetId: string; first: Date; rooms: number; banned: number }>(
    `SELECT "targetId", min(at) AS first, sum((details->>'rooms')::int)::int AS rooms, sum((details->>'banned')::int)::int AS banned
     FROM audit_log WHERE at >= $1 AND at <= $2 AND action = 'order.apply' GROUP BY 1`,
    [from, to],
  );
  for (const a of applied.rows) {
    entries.push({
      at: a.first,
      kind: "order",
      text: msg("orderBeforeDeclaration", { order: a.targetId.slice(0, 8), rooms: a.rooms, banned: a.banned }),
      actor: null,
    });
  }
  const alerts = await client.query<{ id: string; openedAt: Date; reasons: string[] }>(
    `SELECT id, "openedAt", reasons FROM attack_alerts WHERE "openedAt" >= $1 AND "openedAt" <= $2`,
    [from, to],
  );
  for (const a of alerts.rows) entries.push({ at: a.openedAt, kind: "alert", text: msg("alert", { reasons: a.reasons.join("; ") }), actor: null });
  if (entries.length === 0) return 0;
  const rows = entries.map((e) => timelineRow(e.text, { before_declaration: true }));
  await client.query(
    `INSERT INTO incident_timeline ("incidentId", at, kind, text, "actorEmail", data)
     SELECT $1, at, kind, text, actor, data::jsonb FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(at, kind, text, actor, data)`,
    [incidentId, entries.map((e) => e.at), entries.map((e) => e.kind), rows.map((r) => r.text), entries.map((e) => e.actor), rows.map((r) => r.data)],
  );
  return entries.length;
}
