import type { Pool } from "../db/pool";

export type TimelineKind =
  | "severity"
  | "status"
  | "role"
  | "takedown"
  | "order"
  | "restore"
  | "cluster"
  | "control"
  | "alert"
  | "metrics"
  | "note"
  | "update"
  | "declared"
  | "rule"
  | "playbook";

/** Adds an entry to one incident's timeline. */
export async function addTimeline(pool: Pool, incidentId: string, kind: TimelineKind, text: string, actorEmail: string | null, data?: unknown) {
  await pool.query(`INSERT INTO incident_timeline ("incidentId", kind, text, "actorEmail", data) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    incidentId,
    kind,
    text,
    actorEmail,
    data === undefined ? null : JSON.stringify(data),
  ]);
}

/**
 * Adds an entry to every open incident (declared … resolved): moderation actions, controls and
 * alerts feed the timeline without anyone copying them by hand. Returns the incident ids.
 */
export async function addToOpenIncidents(pool: Pool, kind: TimelineKind, text: string, actorEmail: string | null, data?: unknown): Promise<string[]> {
  const res = await pool.query<{ id: string }>(
    `INSERT INTO incident_timeline ("incidentId", kind, text, "actorEmail", data)
     SELECT id, $1, $2, $3, $4::jsonb FROM incidents WHERE status IN ('DECLARED', 'INVESTIGATING', 'CONTAINED') RETURNING "incidentId" AS id`,
    [kind, text, actorEmail, data === undefined ? null : JSON.stringify(data)],
  );
  return res.rows.map((r) => r.id);
}

/** Once a minute per open incident: flag rate, flagged live rooms, takedowns, viewers on flagged rooms. */
export async function snapshotMetrics(pool: Pool, now = Date.now()): Promise<string[]> {
  const sec = Math.floor(now / 1000);
  const res = await pool.query<{ id: string }>(
    `WITH m AS (
       SELECT (SELECT COALESCE(sum(count), 0) FROM flag_rate WHERE second > $1 - 60 AND second <= $1)::float8 / 60 AS rate,
              (SELECT count(*) FROM live_rooms WHERE status = 'LIVE' AND "flagCount" > 0)::int AS live,
              (SELECT count(*) FROM enforcement_actions WHERE kind = 'TAKEDOWN' AND "createdAt" > to_timestamp($1) - interval '60 seconds')::int AS downs,
              -- Viewer counts are sender-reported (up to 10^9 each): clamp the sum to the column's range.
              LEAST((SELECT COALESCE(sum("viewerCount"), 0) FROM live_rooms WHERE status = 'LIVE' AND "flagCount" > 0 AND review IN ('OPEN', 'ESCALATED')), 2147483647)::int AS viewers)
     INSERT INTO incident_metrics ("incidentId", at, "flagRate", "flaggedLive", takedowns, "viewersOnFlagged")
     SELECT i.id, to_timestamp($1), m.rate, m.live, m.downs, m.viewers FROM incidents i, m
     WHERE i.status IN ('DECLARED', 'INVESTIGATING', 'CONTAINED') RETURNING "incidentId" AS id`,
    [sec],
  );
  return res.rows.map((r) => r.id);
}

/** The timeline as exported (CSV/JSON), oldest first, optionally of one kind. */
export async function timelineExport(pool: Pool, incidentId: string, kind: string | null) {
  const res = await pool.query<{ at: Date; kind: string; actor: string | null; text: string; data: unknown }>(
    `SELECT at, kind, "actorEmail" AS actor, text, data FROM incident_timeline WHERE "incidentId" = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY at, id`,
    [incidentId, kind],
  );
  return res.rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, actor: r.actor, text: r.text, data: r.data }));
}
