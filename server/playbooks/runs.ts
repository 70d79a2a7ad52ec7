import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { recordAudit } from "../audit/audit-log";
import { systemActor, type Actor } from "../contracts/actor";
import { describeScope } from "../contracts/controls";
import type { WaveAlert } from "../contracts/alerts";
import { setControl } from "../controls/controls";
import { DomainError } from "../errors";
import { declareIncident } from "../incidents/lifecycle";
import { addTimeline, addToOpenIncidents, msg } from "../incidents/timeline";
import { liftOrder } from "../orders/lift-order";
import { setRuleMode } from "../rules/manage";
import type { PlaybookDeps, PlaybookSteps } from "./types";
import { errField, logger } from "../observability/log";

const log = logger("playbooks");

/** A playbook acts as the system, on the standing instruction of the leads who armed it. */
export const playbookActor = (p: { id: string; name: string; armedByEmail: string }): Actor => ({
  ...systemActor(`playbook:${p.id}`),
  email: `playbook "${p.name}" (armed by ${p.armedByEmail})`,
});

interface RunResult {
  summary: string[];
  orderId?: string;
  rulesEnforced?: string[];
  controls?: PlaybookSteps["controls"];
  incidentId?: string;
}

/**
 * The attack-wave alert is open: every armed playbook gets one run for it (keyed by playbook and
 * alert, so the detector's repeated reports add nothing), due after its veto window. Every lead
 * is shown the run with a cancel button.
 */
export async function onAlert(deps: PlaybookDeps, alert: WaveAlert) {
  if (alert.closedAt) return [];
  const created = await deps.pool.query<{ id: string; playbookId: string; name: string; fireAt: Date }>(
    `INSERT INTO playbook_runs (id, "playbookId", "alertId", status, steps, "armedById", "armedByEmail", "fireAt")
     SELECT gen_random_uuid()::text, p.id, $1, 'PENDING', p.steps || jsonb_build_object('vetoSeconds', p."vetoSeconds"), p."armedById", p."armedByEmail",
            now() + make_interval(secs => p."vetoSeconds")
     FROM playbooks p WHERE p.armed AND p."armedById" IS NOT NULL
     ON CONFLICT ("playbookId", "alertId") DO NOTHING
     RETURNING id, "playbookId", (SELECT name FROM playbooks WHERE id = "playbookId") AS name, "fireAt"`,
    [alert.id],
  );
  for (const r of created.rows) {
    deps.notify.pending({ id: r.id, playbookId: r.playbookId, name: r.name, fireAt: r.fireAt.getTime(), alertId: alert.id });
    await addToOpenIncidents(deps.pool, "playbook", msg("playbookScheduled", { name: r.name, at: r.fireAt.toISOString().slice(11, 19) }), null, {
      runId: r.id,
    });
  }
  return created.rows.map((r) => r.id);
}

/**
 * Claims runs whose veto window has passed (and runs a crashed process left half done) and
 * executes them. Safe with several processes: a run is claimed by one (SKIP LOCKED), and every
 * step is idempotent, so finishing an interrupted run repeats nothing.
 */
export async function fireDueRuns(deps: PlaybookDeps): Promise<string[]> {
  const due = await deps.pool.query<{ id: string }>(
    `UPDATE playbook_runs SET status = 'RUNNING', "startedAt" = now()
     WHERE id IN (SELECT id FROM playbook_runs
                  WHERE (status = 'PENDING' AND "fireAt" <= now()) OR (status = 'RUNNING' AND "startedAt" < now() - interval '60 seconds')
                  ORDER BY "fireAt" FOR UPDATE SKIP LOCKED LIMIT 10)
     RETURNING id`,
  );
  for (const r of due.rows) await executeRun(deps, r.id);
  return due.rows.map((r) => r.id);
}

