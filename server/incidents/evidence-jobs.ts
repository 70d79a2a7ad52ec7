import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { recordAudit } from "../audit/audit-log";
import type { Actor } from "../contracts/actor";
import { DomainError } from "../errors";
import { buildEvidencePackage, EVIDENCE_STEPS } from "./evidence";
import type { IncidentDeps } from "./lifecycle";
import { errField, logger } from "../observability/log";

const log = logger("evidence");

/** An export left RUNNING this long belonged to a process that stopped: it is reported as failed. */
const STALE_MS = 15 * 60_000;

export interface EvidenceExportView {
  id: string;
  status: "RUNNING" | "READY" | "FAILED";
  step: number;
  steps: number;
  stepLabel: string;
  bytes: number | null;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/**
 * Starts preparing an incident's evidence package in the background and returns at once; the
 * requester's page shows each step as it happens and offers the download when it is ready.
 * Runs in the process that received the request (a restart fails it; the person starts it again).
 */
export async function startEvidenceExport(deps: IncidentDeps, actor: Actor, incidentId: string): Promise<EvidenceExportView> {
  const inc = await deps.db.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
  if (!inc) throw DomainError.of("NOT_FOUND", "incidents.notFound");
  const running = await deps.db.evidenceExport.findFirst({
    where: { incidentId, status: "RUNNING", createdAt: { gt: new Date(Date.now() - STALE_MS) } },
    orderBy: { createdAt: "desc" },
  });
  if (running) return view(running);
  const id = randomUUID();
  const row = await deps.db.evidenceExport.create({
    data: { id, incidentId, requestedById: actor.id, requestedByEmail: actor.email, status: "RUNNING", steps: EVIDENCE_STEPS, stepLabel: "Starting" },
  });
  void run(deps, actor, id, incidentId);
  return view(row);
}

async function run(deps: IncidentDeps, actor: Actor, id: string, incidentId: string) {
  const tell = (p: Partial<EvidenceExportView>) => deps.notify.evidence?.(actor.id, { id, incidentId, ...p });
  try {
    const pkg = await buildEvidencePackage(deps.pool, incidentId, actor.email, async (step, label) => {
      await deps.db.evidenceExport.update({ where: { id }, data: { step, stepLabel: label } });
      tell({ status: "RUNNING", step, steps: EVIDENCE_STEPS, stepLabel: label });
    });
    if (!pkg) throw new Error("the incident is gone");
    await deps.db.evidenceExport.update({
      where: { id },
      data: {
        status: "READY",
        step: EVIDENCE_STEPS,
        stepLabel: "Ready",
        zip: Buffer.from(pkg.zip),
        bytes: pkg.zip.byteLength,
        manifest: pkg.manifest as unknown as Prisma.InputJsonObject,
        finishedAt: new Date(),
      },
    });
    await recordAudit(deps.db, actor, {
      action: "incident.evidence.prepare",
      targetType: "incident",
      targetId: incidentId,
      details: { exportId: id, files: pkg.manifest.files },
    });
    tell({ status: "READY", step: EVIDENCE_STEPS, steps: EVIDENCE_STEPS, stepLabel: "Ready", bytes: pkg.zip.byteLength });
  } catch (e) {
    const error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
    log.error({ err: errField(e), exportId: id }, "evidence export failed");
    await deps.db.evidenceExport.update({ where: { id }, data: { status: "FAILED", error, finishedAt: new Date() } }).catch(() => {});
    tell({ status: "FAILED", error });
  }
}

function view(r: {
  id: string;
  status: string;
  step: number;
  steps: number;
  stepLabel: string;
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): EvidenceExportView {
  const stale = r.status === "RUNNING" && Date.now() - r.createdAt.getTime() > STALE_MS;
  return {
    id: r.id,
    status: stale ? "FAILED" : (r.status as EvidenceExportView["status"]),
    step: r.step,
    steps: r.steps,
    stepLabel: r.stepLabel,
    bytes: r.bytes,
    error: stale ? "The server stopped while preparing it: start it again" : r.error,
    createdAt: r.createdAt.getTime(),
    finishedAt: r.finishedAt?.getTime() ?? null,
  };
}

/** The newest export of an incident (the page shows its progress or its download). */
export async function latestEvidenceExport(deps: Pick<IncidentDeps, "db">, incidentId: string): Promise<EvidenceExportView | null> {
  const r = await deps.db.evidenceExport.findFirst({
    where: { incidentId },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, step: true, steps: true, stepLabel: true, bytes: true, error: true, createdAt: true, finishedAt: true },
  });
  return r ? view(r) : null;
}

/** A ready package's bytes, for the download route (which audits the download). */
export async function readyEvidenceZip(deps: Pick<IncidentDeps, "db">, incidentId: string, exportId: string) {
  const r = await deps.db.evidenceExport.findFirst({ where: { id: exportId, incidentId } });
  if (!r) throw DomainError.of("NOT_FOUND", "incidents.exportNotFound");
  if (r.status !== "READY" || !r.zip) throw DomainError.of("CONFLICT", "incidents.exportNotReady");
  const inc = await deps.db.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { number: true } });
  return { zip: r.zip, number: inc.number, manifest: r.manifest };
}
