import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { createTestDb, type TestDb } from "../test/test-db";
import { createUser } from "../auth/users";
import { acknowledge, addStatusUpdate, assignRole, declareIncident, editStartedAt, setSeverity, setStatus, type IncidentDeps } from "./lifecycle";
import { addToOpenIncidents, snapshotMetrics } from "./timeline";
import { draftReview, incidentView } from "./report";
import { buildEvidencePackage } from "./evidence";
import JSZip from "jszip";
import { ingestEvents } from "../ingest/ingest-flags";
import { makeEvent } from "../test/events";
import { createHash } from "node:crypto";

let t: TestDb;
let deps: IncidentDeps;
const events: string[] = [];
let lead: { id: string; email: string; role: string; origin: null };
let other: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDb();
  deps = { db: t.db, pool: t.pool, notify: { changed: () => events.push("changed"), declared: (i) => events.push(`declared:${i.severity}`) } };
  const u = await createUser(t.db, null, { email: "lead@x.test", name: "Lead", role: "SHIFT_LEAD", password: "lead-password-1" });
  const o = await createUser(t.db, null, { email: "scribe@x.test", name: "Scribe", role: "MODERATOR", password: "scribe-password-1" });
  lead = { id: u.id, email: u.email, role: "SHIFT_LEAD", origin: null };
  other = { id: o.id, email: o.email };
});
afterAll(() => t.close());

describe("incident lifecycle", () => {
  it("declares with a commander, alerts on P0, and records the declaration", async () => {
    const i = await declareIncident(deps, lead, { title: "Wave", summary: "bots", severity: "P0", commanderId: lead.id });
    expect(events).toContain("declared:P0");
    const v = (await incidentView(t.db, t.pool, i.id))!;
    expect(v.roles).toMatchObject([{ role: "COMMANDER", userEmail: lead.email, endedAt: null }]);
    expect(v.timeline[0].kind).toBe("declared");
    expect(v.metrics.length).toBe(1); // first snapshot at declaration
    expect(v.updateDue).toMatchObject({ everyMin: 30, overdue: false });
  });

  it("refuses impossible times and transitions", async () => {
    await expect(
      declareIncident(deps, lead, { title: "x", summary: "y", severity: "P2", commanderId: lead.id, startedAt: new Date(Date.now() + 60_000) }),
    ).rejects.toBeInstanceOf(DomainError);
    const i = await declareIncident(deps, lead, { title: "Rules", summary: "y", severity: "P2", commanderId: lead.id });
    await expect(setStatus(deps, lead, i.id, "CLOSED", null)).rejects.toThrow(/cannot go from declared to closed/);
    await expect(setStatus(deps, lead, "00000000-0000-4000-8000-000000000000", "RESOLVED", null)).rejects.toThrow(/No such incident/);
    await expect(editStartedAt(deps, lead, i.id, new Date(Date.now() + 3_600_000))).rejects.toThrow(/after it was detected/);
    const r = await setStatus(deps, lead, i.id, "RESOLVED", "fixed");
    expect(r.containedAt).not.toBeNull(); // resolving implies contained
    expect(r.resolvedAt!.getTime()).toBeGreaterThanOrEqual(r.declaredAt.getTime());
    const reopened = await setStatus(deps, lead, i.id, "INVESTIGATING", "came back");
    expect(reopened.resolvedAt).toBeNull();
  });

  it("hands roles over and keeps the history; feeds the timeline; drafts the review", async () => {
    const i = await declareIncident(deps, lead, { title: "Roles", summary: "y", severity: "P1", commanderId: lead.id });
    await acknowledge(deps, lead, i.id);
    await assignRole(deps, lead, i.id, "COMMANDER", other.id);
    await assignRole(deps, lead, i.id, "SCRIBE", other.id);
    await setSeverity(deps, lead, i.id, "P0", "spreading");
    await addStatusUpdate(deps, lead, i.id, { status: "investigating", impact: "many rooms", nextSteps: "takedown" });
    await addToOpenIncidents(t.pool, "takedown", "Mass takedown by lead: 120 rooms taken down", lead.email);
    await snapshotMetrics(t.pool);
    const v = (await incidentView(t.db, t.pool, i.id))!;
    const commanders = v.roles.filter((r) => r.role === "COMMANDER");
    expect(commanders.map((c) => [c.userEmail, c.endedAt === null])).toEqual([
      [lead.email, false],
      [other.email, true],
    ]);
    expect(v.status).toBe("INVESTIGATING");
    expect(v.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["declared", "status", "role", "severity", "update", "takedown"]));
    const draft = draftReview(v);
    expect(draft.whatWorked).toContain("Mass takedown by lead: 120 rooms");
    expect(draft.impact).toMatch(/rooms taken down/);
    // The same draft for a Chinese reader: its own words, the timeline quoted as recorded.
    const zh = draftReview(v, "zh-CN");
    expect(zh.impact).toMatch(/^下架 [\d,]+ 个直播间/);
    expect(zh.whatWorked).toContain("Mass takedown by lead: 120 rooms");
    expect(zh.whatWorked).toMatch(/次批量下架/);
  });

  it("declares while attackers report absurd viewer counts (sums past 32-bit range)", async () => {
    await ingestEvents(
      { pool: t.pool },
      "s",
      [1, 2, 3].map((i) => makeEvent({ roomId: `huge-${i}`, accountId: `huge-a${i}`, viewerCount: 1_000_000_000 })),
    );
    const i = await declareIncident(deps, lead, { title: "Huge", summary: "y", severity: "P1", commanderId: lead.id });
    const v = (await incidentView(t.db, t.pool, i.id))!;
    expect(v.impact.peakViewersOnFlagged).toBe(2_147_483_647);
  });

  it("exports an evidence package whose manifest hashes match its files", async () => {
    const i = await declareIncident(deps, lead, { title: "Evidence", summary: "y", severity: "P2", commanderId: lead.id });
    const pkg = (await buildEvidencePackage(t.pool, i.id, lead.email))!;
    const zip = await JSZip.loadAsync(pkg.zip);
    for (const f of pkg.manifest.files) {
      const content = await zip.file(f.name)!.async("string");
      expect(createHash("sha256").update(content).digest("hex")).toBe(f.sha256);
    }
    expect(Object.keys(zip.files).sort()).toEqual(["accounts.csv", "actions.csv", "audit.csv", "flags.csv", "manifest.json", "rooms.csv", "timeline.csv"]);
  });
});