async function executeRun(deps: PlaybookDeps, runId: string) {
  const run = await deps.db.playbookRun.findUniqueOrThrow({ where: { id: runId }, include: { playbook: { select: { name: true } } } });
  const steps = run.steps as unknown as PlaybookSteps;
  const actor = playbookActor({ id: run.playbookId, name: run.playbook.name, armedByEmail: run.armedByEmail });
  const result: RunResult = { summary: [], ...((run.result as object | null) ?? {}) };
  result.summary = [];
  deps.notify.runChanged({ id: run.id, playbookId: run.playbookId, status: "RUNNING", byEmail: null });
  try {
    if (steps.containRings) {
      const existing = await deps.db.containmentOrder.findFirst({ where: { playbookRunId: run.id } });
      if (existing) result.orderId = existing.id;
      else {
        const alert = await deps.db.attackAlert.findUnique({ where: { id: run.alertId } });
        const orderId = randomUUID();
        await deps.db.$transaction(async (tx) => {
          await tx.containmentOrder.create({
            data: {
              id: orderId,
              status: "ACTIVE",
              clusterIds: alert?.clusterIds ?? [],
              followAlertId: run.alertId,
              banAccounts: steps.containRings!.banAccounts,
              refuseGoLive: steps.containRings!.refuseGoLive,
              reason: `Playbook "${run.playbook.name}" on the attack-wave alert`,
              createdById: actor.id,
              createdByEmail: actor.email,
              createdByRole: "SYSTEM",
              activatedAt: new Date(),
              playbookRunId: run.id,
            },
          });
          await recordAudit(tx, actor, {
            action: "order.create",
            targetType: "containment_order",
            targetId: orderId,
            details: { playbookRunId: run.id, followAlertId: run.alertId },
          });
        });
        deps.orders.onActivated?.(orderId);
        deps.orders.notify.changed(orderId);
        result.orderId = orderId;
      }
      result.summary.push(
        `Contained every ring on the alert, and those it grows${steps.containRings.banAccounts ? ", banning their accounts" : ""}${steps.containRings.refuseGoLive ? ", refusing go-live to their signals" : ""}`,
      );
    }
    if (steps.ruleIds?.length) {
      const rules = await deps.db.rule.findMany({ where: { id: { in: steps.ruleIds } } });
      const switched: string[] = [];
      for (const r of rules) {
        if (r.mode !== "ENFORCE") {
          await deps.db.$transaction(async (tx) => {
            await tx.rule.update({
              where: { id: r.id },
              data: {
                mode: "ENFORCE",
                enforceApprovedBy: run.armedByEmail,
                trippedAt: null,
                trippedReason: null,
                updatedAt: new Date(),
                updatedByEmail: actor.email,
              },
            });
            await recordAudit(tx, actor, {
              action: "rule.enforce",
              targetType: "rule",
              targetId: r.id,
              reason: `Playbook "${run.playbook.name}"`,
              details: { version: r.version, runId },
            });
          });
          deps.rules.notify.changed(r.id);
          switched.push(r.id);
        }
      }
      result.rulesEnforced = [...new Set([...(result.rulesEnforced ?? []), ...switched])];
      result.summary.push(`Switched ${rules.length} rule${rules.length === 1 ? "" : "s"} to enforce: ${rules.map((r) => r.name).join(", ")}`);
    }
    for (const c of steps.controls ?? []) {
      await setControl(deps.controls, actor, { scope: c.scope, mode: c.mode, maxStartsPerMin: c.maxStartsPerMin, reason: `Playbook "${run.playbook.name}"` });
      result.summary.push(
        `Live control: ${describeScope(c.scope)} ${c.mode === "THROTTLED" ? `throttled to ${c.maxStartsPerMin}/min` : c.mode.toLowerCase().replace("_", " ")}`,
      );
    }
    result.controls = steps.controls ?? [];
    let incidentId = run.incidentId;
    if (steps.declare && !incidentId) {
      const alert = await deps.db.attackAlert.findUnique({ where: { id: run.alertId } });
      incidentId = alert?.incidentId ?? null;
      if (!incidentId) {
        const inc = await declareIncident(deps.incidents, actor, {
          title: steps.declare.title,
          summary: `Declared by playbook "${run.playbook.name}" when the attack-wave alert fired: ${(alert?.reasons ?? []).join("; ")}`,
          severity: steps.declare.severity,
          commanderId: run.armedById,
          alertId: run.alertId,
        });
        incidentId = inc.id;
      }
      result.summary.push(`Declared ${steps.declare.severity}: ${steps.declare.title}`);
    }
    result.incidentId = incidentId ?? undefined;
    // On the incident before the run says it is done: whoever reads DONE finds the story written.
    const text = `Playbook "${run.playbook.name}" ran: ${result.summary.join("; ")}`;
    if (incidentId) await addTimeline(deps.pool, incidentId, "playbook", text, actor.email, { runId });
    await deps.db.playbookRun.update({
      where: { id: run.id },
      data: { status: "DONE", finishedAt: new Date(), incidentId, result: result as unknown as Prisma.InputJsonObject },
    });
    await recordAudit(deps.db, actor, { action: "playbook.run", targetType: "playbook", targetId: run.playbookId, details: { runId, ...result } });
    deps.notify.runChanged({ id: run.id, playbookId: run.playbookId, status: "DONE", byEmail: null });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error({ err: errField(e), runId }, "playbook run failed");
    await deps.db.playbookRun.update({
      where: { id: run.id },
      data: { status: "FAILED", finishedAt: new Date(), error: message.slice(0, 500), result: result as unknown as Prisma.InputJsonObject },
    });
    await addToOpenIncidents(deps.pool, "playbook", msg("playbookFailed", { name: run.playbook.name, error: message.slice(0, 200) }), null, { runId });
    deps.notify.runChanged({ id: run.id, playbookId: run.playbookId, status: "FAILED", byEmail: null });
  }
}

