import { createTranslator } from "use-intl/core";
import type { Db } from "../db/prisma";
import type { Locale } from "../contracts/i18n/locales";
import { MESSAGES } from "../contracts/i18n/messages";
import type { Pool } from "../db/pool";
import { durations, SEVERITIES, updateDue, type Severity, type Status } from "../contracts/incidents";

/** Flag rates are averages over this window, the attack-wave alert's own (flags in the last 30 s ÷ 30). */
export const FLAG_RATE_WINDOW_SEC = 30;
/** A metrics snapshot stands for the time until the next one, at most this long: twice the
 * one-minute cadence, so a late tick still counts and a stopped server is not guessed at. */
export const SNAPSHOT_HOLD_MS = 120_000;
/** The chart's per-minute series: five days of an open incident. */
const SERIES_MINUTES = 7200;

export interface Impact {
  /** Distinct rooms with a takedown in the window, whoever took it: people, orders, rules. */
  roomsTakenDown: number;
  /** Takedown decisions by what made them. */
  takedownsBy: { orders: number; rules: number; batches: number; single: number };
  roomsRestored: number;
  accountsBanned: number;
  /** Decisions the platform never confirmed (delivery failed). */
  deliveryFailed: number;
  /** The highest sum, at one snapshot, of viewers on live flagged rooms awaiting a decision. */
  peakViewersOnFlagged: number;
  peakViewersAt: Date | null;
  /** ∫ viewers dt over the snapshots: each one's sum × the minutes until the next (≤ 2 min). */
  viewerMinutesExposed: number;
  /** The first snapshot (taken at the declaration): the viewer figures are measured from here. */
  viewersMeasuredFrom: Date | null;
  /** The highest 30 s average of flags/s in the window, and when that window ended. */
  peakFlagRate: number;
  peakFlagRateAt: Date | null;
}

/** Headline numbers over the incident's window (start of impact → resolution or now). */
export async function incidentImpact(pool: Pool, incidentId: string, from: Date, to: Date): Promise<Impact> {
  const actions = await pool.query<Pick<Impact, "roomsTakenDown" | "roomsRestored" | "accountsBanned" | "deliveryFailed"> & Record<string, number>>(
    `SELECT count(DISTINCT "roomId") FILTER (WHERE kind = 'TAKEDOWN')::int AS "roomsTakenDown",
            count(DISTINCT "roomId") FILTER (WHERE kind = 'RESTORE')::int AS "roomsRestored",
            count(DISTINCT "accountId") FILTER (WHERE kind = 'BAN')::int AS "accountsBanned",
            count(*) FILTER (WHERE delivery = 'FAILED')::int AS "deliveryFailed",
            count(*) FILTER (WHERE kind = 'TAKEDOWN' AND "orderId" IS NOT NULL)::int AS orders,
            count(*) FILTER (WHERE kind = 'TAKEDOWN' AND "orderId" IS NULL AND "ruleId" IS NOT NULL)::int AS rules,
            count(*) FILTER (WHERE kind = 'TAKEDOWN' AND "orderId" IS NULL AND "ruleId" IS NULL AND "batchId" IS NOT NULL)::int AS batches,
            count(*) FILTER (WHERE kind = 'TAKEDOWN' AND "orderId" IS NULL AND "ruleId" IS NULL AND "batchId" IS NULL)::int AS single
     FROM enforcement_actions WHERE "createdAt" BETWEEN $1 AND $2`,
    [from, to],
  );
  // Snapshots are sums at one instant (timeline.ts), so the peak is the largest sum and the
  // exposure integrates sum × time held; numeric, since 2^31 viewers × 120,000 ms × 7,200 rows
  // would not fit in a bigint. Every snapshot of the incident counts (the one at the declaration
  // may precede a start of impact edited later).
  const viewers = await pool.query<{ peak: number | null; peakAt: Date | null; minutes: number | null; first: Date | null }>(
    `WITH s AS (
       SELECT at, "viewersOnFlagged"::numeric AS v, lead(at) OVER (ORDER BY at, id) AS next
       FROM incident_metrics WHERE "incidentId" = $1 AND at <= $2)
     SELECT (SELECT v FROM s ORDER BY v DESC, at LIMIT 1)::float8 AS peak,
            (SELECT at FROM s ORDER BY v DESC, at LIMIT 1) AS "peakAt",
            (SELECT round(sum(v * GREATEST(0, LEAST(extract(epoch FROM COALESCE(next, $2::timestamptz) - at) * 1000, $3))) / 60000)
               FROM s)::float8 AS minutes,
            (SELECT min(at) FROM s) AS first`,
    [incidentId, to, SNAPSHOT_HOLD_MS],
  );
  // The alert's window: the flags of the 30 s ending at each second, from the start of impact
  // on (flags before it are not the incident's).
  const rate = await pool.query<{ n: number; second: number }>(
    `SELECT second, sum(count) OVER (ORDER BY second RANGE BETWEEN ${FLAG_RATE_WINDOW_SEC - 1} PRECEDING AND CURRENT ROW)::float8 AS n
     FROM flag_rate WHERE second BETWEEN $1 AND $2 ORDER BY n DESC, second LIMIT 1`,
    [Math.floor(from.getTime() / 1000), Math.floor(to.getTime() / 1000)],
  );
  const { orders, rules, batches, single, ...counts } = actions.rows[0];
  const v = viewers.rows[0];
  const r = rate.rows[0];
  return {
    roomsTakenDown: counts.roomsTakenDown,
    takedownsBy: { orders, rules, batches, single },
    roomsRestored: counts.roomsRestored,
    accountsBanned: counts.accountsBanned,
    deliveryFailed: counts.deliveryFailed,
    peakViewersOnFlagged: v.peak ?? 0,
    peakViewersAt: v.peakAt,
    viewerMinutesExposed: v.minutes ?? 0,
    viewersMeasuredFrom: v.first,
    peakFlagRate: r ? r.n / FLAG_RATE_WINDOW_SEC : 0,
    peakFlagRateAt: r ? new Date((Number(r.second) + 1) * 1000) : null,
  };
}

