import { z } from "zod";
import { ZMode, ZScope } from "./controls";
import { SEVERITIES, type Severity } from "./incidents";
import { ZUuid } from "./ids";
import { checkExpression } from "./rule-language";

export const RULE_MODES = ["OFF", "SHADOW", "ENFORCE"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

/** What a rule does when its condition holds (in shadow: what it records it would have done). */
export const ZRuleAction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("RAISE_PRIORITY"), to: z.number().min(0.5).max(1).default(0.95) }),
  z.object({ kind: z.literal("FLAG_FOR_REVIEW") }),
  z.object({ kind: z.literal("TAKE_DOWN") }),
  /** Bans the account and ends its live rooms. */
  z.object({ kind: z.literal("BAN_ACCOUNT") }),
  /** A standing containment order on the account's ring (once per ring). */
  z.object({ kind: z.literal("CONTAIN_CLUSTER"), banAccounts: z.boolean().default(true), refuseGoLive: z.boolean().default(true) }),
  /** A live control (once, until undone). */
  z.object({
    kind: z.literal("SET_CONTROL"),
    scope: ZScope,
    mode: ZMode.exclude(["OPEN"]),
    maxStartsPerMin: z.number().int().min(1).max(1_000_000).nullable().default(null),
  }),
]);
export type RuleAction = z.infer<typeof ZRuleAction>;
export type RuleActionKind = RuleAction["kind"];

export const ACTION_LABEL: Record<RuleActionKind, string> = {
  RAISE_PRIORITY: "Raise priority",
  FLAG_FOR_REVIEW: "Flag for review",
  TAKE_DOWN: "Take the room down",
  BAN_ACCOUNT: "Ban the account",
  CONTAIN_CLUSTER: "Contain the ring",
  SET_CONTROL: "Set a live control",
};

/** Actions that take rooms down or stop streams: enforcing them needs a second shift lead. */
export const DESTRUCTIVE: ReadonlySet<RuleActionKind> = new Set(["TAKE_DOWN", "BAN_ACCOUNT", "CONTAIN_CLUSTER", "SET_CONTROL"]);

export const ZExpression = z
  .string()
  .max(4000)
  .superRefine((s, ctx) => {
    const r = checkExpression(s);
    if (!r.ok) ctx.addIssue({ code: "custom", message: r.error });
  });

const ZName = z
  .string()
  .trim()
  .min(3, "at least 3 characters")
  .max(80)
  .regex(/^[^\p{Cc}\p{Cf}]*$/u, "no control characters");

export const ZRuleInput = z.object({
  name: ZName,
  description: z.string().trim().max(500).default(""),
  expression: ZExpression,
  action: ZRuleAction,
  /** The breaker: at most this many actions a minute, or the rule drops to shadow and leads are alerted. */
  ceilingPerMin: z.number().int().min(1).max(100_000).default(100),
});
export type RuleInput = z.infer<typeof ZRuleInput>;

export const ZRuleUpdate = ZRuleInput.extend({
  id: ZUuid,
  /** The version the editor started from: a concurrent edit is refused, not overwritten. */
  baseVersion: z.number().int().min(1),
  note: z.string().trim().max(300).default(""),
});

export const ZReason = z.string().trim().min(3, "give a reason").max(500);

/** A rule as pages show it. */
export interface RuleSummary {
  id: string;
  name: string;
  description: string;
  expression: string;
  action: RuleAction;
  ceilingPerMin: number;
  mode: RuleMode;
  version: number;
  /** Enforcement requested and waiting for a second shift lead. */
  enforceRequest: { byEmail: string; at: number } | null;
  /** Enforcement approved for this version (who asked, who approved). */
  enforcedBy: { requestedBy: string; approvedBy: string } | null;
  tripped: { at: number; reason: string } | null;
  createdByEmail: string;
  updatedAt: number;
  updatedByEmail: string;
  stats: { hitsHour: number; actedHour: number; wouldHour: number; breakerHour: number; lastHitAt: number | null };
}