/**
 * A lead vetoes a pending run (nothing happens), or stops one that ran: its order is lifted with
 * restore, the rules it switched go back to shadow and its controls open. The incident it
 * declared stays (people decide when an incident is over).
 */
export async function cancelRun(deps: PlaybookDeps, actor: Actor, runId: string, reason: string) {
  const vetoed = await deps.pool.query(
    `UPDATE playbook_runs SET status = 'CANCELLED', "cancelledByEmail" = $2, "cancelledAt" = now() WHERE id = $1 AND status = 'PENDING'`,
    [runId, actor.email],
  );
  const run = await deps.db.playbookRun.findUnique({ where: { id: runId }, include: { playbook: { select: { name: true } } } });
  if (!run) throw DomainError.of("NOT_FOUND", "playbooks.runNotFound");
  if (vetoed.rowCount) {
    await recordAudit(deps.db, actor, { action: "playbook.veto", targetType: "playbook", targetId: run.playbookId, reason, details: { runId } });
    await addToOpenIncidents(deps.pool, "playbook", msg("playbookVetoed", { name: run.playbook.name, by: actor.email, reason }), actor.email, {
      runId,
    });
    deps.notify.runChanged({ id: runId, playbookId: run.playbookId, status: "CANCELLED", byEmail: actor.email });
    return { status: "CANCELLED" as const };
  }
  if (run.status === "RUNNING") throw DomainError.of("CONFLICT", "playbooks.runBusy");
  if (run.status !== "DONE" && run.status !== "FAILED")
    throw DomainError.of("CONFLICT", "playbooks.runAlready", { status: run.status.toLowerCase(), state: run.status });
  const result = (run.result ?? {}) as unknown as RunResult;
  const undone: string[] = [];
  if (result.orderId) {
    const o = await deps.db.containmentOrder.findUnique({ where: { id: result.orderId } });
    if (o?.status === "ACTIVE") {
      const lifted = await liftOrder(deps.orders, actor, result.orderId, { restore: true, reason: `Playbook stopped: ${reason}` });
      undone.push(`order lifted (${lifted.restored} rooms restored, ${lifted.unbanned} accounts unbanned)`);
    }
  }
  for (const ruleId of result.rulesEnforced ?? []) {
    const r = await deps.db.rule.findUnique({ where: { id: ruleId } });
    if (r?.mode === "ENFORCE") await setRuleMode(deps.rules, actor, ruleId, "SHADOW", `Playbook stopped: ${reason}`);
  }
  if (result.rulesEnforced?.length) undone.push(`${result.rulesEnforced.length} rules back to shadow`);
  for (const c of result.controls ?? []) {
    await setControl(deps.controls, actor, { scope: c.scope, mode: "OPEN", reason: `Playbook stopped: ${reason}` });
  }
  if (result.controls?.length) undone.push(`${result.controls.length} controls opened`);
  await deps.db.playbookRun.update({ where: { id: runId }, data: { status: "UNDONE", cancelledByEmail: actor.email, cancelledAt: new Date() } });
  await recordAudit(deps.db, actor, { action: "playbook.stop", targetType: "playbook", targetId: run.playbookId, reason, details: { runId, undone } });
  await addToOpenIncidents(
    deps.pool,
    "playbook",
    undone.length
      ? msg("playbookStopped", { name: run.playbook.name, by: actor.email, undone: undone.join(", "), reason })
      : msg("playbookStoppedNothing", { name: run.playbook.name, by: actor.email, reason }),
    actor.email,
    {
      runId,
    },
  );
  deps.notify.runChanged({ id: runId, playbookId: run.playbookId, status: "UNDONE", byEmail: actor.email });
  return { status: "UNDONE" as const, undone };
}

/** Fires due runs every half second (in processes that run the background loops). */
export function startPlaybookLoop(deps: PlaybookDeps, everyMs = 500) {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = fireDueRuns(deps)
      .catch((e) => log.error({ err: errField(e) }, "firing due playbook runs failed"))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
