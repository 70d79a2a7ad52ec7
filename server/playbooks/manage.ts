import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../contracts/actor";
import { can, isRole } from "../contracts/roles";
import { ZPlaybookInput, type PlaybookInput, type PlaybookRunRow, type PlaybookSummary, type RuleMode } from "../contracts/rules";
import { DomainError } from "../errors";
import type { PlaybookDeps, PlaybookSteps } from "./types";

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

function steps(input: PlaybookInput): PlaybookSteps {
  const { name: _n, description: _d, ...rest } = input;
  return rest;
}

async function checkRules(deps: PlaybookDeps, ids: string[]) {
  if (ids.length === 0) return;
  const found = await deps.db.rule.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size) throw DomainError.of("BAD_REQUEST", "playbooks.ruleGone");
}

export async function createPlaybook(deps: PlaybookDeps, actor: Actor, raw: PlaybookInput) {
  const input = ZPlaybookInput.parse(raw);
  await checkRules(deps, input.ruleIds);
  const id = randomUUID();
  try {
    await deps.db.$transaction(async (tx) => {
      await tx.playbook.create({
        data: {
          id,
          name: input.name,
          description: input.description,
          vetoSeconds: input.vetoSeconds,
          steps: steps(input) as Prisma.InputJsonObject,
          createdByEmail: actor.email,
          updatedByEmail: actor.email,
        },
      });
      await recordAudit(tx, actor, { action: "playbook.create", targetType: "playbook", targetId: id, details: input });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw DomainError.of("CONFLICT", "playbooks.nameTaken", { name: input.name });
    throw e;
  }
  deps.notify.changed(id);
  return { id };
}

/** Editing disarms: what runs unattended is always what two leads last agreed to. */
export async function updatePlaybook(deps: PlaybookDeps, actor: Actor, id: string, raw: PlaybookInput) {
  const input = ZPlaybookInput.parse(raw);
  await checkRules(deps, input.ruleIds);
  try {
    await deps.db.$transaction(async (tx) => {
      const cur = await tx.playbook.findUnique({ where: { id } });
      if (!cur) throw DomainError.of("NOT_FOUND", "playbooks.notFound");
      await tx.playbook.update({
        where: { id },
        data: {
          name: input.name,
          description: input.description,
          vetoSeconds: input.vetoSeconds,
          steps: steps(input) as Prisma.InputJsonObject,
          armed: false,
          armRequestedById: null,
          armRequestedEmail: null,
          armRequestedAt: null,
          updatedAt: new Date(),
          updatedByEmail: actor.email,
        },
      });
      await recordAudit(tx, actor, { action: "playbook.update", targetType: "playbook", targetId: id, details: { ...input, wasArmed: cur.armed } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw DomainError.of("CONFLICT", "playbooks.nameTaken", { name: input.name });
    throw e;
  }
  deps.notify.changed(id);
  return { id };
}

/** One lead asks to arm; a second shift lead approves (the playbook acts with nobody at the keyboard). */
export async function requestArm(deps: PlaybookDeps, actor: Actor, id: string, reason: string) {
  const p = await deps.db.$transaction(async (tx) => {
    const cur = await tx.playbook.findUnique({ where: { id } });
    if (!cur) throw DomainError.of("NOT_FOUND", "playbooks.notFound");
    if (cur.armed) throw DomainError.of("CONFLICT", "playbooks.alreadyArmed");
    await tx.playbook.update({ where: { id }, data: { armRequestedById: actor.id, armRequestedEmail: actor.email, armRequestedAt: new Date() } });
    await recordAudit(tx, actor, { action: "playbook.arm_request", targetType: "playbook", targetId: id, reason });
    return cur;
  });
  deps.notify.changed(id);
  deps.notify.armRequested({ id, name: p.name, byEmail: actor.email });
  return { status: "AWAITING_APPROVAL" as const };
}

export async function decideArm(deps: PlaybookDeps, actor: Actor, id: string, approve: boolean, reason: string) {
  if (!isRole(actor.role) || !can(actor.role, "rules:approve")) throw DomainError.of("FORBIDDEN", "playbooks.leadApproves");
  await deps.db.$transaction(async (tx) => {
    const cur = await tx.playbook.findUnique({ where: { id } });
    if (!cur) throw DomainError.of("NOT_FOUND", "playbooks.notFound");
    if (!cur.armRequestedById) throw DomainError.of("CONFLICT", "playbooks.nothingToApprove");
    if (cur.armRequestedById === actor.id) throw DomainError.of("FORBIDDEN", "playbooks.secondLead");
    await tx.playbook.update({
      where: { id },
      data: {
        ...(approve ? { armed: true, armedById: cur.armRequestedById, armedByEmail: `${cur.armRequestedEmail} + ${actor.email}`, armedAt: new Date() } : {}),
        armRequestedById: null,
        armRequestedEmail: null,
        armRequestedAt: null,
      },
    });
    await recordAudit(tx, actor, {
      action: approve ? "playbook.arm" : "playbook.arm_reject",
      targetType: "playbook",
      targetId: id,
      reason,
      details: { requestedBy: cur.armRequestedEmail },
    });
  });
  deps.notify.changed(id);
  return { armed: approve };
}

/** Any lead disarms at once. */
export async function disarmPlaybook(deps: PlaybookDeps, actor: Actor, id: string, reason: string) {
  await deps.db.$transaction(async (tx) => {
    const cur = await tx.playbook.findUnique({ where: { id } });
    if (!cur) throw DomainError.of("NOT_FOUND", "playbooks.notFound");
    await tx.playbook.update({ where: { id }, data: { armed: false, armRequestedById: null, armRequestedEmail: null, armRequestedAt: null } });
    await recordAudit(tx, actor, { action: "playbook.disarm", targetType: "playbook", targetId: id, reason });
  });
  deps.notify.changed(id);
  return { armed: false };
}

type RunRecord = Awaited<ReturnType<PlaybookDeps["db"]["playbookRun"]["findMany"]>>[number];

export function runRow(r: RunRecord, playbookName: string): PlaybookRunRow {
  const result = (r.result ?? {}) as { summary?: string[] };
  return {
    id: r.id,
    playbookId: r.playbookId,
    playbookName,
    alertId: r.alertId,
    status: r.status,
    createdAt: r.createdAt.getTime(),
    fireAt: r.fireAt.getTime(),
    finishedAt: r.finishedAt?.getTime() ?? null,
    cancelledByEmail: r.cancelledByEmail,
    incidentId: r.incidentId,
    summary: result.summary ?? [],
    error: r.error,
  };
}

export async function listPlaybooks(deps: Pick<PlaybookDeps, "db">): Promise<(PlaybookSummary & { armRequest: { byEmail: string; at: number } | null })[]> {
  const books = await deps.db.playbook.findMany({ orderBy: { name: "asc" }, take: 200 });
  const ruleIds = [...new Set(books.flatMap((b) => (b.steps as PlaybookSteps).ruleIds ?? []))];
  const rules = new Map(
    (await deps.db.rule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, name: true, mode: true } })).map((r) => [
      r.id,
      r as { id: string; name: string; mode: RuleMode },
    ]),
  );
  const out = [];
  for (const b of books) {
    const s = b.steps as PlaybookSteps;
    const last = await deps.db.playbookRun.findFirst({ where: { playbookId: b.id }, orderBy: { createdAt: "desc" } });
    out.push({
      id: b.id,
      name: b.name,
      description: b.description,
      vetoSeconds: b.vetoSeconds,
      containRings: s.containRings ?? null,
      ruleIds: s.ruleIds ?? [],
      controls: s.controls ?? [],
      declare: s.declare ?? null,
      armed: b.armed,
      armedByEmail: b.armedByEmail,
      armedAt: b.armedAt?.getTime() ?? null,
      armRequest: b.armRequestedEmail && b.armRequestedAt ? { byEmail: b.armRequestedEmail, at: b.armRequestedAt.getTime() } : null,
      updatedAt: b.updatedAt.getTime(),
      updatedByEmail: b.updatedByEmail,
      rules: (s.ruleIds ?? []).map((id) => rules.get(id) ?? { id, name: "(deleted rule)", mode: "OFF" as const }),
      lastRun: last ? runRow(last, b.name) : null,
    });
  }
  return out;
}

/** Runs waiting out their veto window, and the last day's runs (the banner and the page). */
export async function listRuns(deps: Pick<PlaybookDeps, "db">, o: { pendingOnly?: boolean } = {}): Promise<PlaybookRunRow[]> {
  const runs = await deps.db.playbookRun.findMany({
    where: o.pendingOnly ? { status: "PENDING" } : { createdAt: { gte: new Date(Date.now() - 24 * 3_600_000) } },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { playbook: { select: { name: true } } },
  });
  return runs.map((r) => runRow(r, r.playbook.name));
}
