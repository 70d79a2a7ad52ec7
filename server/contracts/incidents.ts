/** Severity definitions shown when declaring (after PagerDuty's, for trust and safety). */
export const SEVERITIES = {
  P0: {
    label: "P0 — Critical",
    definition: "A critical function is unusable or harmful content is exposed platform-wide. Executive involvement; all hands.",
    updateEveryMin: 30,
  },
  P1: {
    label: "P1 — High",
    definition: "Major impact on many rooms or users, or a fast-growing attack; degraded moderation. Executives informed.",
    updateEveryMin: 60,
  },
  P2: { label: "P2 — Moderate", definition: "Limited impact: one category, region or cluster; the team handles it in shift.", updateEveryMin: null },
  P3: { label: "P3 — Low", definition: "Minor or potential impact; tracked for follow-up.", updateEveryMin: null },
} as const;
export type Severity = keyof typeof SEVERITIES;

export const STATUSES = ["DECLARED", "INVESTIGATING", "CONTAINED", "RESOLVED", "IN_REVIEW", "CLOSED"] as const;
export type Status = (typeof STATUSES)[number];
/** Still being worked: not yet resolved, in review or closed. */
export const isOpen = (status: Status) => status === "DECLARED" || status === "INVESTIGATING" || status === "CONTAINED";

/** The timestamp each status sets when first reached. */
export const STATUS_TIMESTAMP: Partial<Record<Status, "containedAt" | "resolvedAt" | "reviewStartedAt" | "closedAt">> = {
  CONTAINED: "containedAt",
  RESOLVED: "resolvedAt",
  IN_REVIEW: "reviewStartedAt",
  CLOSED: "closedAt",
};

/**
 * Status moves forward one or more steps; the only step back is reopening a contained or
 * resolved incident to investigating (the attack came back). Closed is final.
 */
export function canMove(from: Status, to: Status): boolean {
  const i = STATUSES.indexOf(from);
  const j = STATUSES.indexOf(to);
  if (from === "CLOSED" || i === j) return false;
  if (j > i) return to !== "CLOSED" || from === "IN_REVIEW";
  return to === "INVESTIGATING" && (from === "CONTAINED" || from === "RESOLVED");
}

export const ROLE_KINDS = ["COMMANDER", "SCRIBE", "COMMUNICATIONS", "EXECUTIVE_SPONSOR"] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

/** Minutes until an executive status update is due (null: no cadence), from the last update. */
export function updateDue(severity: Severity, lastUpdateAt: number, status: Status, now: number) {
  const every = SEVERITIES[severity].updateEveryMin;
  if (every === null || !isOpen(status)) return null;
  const dueAt = lastUpdateAt + every * 60_000;
  return { dueAt, overdue: now > dueAt, everyMin: every };
}

/** Time to detect / contain / resolve, from when impact began. */
export function durations(i: { startedAt: Date; detectedAt: Date; containedAt: Date | null; resolvedAt: Date | null }) {
  const s = i.startedAt.getTime();
  return {
    timeToDetectMs: i.detectedAt.getTime() - s,
    timeToContainMs: i.containedAt ? i.containedAt.getTime() - s : null,
    timeToResolveMs: i.resolvedAt ? i.resolvedAt.getTime() - s : null,
  };
}

/** The severities in order, with their definitions (the declare dialog lists them). */
export const SEVERITY_LIST = Object.entries(SEVERITIES).map(([k, v]) => ({ key: k as Severity, ...v }));
