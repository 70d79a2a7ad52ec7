import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { capabilityProcedure, router } from "../init";
import {
  acknowledge,
  addNote,
  addStatusUpdate,
  assignRole,
  declareIncident,
  editStartedAt,
  IncidentError,
  setSeverity,
  setStatus,
} from "../../incidents/lifecycle";
import { ROLE_KINDS, SEVERITIES, STATUSES } from "../../contracts/incidents";
import { draftReview, incidentView } from "../../incidents/report";
import { recordAudit } from "../../audit/audit-log";

const ZId = z.string().uuid();
const ZSeverity = z.enum(["P0", "P1", "P2", "P3"]);
const ZText = (max: number, what: string) => z.string().trim().min(1, `${what} is required`).max(max);
const read = capabilityProcedure("incidents:read");
const manage = capabilityProcedure("incidents:manage");

function asTrpc(e: unknown): never {
  if (e instanceof IncidentError) throw new TRPCError({ code: e.code, message: e.message });
  throw e;
}
const full = (ctx: {
  actor: { id: string | null; email: string | null; role: string | null; origin?: string | null };
  user: { id: string; email: string };
}) => ({ ...ctx.actor, id: ctx.user.id, email: ctx.user.email });

export const incidentsRouter = router({
  severities: read.query(() => Object.entries(SEVERITIES).map(([key, v]) => ({ key, ...v }))),
  list: read.query(({ ctx }) =>
    ctx.rt.db.incident.findMany({
      orderBy: { declaredAt: "desc" },
      take: 100,
      select: { id: true, number: true, title: true, severity: true, status: true, declaredAt: true, startedAt: true, resolvedAt: true, declaredByEmail: true },
    }),
  ),
  get: read
    .meta({ heavy: true })
    .input(z.object({ id: ZId }))
    .query(async ({ ctx, input }) => {
      const v = await incidentView(ctx.rt.db, ctx.rt.pool, input.id);
      if (!v) throw new TRPCError({ code: "NOT_FOUND", message: "No such incident" });
      return v;
    }),
  /** People who can hold incident roles. */
  people: read.query(({ ctx }) =>
    ctx.rt.db.user.findMany({ where: { deactivatedAt: null }, select: { id: true, email: true, name: true, role: true }, orderBy: { email: "asc" } }),
  ),

  declare: manage
    .input(
      z.object({
        title: ZText(200, "a title"),
        summary: ZText(2000, "a summary"),
        severity: ZSeverity,
        commanderId: z.string().min(1).max(64),
        startedAt: z.coerce.date().optional(),
        alertId: z.string().uuid().nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => declareIncident(ctx.rt.services.incidents, full(ctx), input).catch(asTrpc)),
  setSeverity: manage
    .input(z.object({ id: ZId, severity: ZSeverity, reason: ZText(500, "a reason") }))
    .mutation(({ ctx, input }) => setSeverity(ctx.rt.services.incidents, full(ctx), input.id, input.severity, input.reason).catch(asTrpc)),
  setStatus: manage
    .input(z.object({ id: ZId, status: z.enum(STATUSES), note: z.string().trim().max(500).nullable().default(null) }))
    .mutation(({ ctx, input }) => setStatus(ctx.rt.services.incidents, full(ctx), input.id, input.status, input.note).catch(asTrpc)),
  acknowledge: manage.input(z.object({ id: ZId })).mutation(({ ctx, input }) => acknowledge(ctx.rt.services.incidents, full(ctx), input.id).catch(asTrpc)),
  assignRole: manage
    .input(z.object({ id: ZId, role: z.enum(ROLE_KINDS), userId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => assignRole(ctx.rt.services.incidents, full(ctx), input.id, input.role, input.userId).catch(asTrpc)),
  editStartedAt: manage
    .input(z.object({ id: ZId, startedAt: z.coerce.date() }))
    .mutation(({ ctx, input }) => editStartedAt(ctx.rt.services.incidents, full(ctx), input.id, input.startedAt).catch(asTrpc)),
  addUpdate: manage
    .input(z.object({ id: ZId, status: ZText(500, "the current status"), impact: ZText(1000, "the impact"), nextSteps: ZText(1000, "next steps") }))
    .mutation(({ ctx, input: { id, status, impact, nextSteps } }) =>
      addStatusUpdate(ctx.rt.services.incidents, full(ctx), id, { status, impact, nextSteps }).catch(asTrpc),
    ),
  addNote: manage
    .input(z.object({ id: ZId, text: ZText(2000, "a note") }))
    .mutation(({ ctx, input }) => addNote(ctx.rt.services.incidents, full(ctx), input.id, input.text).catch(asTrpc)),

  /** The post-incident review: a draft from the timeline, or the saved one. */
  reviewDraft: read
    .meta({ heavy: true })
    .input(z.object({ id: ZId }))
    .query(async ({ ctx, input }) => {
      const v = await incidentView(ctx.rt.db, ctx.rt.pool, input.id);
      if (!v) throw new TRPCError({ code: "NOT_FOUND", message: "No such incident" });
      return (v.review as ReturnType<typeof draftReview> | null) ?? draftReview(v);
    }),
  saveReview: manage
    .input(
      z.object({
        id: ZId,
        whatHappened: z.string().max(20000),
        impact: z.string().max(20000),
        whatWorked: z.string().max(20000),
        whatDidNot: z.string().max(20000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, ...review } = input;
      await ctx.rt.db.incident.update({ where: { id }, data: { review } });
      await recordAudit(ctx.rt.db, ctx.actor, { action: "incident.review.save", targetType: "incident", targetId: id });
      ctx.rt.services.incidents.notify.changed(id);
      return { ok: true };
    }),
  addActionItem: manage
    .input(z.object({ id: ZId, title: ZText(300, "a title"), owner: ZText(200, "an owner"), dueDate: z.coerce.date() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.rt.db.actionItem.create({ data: { id: randomUUID(), incidentId: input.id, title: input.title, owner: input.owner, dueDate: input.dueDate } });
      ctx.rt.services.incidents.notify.changed(input.id);
      return { ok: true };
    }),
  toggleActionItem: manage.input(z.object({ id: ZId, itemId: ZId, done: z.boolean() })).mutation(async ({ ctx, input }) => {
    await ctx.rt.db.actionItem.update({ where: { id: input.itemId, incidentId: input.id }, data: { doneAt: input.done ? new Date() : null } });
    ctx.rt.services.incidents.notify.changed(input.id);
    return { ok: true };
  }),
});