export interface RuleHitRow {
  id: string;
  at: number;
  version: number;
  mode: "SHADOW" | "ENFORCE";
  /** acted | would | breaker (over the ceiling) | skipped (nothing to do) */
  outcome: string;
  roomId: string;
  roomTitle: string | null;
  accountId: string;
  accountHandle: string | null;
  label: string | null;
  score: number | null;
}

export interface RuleVersionRow {
  version: number;
  name: string;
  description: string;
  expression: string;
  action: RuleAction;
  ceilingPerMin: number;
  editedByEmail: string;
  editedAt: number;
  note: string;
}

export interface RuleEventRow {
  at: number;
  actorEmail: string;
  action: string;
  reason: string | null;
  details: unknown;
}

export const ZBacktest = z.object({
  expression: ZExpression,
  hours: z.number().int().min(1).max(72).default(6),
});

export interface BacktestResult {
  hours: number;
  scanned: number;
  /** Flags the condition held for, and the distinct rooms and accounts they were on. */
  matchedFlags: number;
  rooms: number;
  accounts: number;
  /** Of those rooms, how many people later restored (a takedown undone) or dismissed. */
  restored: number;
  dismissed: number;
  /** Flags whose evaluation failed (e.g. a missing value); counted as no match. */
  errors: number;
  sample: { roomId: string; title: string; handle: string; label: string; score: number; at: number; restored: boolean; dismissed: boolean }[];
  tookMs: number;
  /** The scan stopped at the row limit: counts cover the newest flags only. */
  truncated: boolean;
}

/** Rules as a platform keeps them in git: definitions only, never modes or history. */
export const ZRuleExport = z.object({
  floodwall: z.literal("rules"),
  format: z.literal(1),
  rules: z.array(ZRuleInput).max(500),
});
export type RuleExport = z.infer<typeof ZRuleExport>;

export const SEVERITY_KEYS = Object.keys(SEVERITIES) as [Severity, ...Severity[]];

/** A playbook: what runs, after a veto window, when the attack-wave alert fires. */
export const ZPlaybookInput = z.object({
  name: ZName,
  description: z.string().trim().max(500).default(""),
  /** Seconds every lead has to cancel before it acts (0: at once). */
  vetoSeconds: z.number().int().min(0).max(600).default(20),
  /** Contain every ring on the alert, and those it grows, with a standing order. */
  containRings: z.object({ banAccounts: z.boolean(), refuseGoLive: z.boolean() }).nullable().default(null),
  /** Rules switched to enforce. */
  ruleIds: z.array(ZUuid).max(50).default([]),
  controls: z
    .array(z.object({ scope: ZScope, mode: ZMode.exclude(["OPEN"]), maxStartsPerMin: z.number().int().min(1).max(1_000_000).nullable().default(null) }))
    .max(10)
    .default([]),
  /** Declare an incident linked to the alert, commanded by the lead who armed the playbook. */
  declare: z
    .object({ severity: z.enum(SEVERITY_KEYS), title: z.string().trim().min(3).max(200) })
    .nullable()
    .default(null),
});
export type PlaybookInput = z.infer<typeof ZPlaybookInput>;

export type PlaybookRunStatus = "PENDING" | "CANCELLED" | "RUNNING" | "DONE" | "FAILED" | "UNDONE";

export interface PlaybookRunRow {
  id: string;
  playbookId: string;
  playbookName: string;
  alertId: string;
  status: PlaybookRunStatus;
  createdAt: number;
  fireAt: number;
  finishedAt: number | null;
  cancelledByEmail: string | null;
  incidentId: string | null;
  /** What it did, in words. */
  summary: string[];
  error: string | null;
}

export interface PlaybookSummary extends PlaybookInput {
  id: string;
  armed: boolean;
  armedByEmail: string | null;
  armedAt: number | null;
  updatedAt: number;
  updatedByEmail: string;
  rules: { id: string; name: string; mode: RuleMode }[];
  lastRun: PlaybookRunRow | null;
}
