// Where the incident chart puts its ticks and event marks: pure functions, so the rules (no two
// ticks read alike, no two labels overlap) are tested without a browser.

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [15 * SEC, 30 * SEC, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

export interface MinutePoint {
  at: Date;
  flagRate: number;
  takedowns: number;
}
export interface SnapshotPoint {
  at: Date;
  flaggedLive: number;
}
export interface ChartRow {
  t: number;
  "Flags/s"?: number;
  "Takedowns/min"?: number;
  "Flagged live rooms"?: number;
}

/**
 * One row per instant for the chart: per-minute steps (flags/s, takedowns) and snapshots
 * (flagged live rooms) merged on time, the last minute's step carried to the end. The chart
 * runs from the start of impact to the resolution (or the end of the current minute), and
 * spans a minute at least.
 */
export function chartData(series: readonly MinutePoint[], snapshots: readonly SnapshotPoint[], from: Date, to: Date | null) {
  const start = Math.min(from.getTime(), series[0]?.at.getTime() ?? Number.POSITIVE_INFINITY);
  const lastMinute = series.at(-1)?.at.getTime() ?? start;
  const end = Math.max(to?.getTime() ?? lastMinute + MIN, snapshots.at(-1)?.at.getTime() ?? 0, start + MIN);
  const rows = new Map<number, ChartRow>();
  const row = (t: number) => rows.get(t) ?? rows.set(t, { t }).get(t)!;
  const step = (t: number, p: MinutePoint) => Object.assign(row(t), { "Flags/s": Math.round(p.flagRate), "Takedowns/min": p.takedowns });
  for (const p of series) step(p.at.getTime(), p);
  const last = series.at(-1);
  if (last && end > last.at.getTime()) step(end, last);
  for (const s of snapshots) row(s.at.getTime())["Flagged live rooms"] = s.flaggedLive;
  return { data: [...rows.values()].sort((a, b) => a.t - b.t), start, end };
}

export interface Ticks {
  ticks: number[];
  /** Formats a tick in the reader's zone at the resolution of the step, so no two ticks read the same. */
  format: (t: number) => string;
}

/** Ticks at round UTC times (multiples of 15 s … 1 day), at most `max` of them, labelled in `timeZone`. */
export function timeTicks(from: number, to: number, max = 8, timeZone = "UTC"): Ticks {
  const span = Math.max(0, to - from);
  const step = STEPS.find((s) => span / s <= max - 1) ?? Math.ceil(span / (max - 1) / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  // "2026-12-02T22:04:31" in the reader's zone (sv-SE writes dates and times this way).
  const zoned = new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const iso = (t: number) => zoned.format(t).replace(" ", "T");
  const crossesDays = iso(from).slice(0, 10) !== iso(to).slice(0, 10);
  const format =
    step < MIN
      ? (t: number) => iso(t).slice(11, 19)
      : crossesDays
        ? (t: number) => `${iso(t).slice(5, 10)} ${iso(t).slice(11, 16)}`
        : (t: number) => iso(t).slice(11, 16);
  return { ticks, format };
}

/** Timeline kinds the chart marks, in the order that colours a mixed cluster (the first present
 * wins), with the noun for one of them (plural: + "s"). */
export const MARK_KINDS = {
  declared: { color: "#ff6b6b", name: "declaration" },
  alert: { color: "#ff6b6b", name: "alert" },
  severity: { color: "#ff6b6b", name: "severity change" },
  order: { color: "#45d49a", name: "standing order" },
  takedown: { color: "#45d49a", name: "mass takedown" },
  rule: { color: "#b48cff", name: "rule action" },
  playbook: { color: "#b48cff", name: "playbook event" },
  restore: { color: "#5ce1e6", name: "restore" },
  control: { color: "#f5b544", name: "live control" },
  status: { color: "#5cb0ff", name: "status change" },
} as const;
export type MarkKind = keyof typeof MARK_KINDS;
const isMarked = (k: string): k is MarkKind => Object.hasOwn(MARK_KINDS, k);

export interface MarkEntry {
  id: string;
  at: Date;
  kind: string;
  text: string;
}
export interface MarkCluster {
  /** 1, 2, …: the label on the chart and in the key below it. */
  n: number;
  at: number;
  color: string;
  /** Kinds in the cluster with their counts, in MARK_KINDS order. */
  kinds: { kind: MarkKind; count: number }[];
  entries: MarkEntry[];
}

/**
 * Timeline entries as marks: entries closer together than 1/`slots` of the chart's span share
 * one mark (at the first of them), so marks — and their labels — are at least that far apart
 * and at most `slots` + 1 of them exist, however many entries a wave writes.
 */
export function clusterMarks(entries: readonly MarkEntry[], from: number, to: number, slots = 24): MarkCluster[] {
  const gap = Math.max(1, (to - from) / slots);
  const inRange = entries.filter((e) => isMarked(e.kind) && e.at.getTime() >= from && e.at.getTime() <= to).sort((a, b) => a.at.getTime() - b.at.getTime());
  const groups: MarkEntry[][] = [];
  for (const e of inRange) {
    const last = groups.at(-1);
    if (last && e.at.getTime() - last[0].at.getTime() < gap) last.push(e);
    else groups.push([e]);
  }
  return groups.map((g, i) => {
    const kinds = (Object.keys(MARK_KINDS) as MarkKind[]).flatMap((kind) => {
      const count = g.filter((e) => e.kind === kind).length;
      return count ? [{ kind, count }] : [];
    });
    return { n: i + 1, at: g[0].at.getTime(), color: MARK_KINDS[kinds[0].kind].color, kinds, entries: g };
  });
}