export interface MinutePoint {
  /** Start of the minute. */
  at: Date;
  /** Average flags/s over the minute (over the part elapsed, for the current one). */
  flagRate: number;
  /** Takedown decisions in the minute: batches, single rooms, standing orders and rules alike. */
  takedowns: number;
}

/** Per-minute flag rate and takedowns from the start of impact, read from the source tables, so
 * the chart shows what happened before the declaration too. */
export async function minuteSeries(pool: Pool, from: Date, to: Date): Promise<MinutePoint[]> {
  const res = await pool.query<MinutePoint>(
    `WITH m AS (
       SELECT generate_series(GREATEST(date_trunc('minute', $1::timestamptz), date_trunc('minute', $2::timestamptz) - interval '${SERIES_MINUTES - 1} minutes'),
                              $2::timestamptz, interval '1 minute') AS at),
     w AS (SELECT min(at) AS lo FROM m),
     f AS (SELECT (second / 60) * 60 AS s, sum(count)::float8 AS n FROM flag_rate, w
           WHERE second >= extract(epoch FROM w.lo)::bigint AND second <= extract(epoch FROM $2::timestamptz)::bigint GROUP BY 1),
     d AS (SELECT date_trunc('minute', "createdAt") AS at, count(*)::int AS n FROM enforcement_actions, w
           WHERE kind = 'TAKEDOWN' AND "createdAt" >= w.lo AND "createdAt" <= $2 GROUP BY 1)
     SELECT m.at, COALESCE(f.n, 0) / LEAST(60, GREATEST(1, extract(epoch FROM $2::timestamptz - m.at)))::float8 AS "flagRate", COALESCE(d.n, 0) AS takedowns
     FROM m LEFT JOIN f ON f.s = extract(epoch FROM m.at)::bigint LEFT JOIN d ON d.at = m.at ORDER BY m.at`,
    [from, to],
  );
  return res.rows;
}

async function incidentFacts(db: Db, pool: Pool, id: string, now: number) {
  const i = await db.incident.findUnique({
    where: { id },
    include: {
      roles: { orderBy: { startedAt: "asc" } },
      updates: { orderBy: { at: "desc" }, take: 500 },
      actionItems: { orderBy: { dueDate: "asc" }, take: 500 },
      // A minute each: five days of an open incident.
      metrics: {
        orderBy: { at: "asc" },
        take: SERIES_MINUTES,
        select: { at: true, flagRate: true, flaggedLive: true, takedowns: true, viewersOnFlagged: true },
      },
    },
  });
  if (!i) return null;
  // The newest entries when there are more than the page holds (rules write one every few
  // seconds in a wave): what is happening now matters more than the first hour.
  const newest = await db.timelineEntry.findMany({ where: { incidentId: id }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 5000 });
  const kinds = await db.timelineEntry.groupBy({ by: ["kind"], where: { incidentId: id }, _count: { _all: true } });
  const end = i.resolvedAt ?? new Date(now);
  const lastUpdate = i.updates[0]?.at ?? i.declaredAt;
  return {
    ...i,
    severityInfo: SEVERITIES[i.severity as Severity],
    durations: durations(i),
    updateDue: updateDue(i.severity as Severity, lastUpdate.getTime(), i.status as Status, now),
    impact: await incidentImpact(pool, id, i.startedAt, end),
    series: await minuteSeries(pool, i.startedAt, end),
    timeline: newest.reverse().map((t) => ({ ...t, id: String(t.id) })),
    timelineCounts: Object.fromEntries(kinds.map((k) => [k.kind, k._count._all])) as Record<string, number>,
  };
}
type IncidentFacts = NonNullable<Awaited<ReturnType<typeof incidentFacts>>>;

/** Everything the incident page and the executive report show, with the review's draft (the
 * page shows it until a lead saves the review, and it follows the incident as it changes) in the
 * reader's language. */
