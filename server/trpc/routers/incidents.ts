import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import { acknowledge, addNote, addStatusUpdate, assignRole, declareIncident, editStartedAt, setSeverity, setStatus } from "../../incidents/lifecycle";
import { containmentCheck, getIncident, listIncidents, listPeople } from "../../incidents/queries";
import { addActionItem, getReviewDraft, saveReview, toggleActionItem } from "../../incidents/review";
import { ROLE_KINDS, SEVERITY_LIST, STATUSES } from "../../contracts/incidents";
import { ZUuid } from "../../contracts/ids";
import { ZDate } from "../../contracts/values";
import { latestEvidenceExport, startEvidenceExport } from "../../incidents/evidence-jobs";

const ZSeverity = z.enum(["P0", "P1", "P2", "P3"]);
const ZText = (max: number, what: string) => z.string().trim().min(1, `${what} is required`).max(max);
const ZUserId = z.string().min(1).max(64);
const read = capabilityProcedure("incidents:read");
const manage = capabilityProcedure("incidents:manage");

export const incidentsRouter = router({
  /** Starts preparing the evidence package in the background (its progress is pushed to the requester). */
  prepareEvidence: manage.input(z.object({ id: ZUuid })).mutation(({ ctx, input }) => startEvidenceExport(ctx.services.incidents, ctx.actor, input.id)),
  /** The newest evidence export of an incident: its progress, or its download when ready. */
  evidenceExport: manage.input(z.object({ id: ZUuid })).query(({ ctx, input }) => latestEvidenceExport(ctx.services.incidents, input.id)),
  severities: read.query(() => SEVERITY_LIST),
  list: read.query(({ ctx }) => listIncidents(ctx.services.incidents)),
  get: read.input(z.object({ id: ZUuid })).query(({ ctx, input }) => getIncident(ctx.services.incidents, input.id, ctx.locale)),
  /** Whether it looks contained now (flag rate near baseline, no ring growing): the page offers one click. */
  containment: read.input(z.object({ id: ZUuid })).query(({ ctx, input }) => containmentCheck(ctx.services.incidents, input.id)),
  /** People who can hold incident roles. */
  people: read.query(({ ctx }) => listPeople(ctx.services.incidents)),

  declare: manage
    .input(
      z.object({
        title: ZText(200, "a title"),
        summary: ZText(2000, "a summary"),
        severity: ZSeverity,
        commanderId: ZUserId,
        startedAt: ZDate.optional(),
        alertId: ZUuid.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => declareIncident(ctx.services.incidents, ctx.actor, input)),
  setSeverity: manage
    .input(z.object({ id: ZUuid, severity: ZSeverity, reason: ZText(500, "a reason") }))
    .mutation(({ ctx, input }) => setSeverity(ctx.services.incidents, ctx.actor, input.id, input.severity, input.reason)),
  setStatus: manage
    .input(z.object({ id: ZUuid, status: z.enum(STATUSES), note: z.string().trim().max(500).nullable().default(null) }))
    .mutation(({ ctx, input }) => setStatus(ctx.services.incidents, ctx.actor, input.id, input.status, input.note)),
  acknowledge: manage.input(z.object({ id: ZUuid })).mutation(({ ctx, input }) => acknowledge(ctx.services.incidents, ctx.actor, input.id)),
  assignRole: manage
    .input(z.object({ id: ZUuid, role: z.enum(ROLE_KINDS), userId: ZUserId }))
    .mutation(({ ctx, input }) => assignRole(ctx.services.incidents, ctx.actor, input.id, input.role, input.userId)),
  editStartedAt: manage
    .input(z.object({ id: ZUuid, startedAt: ZDate }))
    .mutation(({ ctx, input }) => editStartedAt(ctx.services.incidents, ctx.actor, input.id, input.startedAt)),
  addUpdate: manage
    .input(z.object({ id: ZUuid, status: ZText(500, "the current status"), impact: ZText(1000, "the impact"), nextSteps: ZText(1000, "next steps") }))
    .mutation(({ ctx, input: { id, status, impact, nextSteps } }) => addStatusUpdate(ctx.services.incidents, ctx.actor, id, { status, impact, nextSteps })),
  addNote: manage
    .input(z.object({ id: ZUuid, text: ZText(2000, "a note") }))
    .mutation(({ ctx, input }) => addNote(ctx.services.incidents, ctx.actor, input.id, input.text)),

  /** The post-incident review: a draft from the timeline, or the saved one. */
  reviewDraft: read.input(z.object({ id: ZUuid })).query(({ ctx, input }) => getReviewDraft(ctx.services.incidents, input.id)),
  saveReview: manage
    .input(
      z.object({
        id: ZUuid,
        whatHappened: z.string().max(20000),
        impact: z.string().max(20000),
        whatWorked: z.string().max(20000),
        whatDidNot: z.string().max(20000),
      }),
    )
    .mutation(({ ctx, input: { id, ...review } }) => saveReview(ctx.services.incidents, ctx.actor, id, review)),
  addActionItem: manage
    .input(z.object({ id: ZUuid, title: ZText(300, "a title"), owner: ZText(200, "an owner"), dueDate: ZDate }))
    .mutation(({ ctx, input: { id, ...item } }) => addActionItem(ctx.services.incidents, ctx.actor, id, item)),
  toggleActionItem: manage
    .input(z.object({ id: ZUuid, itemId: ZUuid, done: z.boolean() }))
    .mutation(({ ctx, input }) => toggleActionItem(ctx.services.incidents, ctx.actor, input.id, input.itemId, input.done)),
});
