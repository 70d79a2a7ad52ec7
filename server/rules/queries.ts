import type { Pool } from "../db/pool";
import type { Db } from "../db/prisma";
import type { RuleEventRow, RuleHitRow, RuleSummary, RuleVersionRow } from "../contracts/rules";
import { DomainError } from "../errors";
import { loadedAction } from "./manage";

type RuleRecord = Awaited<ReturnType<Db["rule"]["findMany"]>>[number];

function summary(r: RuleRecord, stats: RuleSummary["stats"] | undefined): RuleSummary {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    expression: r.expression,
    action: loadedAction(r.action, r.params),
    ceilingPerMin: r.ceilingPerMin,
    mode: r.mode,
    version: r.version,
    enforceRequest: r.enforceRequestedEmail && r.enforceRequestedAt ? { byEmail: r.enforceRequestedEmail, at: r.enforceRequestedAt.getTime() } : null,
    enforcedBy:
      r.mode === "ENFORCE" && r.enforceApprovedBy
        ? { requestedBy: r.enforceApprovedBy.split(" + ")[0], approvedBy: r.enforceApprovedBy.split(" + ")[1] ?? "" }
        : null,
    tripped: r.trippedAt ? { at: r.trippedAt.getTime(), reason: r.trippedReason ?? "" } : null,
    createdByEmail: r.createdByEmail,
    updatedAt: r.updatedAt.getTime(),
    updatedByEmail: r.updatedByEmail,
    stats: stats ?? { hitsHour: 0, actedHour: 0, wouldHour: 0, breakerHour: 0, lastHitAt: null },
  };
}

async function hourStats(pool: Pool, ids: string[]) {
  const res = await pool.query<{ ruleId: string; hits: number; acted: number; would: number; breaker: number; last: Date | null }>(
    `SELECT "ruleId", count(*)::int AS hits, count(*) FILTER (WHERE outcome = 'acted')::int AS acted,
            count(*) FILTER (WHERE outcome = 'would')::int AS would, count(*) FILTER (WHERE outcome = 'breaker')::int AS breaker, max(at) AS last
     FROM rule_hits WHERE "ruleId" = ANY($1::text[]) AND at > now() - interval '1 hour' GROUP BY 1`,
    [ids],
  );
  return new Map(
    res.rows.map((r) => [r.ruleId, { hitsHour: r.hits, actedHour: r.acted, wouldHour: r.would, breakerHour: r.breaker, lastHitAt: r.last?.getTime() ?? null }]),
  );
}

/** Every rule (there are tens, not thousands), with the last hour's hits. */
export async function listRules(deps: { db: Db; pool: Pool }): Promise<RuleSummary[]> {
  const rules = await deps.db.rule.findMany({ orderBy: [{ mode: "desc" }, { name: "asc" }], take: 500 });
  const stats = await hourStats(
    deps.pool,
    rules.map((r) => r.id),
  );
  return rules.map((r) => summary(r, stats.get(r.id)));
}

export async function getRule(deps: { db: Db; pool: Pool }, id: string): Promise<RuleSummary> {
  const r = await deps.db.rule.findUnique({ where: { id } });
  if (!r) throw DomainError.of("NOT_FOUND", "rules.notFound");
  return summary(r, (await hourStats(deps.pool, [id])).get(id));
}

/** The rule's newest hits (bounded), with the room and account as people know them. */
export async function ruleHits(pool: Pool, id: string, limit = 100): Promise<RuleHitRow[]> {
  const res = await pool.query<{
    id: string;
    at: Date;
    version: number;
    mode: "SHADOW" | "ENFORCE";
    outcome: string;
    roomId: string;
    title: string | null;
    accountId: string;
    handle: string | null;
    label: string | null;
    score: number | null;
  }>(
    `SELECT h.id::text, h.at, h.version, h.mode, h.outcome, h."roomId", r.title, h."accountId", a.handle, h.label, h.score
     FROM rule_hits h LEFT JOIN live_rooms r ON r.id = h."roomId" LEFT JOIN platform_accounts a ON a.id = h."accountId"
     WHERE h."ruleId" = $1 ORDER BY h.at DESC, h.id DESC LIMIT $2`,
    [id, limit],
  );
  return res.rows.map((h) => ({
    id: h.id,
    at: h.at.getTime(),
    version: h.version,
    mode: h.mode,
    outcome: h.outcome,
    roomId: h.roomId,
    roomTitle: h.title,
    accountId: h.accountId,
    accountHandle: h.handle,
    label: h.label,
    score: h.score,
  }));
}

/** Hits per minute over the last `minutes`, split by outcome (the rule page's rate chart). */
export async function hitRate(pool: Pool, id: string, minutes = 60) {
  const res = await pool.query<{ minute: Date; acted: number; would: number; breaker: number; skipped: number }>(
    `SELECT date_trunc('minute', at) AS minute,
            count(*) FILTER (WHERE outcome = 'acted')::int AS acted, count(*) FILTER (WHERE outcome = 'would')::int AS would,
            count(*) FILTER (WHERE outcome = 'breaker')::int AS breaker, count(*) FILTER (WHERE outcome IN ('skipped', 'pending'))::int AS skipped
     FROM rule_hits WHERE "ruleId" = $1 AND at > now() - make_interval(mins => $2) GROUP BY 1 ORDER BY 1`,
    [id, minutes],
  );
  const byMinute = new Map(res.rows.map((r) => [r.minute.getTime(), r]));
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  return Array.from({ length: minutes }, (_, i) => {
    const t = end - (minutes - 1 - i) * 60_000;
    const r = byMinute.get(t);
    return { t, acted: r?.acted ?? 0, would: r?.would ?? 0, breaker: r?.breaker ?? 0, skipped: r?.skipped ?? 0 };
  });
}

/** Saved versions (who, when, what) and every mode change, approval, trip and undo. */
export async function ruleHistory(db: Db, id: string): Promise<{ versions: RuleVersionRow[]; events: RuleEventRow[] }> {
  const versions = await db.ruleVersion.findMany({ where: { ruleId: id }, orderBy: { version: "desc" }, take: 100 });
  const events = await db.auditEntry.findMany({ where: { targetType: "rule", targetId: id, NOT: { action: "rule.act" } }, orderBy: { id: "desc" }, take: 200 });
  return {
    versions: versions.map((v) => ({
      version: v.version,
      name: v.name,
      description: v.description,
      expression: v.expression,
      action: loadedAction(v.action, v.params),
      ceilingPerMin: v.ceilingPerMin,
      editedByEmail: v.editedByEmail,
      editedAt: v.editedAt.getTime(),
      note: v.note,
    })),
    events: events.map((e) => ({ at: e.at.getTime(), actorEmail: e.actorEmail ?? "", action: e.action, reason: e.reason, details: e.details })),
  };
}
