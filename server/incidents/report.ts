import type { Db } from "../db/prisma";
import type { Pool } from "../db/pool";
import { durations, SEVERITIES, updateDue, type Severity, type Status } from "../contracts/incidents";

export interface Impact {
  roomsTakenDown: number;
  accountsBanned: number;
  peakViewersOnFlagged: number;
  viewerMinutesExposed: number;
  peakFlagRate: number;
}

/** Headline numbers over the incident's window (start of impact → resolution or now). */
export async function incidentImpact(pool: Pool, incidentId: string, from: Date, to: Date): Promise<Impact> {
  const r = await pool.query<Impact>(
    `SELECT
       (SELECT count(*) FROM enforcement_actions WHERE kind = 'TAKEDOWN' AND "createdAt" BETWEEN $2 AND $3)::int AS "roomsTakenDown",
       (SELECT count(*) FROM enforcement_actions WHERE kind = 'BAN' AND "createdAt" BETWEEN $2 AND $3)::int AS "accountsBanned",
       (SELECT COALESCE(max("viewersOnFlagged"), 0) FROM incident_metrics WHERE "incidentId" = $1)::int AS "peakViewersOnFlagged",
       (SELECT COALESCE(sum("viewersOnFlagged"), 0) FROM incident_metrics WHERE "incidentId" = $1)::bigint AS "viewerMinutesExposed",
       GREATEST(
         (SELECT COALESCE(max("flagRate"), 0) FROM incident_metrics WHERE "incidentId" = $1),
         (SELECT COALESCE(max(c), 0) FROM (SELECT sum(count) OVER (ORDER BY second RANGE BETWEEN 59 PRECEDING AND CURRENT ROW) / 60.0 AS c
            FROM flag_rate WHERE second BETWEEN extract(epoch FROM $2)::bigint AND extract(epoch FROM $3)::bigint) w)
       )::float8 AS "peakFlagRate"`,
    [incidentId, from, to],
  );
  return r.rows[0];
}

/** Everything the incident page and the executive report show. */
export async function incidentView(db: Db, pool: Pool, id: string, now = Date.now()) {
  const i = await db.incident.findUnique({
    where: { id },
    include: {
      roles: { orderBy: { startedAt: "asc" } },
      updates: { orderBy: { at: "desc" }, take: 500 },
      actionItems: { orderBy: { dueDate: "asc" }, take: 500 },
      // A minute each: five days of an open incident.
      metrics: { orderBy: { at: "asc" }, take: 7200, select: { at: true, flagRate: true, flaggedLive: true, takedowns: true, viewersOnFlagged: true } },
    },
  });
  if (!i) return null;
  const timeline = await db.timelineEntry.findMany({ where: { incidentId: id }, orderBy: { at: "asc" }, take: 5000 });
  const end = i.resolvedAt ?? new Date(now);
  const lastUpdate = i.updates[0]?.at ?? i.declaredAt;
  return {
    ...i,
    severityInfo: SEVERITIES[i.severity as Severity],
    durations: durations(i),
    updateDue: updateDue(i.severity as Severity, lastUpdate.getTime(), i.status as Status, now),
    impact: await incidentImpact(pool, id, i.startedAt, end),
    timeline: timeline.map((t) => ({ ...t, id: String(t.id) })),
  };
}
export type IncidentView = NonNullable<Awaited<ReturnType<typeof incidentView>>>;

const fmtMs = (ms: number | null) => (ms === null ? "not yet" : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** A first draft of the post-incident review, from the timeline and the numbers. */
export function draftReview(v: IncidentView) {
  const byKind = (k: string) => v.timeline.filter((t) => t.kind === k);
  const takedowns = byKind("takedown");
  const controls = byKind("control");
  const alerts = byKind("alert");
  return {
    whatHappened: [
      `${v.severity} incident #${v.number}, “${v.title}”. ${v.summary}`,
      `Impact began ${v.startedAt.toISOString()}, was detected ${fmtMs(v.durations.timeToDetectMs)} later and declared at ${v.declaredAt.toISOString()} by ${v.declaredByEmail}.`,
      ...alerts.slice(0, 3).map((a) => `Alert: ${a.text}`),
    ].join("\n"),
    impact: [
      `${v.impact.roomsTakenDown.toLocaleString("en-US")} rooms taken down, ${v.impact.accountsBanned.toLocaleString("en-US")} accounts banned.`,
      `Peak ${Math.round(v.impact.peakFlagRate).toLocaleString("en-US")} flags/s; up to ${v.impact.peakViewersOnFlagged.toLocaleString("en-US")} viewers on flagged rooms, ${v.impact.viewerMinutesExposed.toLocaleString("en-US")} viewer-minutes exposed.`,
      `Time to detect ${fmtMs(v.durations.timeToDetectMs)}, to contain ${fmtMs(v.durations.timeToContainMs)}, to resolve ${fmtMs(v.durations.timeToResolveMs)}.`,
    ].join("\n"),
    whatWorked:
      [
        takedowns.length
          ? `${takedowns.length} mass takedown${takedowns.length === 1 ? "" : "s"}: ${takedowns
              .slice(0, 3)
              .map((t) => t.text)
              .join("; ")}`
          : "",
        controls.length
          ? `Live controls used: ${controls
              .slice(0, 4)
              .map((c) => c.text)
              .join("; ")}`
          : "",
      ]
        .filter(Boolean)
        .join("\n") || "(to be written by the team)",
    whatDidNot:
      [
        v.durations.timeToDetectMs > 5 * 60_000 ? `Detection took ${fmtMs(v.durations.timeToDetectMs)}.` : "",
        v.updateDue?.overdue ? "Executive status updates fell behind their cadence." : "",
      ]
        .filter(Boolean)
        .join("\n") || "(to be written by the team)",
  };
}
