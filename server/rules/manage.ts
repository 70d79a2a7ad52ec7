import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../contracts/actor";
import { can, isRole } from "../contracts/roles";
import { DESTRUCTIVE, ZRuleAction, ZRuleExport, ZRuleInput, type RuleAction, type RuleExport, type RuleInput, type RuleMode } from "../contracts/rules";
import { DomainError } from "../errors";
import type { RuleDeps } from "./types";

type Tx = Prisma.TransactionClient;

/** The action as stored: its kind in a column, its parameters as JSON. */
export function storedAction(a: RuleAction): { action: RuleAction["kind"]; params: Prisma.InputJsonObject } {
  const { kind, ...params } = a;
  return { action: kind, params: params as Prisma.InputJsonObject };
}

export function loadedAction(kind: string, params: unknown): RuleAction {
  return ZRuleAction.parse({ ...(params as object), kind });
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

async function findRule(tx: Tx, id: string) {
  const r = await tx.rule.findUnique({ where: { id } });
  if (!r) throw DomainError.of("NOT_FOUND", "rules.notFound");
  return r;
}

/** A new rule starts off: a lead backtests it, then runs it in shadow, then asks to enforce it. */
export async function createRule(deps: RuleDeps, actor: Actor, raw: RuleInput) {
  const input = ZRuleInput.parse(raw);
  const id = randomUUID();
  try {
    await deps.db.$transaction(async (tx) => {
      const a = storedAction(input.action);
      await tx.rule.create({
        data: {
          id,
          name: input.name,
          description: input.description,
          expression: input.expression,
          ...a,
          ceilingPerMin: input.ceilingPerMin,
          mode: "OFF",
          createdById: actor.id,
          createdByEmail: actor.email,
          updatedByEmail: actor.email,
        },
      });
      await tx.ruleVersion.create({ data: { ruleId: id, version: 1, ...versionFields(input), editedByEmail: actor.email, note: "created" } });
      await recordAudit(tx, actor, {
        action: "rule.create",
        targetType: "rule",
        targetId: id,
        details: { name: input.name, expression: input.expression, action: input.action },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw DomainError.of("CONFLICT", "rules.nameTaken", { name: input.name });
    throw e;
  }
  deps.notify.changed(id);
  return { id };
}

function versionFields(input: RuleInput) {
  const a = storedAction(input.action);
  return {
    name: input.name,
    description: input.description,
    expression: input.expression,
    action: a.action,
    params: a.params,
    ceilingPerMin: input.ceilingPerMin,
  };
}

/**
 * Saves a new version. Refused if someone saved since the editor opened (`baseVersion`). A rule
 * enforcing an action that takes rooms down drops to shadow with enforcement requested by the
 * editor: the new condition needs a second lead's eyes like the first one did.
 */
export async function updateRule(deps: RuleDeps, actor: Actor, input: RuleInput & { id: string; baseVersion: number; note: string }) {
  const parsed = ZRuleInput.parse(input);
  let requested = false;
  try {
    await deps.db.$transaction(async (tx) => {
      const cur = await findRule(tx, input.id);
      if (cur.version !== input.baseVersion) {
        throw DomainError.of("CONFLICT", "rules.editedMeanwhile", { email: String(cur.updatedByEmail), version: String(cur.version) });
      }
      const version = cur.version + 1;
      const a = storedAction(parsed.action);
      const changedBehaviour = cur.expression !== parsed.expression || cur.action !== a.action || JSON.stringify(cur.params) !== JSON.stringify(a.params);
      const needsEyes = cur.mode === "ENFORCE" && DESTRUCTIVE.has(parsed.action.kind) && changedBehaviour;
      requested = needsEyes;
      await tx.rule.update({
        where: { id: input.id },
        data: {
          ...versionFields(parsed),
          version,
          updatedAt: new Date(),
          updatedByEmail: actor.email,
          ...(needsEyes
            ? { mode: "SHADOW", enforceApprovedBy: null, enforceRequestedById: actor.id, enforceRequestedEmail: actor.email, enforceRequestedAt: new Date() }
            : {}),
        },
      });
      await tx.ruleVersion.create({ data: { ruleId: input.id, version, ...versionFields(parsed), editedByEmail: actor.email, note: input.note } });
      await recordAudit(tx, actor, {
        action: "rule.update",
        targetType: "rule",
        targetId: input.id,
        reason: input.note || null,
        details: { version, expression: parsed.expression, action: parsed.action, droppedToShadow: needsEyes },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw DomainError.of("CONFLICT", "rules.nameTaken", { name: parsed.name });
    throw e;
  }
  deps.notify.changed(input.id);
  if (requested) deps.notify.enforceRequested({ id: input.id, name: parsed.name, byEmail: actor.email });
  return { id: input.id, droppedToShadow: requested };
}

/** Off or shadow: any lead, at any time (turning a rule down never needs a second person). */
export async function setRuleMode(deps: RuleDeps, actor: Actor, id: string, mode: Exclude<RuleMode, "ENFORCE">, reason: string) {
  await deps.db.$transaction(async (tx) => {
    const cur = await findRule(tx, id);
    await tx.rule.update({
      where: { id },
      data: {
        mode,
        enforceApprovedBy: null,
        enforceRequestedById: null,
        enforceRequestedEmail: null,
        enforceRequestedAt: null,
        updatedAt: new Date(),
        updatedByEmail: actor.email,
      },
    });
    await recordAudit(tx, actor, {
      action: `rule.${mode.toLowerCase()}`,
      targetType: "rule",
      targetId: id,
      reason,
      details: { from: cur.mode, version: cur.version },
    });
  });
  deps.notify.changed(id);
  return { mode };
}

/**
 * Asks for enforcement. A rule that only raises priority or flags for review enforces at once;
 * one that takes rooms down, bans, contains or sets a control waits for a second shift lead.
 */
export async function requestEnforce(deps: RuleDeps, actor: Actor, id: string, reason: string) {
  const out = await deps.db.$transaction(async (tx) => {
    const cur = await findRule(tx, id);
    if (cur.mode === "ENFORCE") throw DomainError.of("CONFLICT", "rules.alreadyEnforcing");
    const action = loadedAction(cur.action, cur.params);
    if (!DESTRUCTIVE.has(action.kind)) {
      await tx.rule.update({
        where: { id },
        data: { mode: "ENFORCE", trippedAt: null, trippedReason: null, updatedAt: new Date(), updatedByEmail: actor.email },
      });
      await recordAudit(tx, actor, { action: "rule.enforce", targetType: "rule", targetId: id, reason, details: { version: cur.version } });
      return { status: "ENFORCING" as const, name: cur.name };
    }
    await tx.rule.update({
      where: { id },
      data: {
        enforceRequestedById: actor.id,
        enforceRequestedEmail: actor.email,
        enforceRequestedAt: new Date(),
        updatedAt: new Date(),
        updatedByEmail: actor.email,
      },
    });
    await recordAudit(tx, actor, { action: "rule.enforce_request", targetType: "rule", targetId: id, reason, details: { version: cur.version } });
    return { status: "AWAITING_APPROVAL" as const, name: cur.name };
  });
  deps.notify.changed(id);
  if (out.status === "AWAITING_APPROVAL") deps.notify.enforceRequested({ id, name: out.name, byEmail: actor.email });
  return { status: out.status };
}

/** A second shift lead (never the one who asked) approves or rejects enforcement. */
export async function decideEnforce(deps: RuleDeps, actor: Actor, id: string, approve: boolean, reason: string) {
  if (!isRole(actor.role) || !can(actor.role, "rules:approve")) throw DomainError.of("FORBIDDEN", "rules.leadApproves");
  await deps.db.$transaction(async (tx) => {
    const cur = await findRule(tx, id);
    if (!cur.enforceRequestedById) throw DomainError.of("CONFLICT", "rules.nothingToApprove");
    if (cur.enforceRequestedById === actor.id) throw DomainError.of("FORBIDDEN", "rules.secondLead");
    await tx.rule.update({
      where: { id },
      data: {
        ...(approve ? { mode: "ENFORCE", enforceApprovedBy: `${cur.enforceRequestedEmail} + ${actor.email}`, trippedAt: null, trippedReason: null } : {}),
        enforceRequestedById: null,
        enforceRequestedEmail: null,
        enforceRequestedAt: null,
        updatedAt: new Date(),
        updatedByEmail: actor.email,
      },
    });
    await recordAudit(tx, actor, {
      action: approve ? "rule.enforce_approve" : "rule.enforce_reject",
      targetType: "rule",
      targetId: id,
      reason,
      details: { version: cur.version, requestedBy: cur.enforceRequestedEmail },
    });
  });
  deps.notify.changed(id);
  return { approved: approve };
}

/** Every rule's definition, as a file a platform keeps in git (no modes, no history). */
export async function exportRules(deps: RuleDeps): Promise<RuleExport> {
  const rules = await deps.db.rule.findMany({ orderBy: { name: "asc" } });
  return {
    floodwall: "rules",
    format: 1,
    rules: rules.map((r) => ({
      name: r.name,
      description: r.description,
      expression: r.expression,
      action: loadedAction(r.action, r.params),
      ceilingPerMin: r.ceilingPerMin,
    })),
  };
}

/**
 * Imports an export: new names become new rules (off), changed definitions become new versions
 * (an enforcing rule that takes rooms down drops to shadow for a second lead, as any edit does),
 * identical ones are left alone. All or nothing: one invalid rule refuses the file.
 */
export async function importRules(deps: RuleDeps, actor: Actor, raw: unknown) {
  const parsed = ZRuleExport.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw DomainError.of("BAD_REQUEST", "rules.notRulesFile", { path: i.path.join(".") || "file", problem: i.message });
  }
  const names = parsed.data.rules.map((r) => r.name);
  if (new Set(names).size !== names.length) throw DomainError.of("BAD_REQUEST", "rules.duplicateName");
  const existing = new Map((await deps.db.rule.findMany({ where: { name: { in: names } } })).map((r) => [r.name, r]));
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const r of parsed.data.rules) {
    const cur = existing.get(r.name);
    if (!cur) {
      await createRule(deps, actor, r);
      created++;
      continue;
    }
    const a = storedAction(r.action);
    const same =
      cur.expression === r.expression &&
      cur.action === a.action &&
      JSON.stringify(cur.params) === JSON.stringify(a.params) &&
      cur.ceilingPerMin === r.ceilingPerMin &&
      cur.description === r.description;
    if (same) {
      unchanged++;
      continue;
    }
    await updateRule(deps, actor, { ...r, id: cur.id, baseVersion: cur.version, note: "imported" });
    updated++;
  }
  return { created, updated, unchanged };
}