export async function incidentView(db: Db, pool: Pool, id: string, now = Date.now(), locale: Locale = "en") {
  const facts = await incidentFacts(db, pool, id, now);
  return facts ? { ...facts, draft: draftReview(facts, locale) } : null;
}
export type IncidentView = NonNullable<Awaited<ReturnType<typeof incidentView>>>;

// The review is read by people in several time zones: UTC, one format everywhere.
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const LISTED = ["order", "takedown", "rule", "playbook", "control", "restore"] as const;

/**
 * A first draft of the post-incident review, from the timeline and the numbers, in the reader's
 * language (the incidents catalog's draft.*). Timeline entries and the team's own words are quoted
 * as recorded.
 */
export function draftReview(v: IncidentFacts, locale: Locale = "en") {
  // Catalog keys are checked by scripts/check-i18n.mjs, not the type system.
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "incidents" as never }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;
  const fmtMs = (ms: number | null) =>
    ms === null ? t("draft.notYet") : ms < 60_000 ? t("draft.seconds", { n: Math.round(ms / 1000) }) : t("draft.minutes", { n: Math.round(ms / 60_000) });
  const byKind = (k: string) => v.timeline.filter((e) => e.kind === k);
  const n = (k: string) => v.timelineCounts[k] ?? 0;
  // i18n-keys: incidents.draft.listed.*
  const listed = (k: (typeof LISTED)[number], take: number) =>
    n(k)
      ? `${t(`draft.listed.${k}`, { n: n(k) })}: ${byKind(k)
          .slice(0, take)
          .map((e) => `${e.text} (${utc(e.at)})`)
          .join("; ")}${n(k) > take ? "; …" : ""}`
      : "";
  const x = v.impact;
  const by = [
    [x.takedownsBy.orders, "orders"],
    [x.takedownsBy.rules, "rules"],
    [x.takedownsBy.batches, "batches"],
    [x.takedownsBy.single, "single"],
  ] as const;
  // i18n-keys: incidents.draft.by.*
  const origins = by.filter(([k]) => k > 0).map(([k, how]) => t(`draft.by.${how}`, { n: int(k) }));
  const para = (lines: string[]) => lines.filter(Boolean).join("\n") || t("draft.empty");
  return {
    whatHappened: para([
      t("draft.opening", { severity: v.severity, number: v.number, title: v.title, summary: v.summary }),
      t("draft.timeline", { began: utc(v.startedAt), detect: fmtMs(v.durations.timeToDetectMs), declared: utc(v.declaredAt), email: v.declaredByEmail }),
      ...byKind("alert")
        .slice(0, 3)
        .map((a) => t("draft.alert", { at: utc(a.at), text: a.text })),
      v.containedAt ? t("draft.contained", { at: utc(v.containedAt) }) : "",
      v.resolvedAt ? t("draft.resolved", { at: utc(v.resolvedAt) }) : "",
    ]),
    impact: para([
      t("draft.takenDown", {
        rooms: t("draft.rooms", { n: x.roomsTakenDown }),
        origins: origins.length ? t("draft.origins", { list: origins.join(", ") }) : "",
        accounts: t("draft.accounts", { n: x.accountsBanned }),
        restored: x.roomsRestored ? t("draft.restoredToo", { rooms: t("draft.rooms", { n: x.roomsRestored }) }) : "",
      }),
      t("draft.peakRate", {
        rate: int(x.peakFlagRate),
        window: FLAG_RATE_WINDOW_SEC,
        at: x.peakFlagRateAt ? t("draft.peakRateAt", { at: utc(x.peakFlagRateAt) }) : "",
      }),
      x.viewersMeasuredFrom
        ? t("draft.viewersOn", {
            viewers: t("draft.viewers", { n: x.peakViewersOnFlagged }),
            at: x.peakViewersAt ? t("draft.viewersAt", { at: utc(x.peakViewersAt) }) : "",
            minutes: int(x.viewerMinutesExposed),
            from: utc(x.viewersMeasuredFrom),
          })
        : t("draft.notMeasured"),
      t("draft.times", { detect: fmtMs(v.durations.timeToDetectMs), contain: fmtMs(v.durations.timeToContainMs), resolve: fmtMs(v.durations.timeToResolveMs) }),
    ]),
    whatWorked: para([listed("order", 3), listed("takedown", 3), listed("rule", 2), listed("playbook", 2), listed("control", 4)]),
    whatDidNot: para([
      v.durations.timeToDetectMs > 5 * 60_000 ? t("draft.slowDetection", { took: fmtMs(v.durations.timeToDetectMs) }) : "",
      v.updateDue?.overdue ? t("draft.updatesBehind") : "",
      x.deliveryFailed ? t("draft.undelivered", { decisions: t("draft.decisions", { n: x.deliveryFailed }) }) : "",
      listed("restore", 3) ? t("draft.restores", { list: listed("restore", 3) }) : "",
    ]),
  };
}
