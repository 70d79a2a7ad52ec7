import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../contracts/actor";
import { DomainError } from "../errors";
import type { IncidentDeps } from "./lifecycle";
import { getIncident } from "./queries";

export interface Review {
  whatHappened: string;
  impact: string;
  whatWorked: string;
  whatDidNot: string;
}

/** The post-incident review: the saved one, or a draft from the timeline and the numbers. */
export async function getReviewDraft(deps: IncidentDeps, id: string): Promise<Review> {
  const v = await getIncident(deps, id);
  return (v.review as Review | null) ?? v.draft;
}

async function requireIncident(deps: IncidentDeps, id: string) {
  const i = await deps.db.incident.findUnique({ where: { id }, select: { id: true } });
  if (!i) throw DomainError.of("NOT_FOUND", "incidents.notFound");
}

export async function saveReview(deps: IncidentDeps, actor: Actor, id: string, review: Review) {
  await requireIncident(deps, id);
  await deps.db.$transaction(async (tx) => {
    await tx.incident.update({ where: { id }, data: { review: { ...review } } });
    await recordAudit(tx, actor, { action: "incident.review.save", targetType: "incident", targetId: id });
  });
  deps.notify.changed(id);
  return { ok: true };
}

export async function addActionItem(deps: IncidentDeps, actor: Actor, id: string, item: { title: string; owner: string; dueDate: Date }) {
  await requireIncident(deps, id);
  const itemId = randomUUID();
  await deps.db.$transaction(async (tx) => {
    await tx.actionItem.create({ data: { id: itemId, incidentId: id, title: item.title, owner: item.owner, dueDate: item.dueDate } });
    await recordAudit(tx, actor, {
      action: "incident.action_item.add",
      targetType: "incident",
      targetId: id,
      details: { itemId, title: item.title, owner: item.owner },
    });
  });
  deps.notify.changed(id);
  return { ok: true, id: itemId };
}

export async function toggleActionItem(deps: IncidentDeps, actor: Actor, id: string, itemId: string, done: boolean) {
  await deps.db.$transaction(async (tx) => {
    const item = await tx.actionItem.findFirst({ where: { id: itemId, incidentId: id } });
    if (!item) throw DomainError.of("NOT_FOUND", "incidents.actionItemNotFound");
    await tx.actionItem.update({ where: { id: itemId }, data: { doneAt: done ? new Date() : null } });
    await recordAudit(tx, actor, {
      action: done ? "incident.action_item.done" : "incident.action_item.reopen",
      targetType: "incident",
      targetId: id,
      details: { itemId, title: item.title },
    });
  });
  deps.notify.changed(id);
  return { ok: true };
}
