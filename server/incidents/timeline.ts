import { createTranslator } from "use-intl/core";
import type { Pool } from "../db/pool";
import enTimeline from "../contracts/i18n/en/timeline.json";

/**
 * A timeline entry written from the timeline catalog (server/contracts/i18n/<locale>/timeline.json):
 * the key and its values are stored with the entry (data.msg), so each reader sees it in their
 * language; its English text is stored too, for exports, reports and webhooks. Values people
 * wrote (reasons, titles, notes) stay as written.
 */
export interface TimelineMsg {
  key: keyof typeof enTimeline;
  params: Record<string, string | number>;
}

export const msg = (key: TimelineMsg["key"], params: TimelineMsg["params"] = {}): TimelineMsg => ({ key, params });

const english = createTranslator({ locale: "en", messages: { timeline: enTimeline } as never, namespace: "timeline" as never }) as unknown as (
  key: string,
  params?: Record<string, string | number>,
) => string;

/** An entry's stored text and data: a catalog message becomes its English text plus data.msg. */
export function timelineRow(text: string | TimelineMsg, data: unknown): { text: string; data: string | null } {
  if (typeof text === "string") return { text, data: data === undefined ? null : JSON.stringify(data) };
  const base = data && typeof data === "object" && !Array.isArray(data) ? data : data === undefined ? {} : { value: data };
  return { text: english(text.key, text.params), data: JSON.stringify({ ...base, msg: text }) };
}

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
export async function addTimeline(pool: Pool, incidentId: string, kind: TimelineKind, text: string | TimelineMsg, actorEmail: string | null, data?: unknown) {
  const e = timelineRow(text, data);
  await pool.query(`INSERT INTO incident_timeline ("incidentId", kind, text, "actorEmail", data) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    incidentId,
    kind,
    e.text,
    actorEmail,
    e.data,
  ]);
}

/**
 * Adds an entry to every open incident (declared … resolved): moderation actions, controls and
 * alerts feed the timeline without anyone copying them by hand. Returns the incident ids.
 */
export async function addToOpenIncidents(
  pool: Pool,
  kind: TimelineKind,
  text: string | TimelineMsg,
  actorEmail: string | null,
  data?: unknown,
): Promise<string[]> {
  const e = timelineRow(text, data);
  const res = await pool.query<{ id: string }>(
    `INSERT INTO incident_timeline ("incidentId", kind, text, "actorEmail", data)
     SELECT id, $1, $2, $3, $4::jsonb FROM incidents WHERE status IN ('DECLARED', 'INVESTIGATING', 'CONTAINED') RETURNING "incidentId" AS id`,
    [kind, e.text, actorEmail, e.data],
  );
  return res.rows.map((r) => r.id);
}

/**
 * Once a minute per open incident (and at the declaration): flag rate, flagged live rooms,
 * takedowns since the incident's previous snapshot, and the viewers on live flagged rooms
 * awaiting a decision — a sum at this instant, so the report's peak is a peak of sums and its
 * viewer-minutes integrate sums over the time between snapshots (report.ts).
 */
export async function snapshotMetrics(pool: Pool, now = Date.now()): Promise<string[]> {
  const res = await pool.query<{ id: string }>(
    `WITH m AS (
       SELECT (SELECT COALESCE(sum(count), 0) FROM flag_rate WHERE second > $1 - 60 AND second <= $1)::float8 / 60 AS rate,
              (SELECT count(*) FROM live_rooms WHERE status = 'LIVE' AND "flagCount" > 0)::int AS live,
              -- Sender-reported counts (up to 10^9 each) summed as bigint; the column is an int.
              LEAST((SELECT COALESCE(sum("viewerCount"::bigint), 0) FROM live_rooms WHERE status = 'LIVE' AND "flagCount" > 0 AND review IN ('OPEN', 'ESCALATED')), 2147483647)::int AS viewers)
     INSERT INTO incident_metrics ("incidentId", at, "flagRate", "flaggedLive", takedowns, "viewersOnFlagged")
     SELECT i.id, $2, m.rate, m.live,
            -- Every takedown decision (people, batches, standing orders, rules) since this incident's last snapshot.
            (SELECT count(*) FROM enforcement_actions WHERE kind = 'TAKEDOWN' AND "createdAt" <= $2
               AND "createdAt" > COALESCE((SELECT max(at) FROM incident_metrics p WHERE p."incidentId" = i.id AND p.at < $2), $2::timestamptz - interval '60 seconds'))::int,
            m.viewers
     FROM incidents i, m
     WHERE i.status IN ('DECLARED', 'INVESTIGATING', 'CONTAINED') RETURNING "incidentId" AS id`,
    [Math.floor(now / 1000), new Date(now)],
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
