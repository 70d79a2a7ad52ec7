import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer } from "../test/test-server";
import { createUser } from "../auth/users";
import type { Actor } from "../contracts/actor";
import type { PlaybookInput } from "../contracts/rules";
import { loadAlert } from "../clusters/wave-detector";
import { createRule, setRuleMode } from "../rules/manage";
import { createPlaybook, decideArm, listPlaybooks, listRuns, requestArm, updatePlaybook } from "./manage";
import { cancelRun, onAlert } from "./runs";

// Playbooks on a running console (its playbook loop fires due runs): two leads arm one, the
// alert creates a run every lead can veto, a run that fires contains, switches rules, declares
// the incident with the arming lead in command, and a lead can stop it and undo what it did.

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
let LEAD: Actor;
let LEAD2: Actor;
const services = () => server.runtime.services;

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openAlert() {
  await t.pool.query(`UPDATE attack_alerts SET "closedAt" = now() WHERE "closedAt" IS NULL`);
  const id = randomUUID();
  await t.pool.query(`INSERT INTO attack_alerts (id, rate, baseline, "peakRate", "clusterIds", reasons) VALUES ($1, 500, 10, 500, '{}', $2)`, [
    id,
    ["Flag rate 500/s is 50× the baseline"],
  ]);
  return loadAlert(t.pool, id);
}

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t);
  const a = await createUser(t.db, null, { email: "lead1@playbooks.test", name: "Lead One", role: "SHIFT_LEAD", password: "playbook-test-password" });
  const b = await createUser(t.db, null, { email: "lead2@playbooks.test", name: "Lead Two", role: "SHIFT_LEAD", password: "playbook-test-password" });
  LEAD = { id: a.id, email: a.email, role: "SHIFT_LEAD", origin: "127.0.0.1" };
  LEAD2 = { id: b.id, email: b.email, role: "SHIFT_LEAD", origin: "127.0.0.1" };
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

describe("playbooks", () => {
  let id = "";
  let ruleId = "";
  const book = (veto: number): PlaybookInput => ({
    name: "Wave response",
    description: "contain, enforce, declare",
    vetoSeconds: veto,
    containRings: { banAccounts: true, refuseGoLive: true },
    ruleIds: [ruleId],
    controls: [],
    declare: { severity: "P0", title: "Bot wave" },
  });

  it("two shift leads arm it: the one who asked cannot approve", async () => {
    ({ id: ruleId } = await createRule(services().rules, LEAD, {
      name: "wave takedown",
      description: "",
      expression: "account.deviceShared >= 3",
      action: { kind: "TAKE_DOWN" },
      ceilingPerMin: 1000,
    }));
    await setRuleMode(services().rules, LEAD, ruleId, "SHADOW", "watching");
    ({ id } = await createPlaybook(services().playbooks, LEAD, book(60)));
    await requestArm(services().playbooks, LEAD, id, "wave season");
    await expect(decideArm(services().playbooks, LEAD, id, true, "me")).rejects.toThrow(/second shift lead/);
    await decideArm(services().playbooks, LEAD2, id, true, "agreed");
    const [p] = await listPlaybooks(services().playbooks);
    expect(p).toMatchObject({ armed: true, armedByEmail: `${LEAD.email} + ${LEAD2.email}`, rules: [{ id: ruleId, mode: "SHADOW" }] });
  });

  it("the alert creates one run per alert, due after the veto window; a lead's veto means nothing happens", async () => {
    const alert = await openAlert();
    const [runId] = await onAlert(services().playbooks, alert);
    expect(await onAlert(services().playbooks, alert)).toEqual([]); // the detector reports the alert again: no second run
    const [pending] = await listRuns(services().playbooks, { pendingOnly: true });
    expect(pending).toMatchObject({ id: runId, status: "PENDING", alertId: alert.id });
    expect(pending.fireAt - pending.createdAt).toBeGreaterThanOrEqual(59_000);
    expect(await cancelRun(services().playbooks, LEAD2, runId, "false alarm, a tournament")).toEqual({ status: "CANCELLED" });
    expect(await t.db.containmentOrder.count({ where: { playbookRunId: runId } })).toBe(0);
    expect((await t.db.rule.findUniqueOrThrow({ where: { id: ruleId } })).mode).toBe("SHADOW");
  });

  it("editing disarms; re-armed with no veto it runs at once: contains, enforces, declares with the arming lead in command", async () => {
    await updatePlaybook(services().playbooks, LEAD, id, book(0));
    expect((await listPlaybooks(services().playbooks))[0].armed).toBe(false);
    await requestArm(services().playbooks, LEAD, id, "again");
    await decideArm(services().playbooks, LEAD2, id, true, "ok");
    const alert = await openAlert();
    const [runId] = await onAlert(services().playbooks, alert);
    const run = await until("the run to finish", async () => {
      const r = await t.db.playbookRun.findUnique({ where: { id: runId } });
      return r && (r.status === "DONE" || r.status === "FAILED") ? r : null;
    });
    expect(run.error).toBeNull();
    expect(run.status).toBe("DONE");
    const order = await t.db.containmentOrder.findFirstOrThrow({ where: { playbookRunId: runId } });
    expect(order).toMatchObject({ status: "ACTIVE", followAlertId: alert.id, banAccounts: true, refuseGoLive: true, createdByRole: "SYSTEM" });
    expect((await t.db.rule.findUniqueOrThrow({ where: { id: ruleId } })).mode).toBe("ENFORCE");
    const incident = await t.db.incident.findUniqueOrThrow({ where: { id: run.incidentId! }, include: { roles: true } });
    expect(incident).toMatchObject({ severity: "P0", title: "Bot wave", alertId: alert.id });
    expect(incident.roles.find((r) => r.role === "COMMANDER")?.userEmail).toBe(LEAD.email);
    const timeline = await t.pool.query(`SELECT text FROM incident_timeline WHERE "incidentId" = $1 AND kind = 'playbook'`, [incident.id]);
    expect(timeline.rows.map((r) => r.text).join("\n")).toMatch(/Playbook "Wave response" ran: Contained every ring/);

    const stopped = await cancelRun(services().playbooks, LEAD2, runId, "it was a tournament after all");
    expect(stopped.status).toBe("UNDONE");
    expect((await t.db.containmentOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("LIFTED");
    expect((await t.db.rule.findUniqueOrThrow({ where: { id: ruleId } })).mode).toBe("SHADOW");
    expect(await t.db.incident.count({ where: { id: incident.id } })).toBe(1); // people close incidents
  });
});
