import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { makeEvent } from "../test/events";
import { LEAD, LEAD2, MOD, takedownDeps } from "../test/takedown-deps";
import { ingestEvents } from "../ingest/ingest-flags";
import { verifyAuditChain } from "../audit/audit-log";
import { previewBatch } from "./preview-batch";
import { confirmBatch, decideBatch } from "./confirm-batch";
import { cancelBatch, restoreBatch } from "./batch-ops";
import { batchProgress } from "./batch-progress";
import { DEFAULT_FILTER } from "../contracts/wall";
import { enforceRooms } from "../enforcement/enforce-rooms";

let t: TestDb;
let h: ReturnType<typeof takedownDeps>;

async function seed(prefix: string, n: number, label: "sexual" | "spam" = "sexual") {
  const events = Array.from({ length: n }, (_, i) => makeEvent({ roomId: `${prefix}-${i}`, accountId: `${prefix}-acct-${i % Math.ceil(n / 2)}`, label }));
  for (let i = 0; i < events.length; i += 5000) await ingestEvents({ pool: t.pool }, "seed", events.slice(i, i + 5000));
}

beforeAll(async () => {
  t = await createTestDb();
  h = takedownDeps(t, null, 200);
});
afterAll(() => t.close());

describe("mass takedown", () => {
  it("a double submit creates and runs one batch", async () => {
    await seed("dbl", 30);
    const ids = Array.from({ length: 30 }, (_, i) => `dbl-${i}`);
    const p = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: ids });
    expect(p).toMatchObject({ count: 30, live: 30, needsApproval: false });
    expect(p.sample.length).toBeGreaterThan(0);
    const input = { batchId: p.batchId, reason: "Policy: sexual content", banAccounts: true, endOtherRooms: false };
    const [a, b] = await Promise.all([confirmBatch(h.deps, LEAD, input), confirmBatch(h.deps, LEAD, input)]);
    expect([a.status, b.status]).toEqual(["RUNNING", "RUNNING"]);
    expect(await t.db.enforcementAction.count({ where: { batchId: p.batchId, kind: "TAKEDOWN" } })).toBe(30);
    expect(await t.db.enforcementAction.count({ where: { batchId: p.batchId, kind: "BAN" } })).toBe(15);
    expect(await t.db.platformAccount.count({ where: { id: { startsWith: "dbl-acct" }, status: "BANNED" } })).toBe(15);
    expect(await t.db.auditEntry.count({ where: { action: "takedown.batch.run", targetId: p.batchId } })).toBe(1);
    expect(h.events.removed.filter((id) => id.startsWith("dbl-"))).toHaveLength(30);
  });

  it("reports unknown and already-taken-down rooms instead of dropping them", async () => {
    await seed("mix", 3);
    const first = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: ["mix-0"] });
    await confirmBatch(h.deps, LEAD, { batchId: first.batchId, reason: "Policy: x", banAccounts: false, endOtherRooms: false });
    const p = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: ["mix-0", "mix-1", "ghost"] });
    await confirmBatch(h.deps, LEAD, { batchId: p.batchId, reason: "Policy: x", banAccounts: false, endOtherRooms: false });
    const b = await t.db.takedownBatch.findUniqueOrThrow({ where: { id: p.batchId } });
    expect(b.appliedCount).toBe(1);
    expect(b.skipped).toEqual(
      expect.arrayContaining([
        { roomId: "mix-0", why: "already taken down" },
        { roomId: "ghost", why: "unknown room" },
      ]),
    );
  });

  it("a selection of mostly ring rooms suggests the ring reason and bans by default; ordinary rooms do not", async () => {
    await seed("plain", 6, "spam");
    const plain = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: Array.from({ length: 6 }, (_, i) => `plain-${i}`) });
    expect(plain).toMatchObject({ banByDefault: false, inRings: 0 });
    expect(plain.suggestedReason).not.toBe("Coordinated inauthentic behaviour (bot ring)");
    // seed() puts three rooms on each of two accounts: both accounts join a ring.
    await t.pool.query(`INSERT INTO account_clusters (id, size) VALUES ('C-0000abcd', 2)`);
    await t.pool.query(`INSERT INTO account_cluster_members ("accountId", "clusterId") VALUES ('plain-acct-0', 'C-0000abcd'), ('plain-acct-1', 'C-0000abcd')`);
    const ringy = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: Array.from({ length: 6 }, (_, i) => `plain-${i}`) });
    expect(ringy).toMatchObject({ banByDefault: true, suggestedReason: "Coordinated inauthentic behaviour (bot ring)" });
    expect(ringy.inRings).toBe(2);
  });

  it("refuses an empty selection with a clear message", async () => {
    await expect(previewBatch(h.deps, LEAD, { kind: "filter", filter: { ...DEFAULT_FILTER, minScore: 1, labels: ["hate"] } })).rejects.toThrow(
      /selection is empty/,
    );
  });

  it("uses the previewed snapshot when the filter matches more at confirm, and says so", async () => {
    await seed("drift", 5, "spam");
    const filter = { ...DEFAULT_FILTER, labels: ["spam" as const] };
    const p = await previewBatch(h.deps, LEAD, { kind: "filter", filter });
    await seed("drift2", 4, "spam");
    const c = await confirmBatch(h.deps, LEAD, { batchId: p.batchId, reason: "Policy: spam", banAccounts: false, endOtherRooms: false });
    expect(c.driftNote).toMatch(/4 new/);
    const b = await t.db.takedownBatch.findUniqueOrThrow({ where: { id: p.batchId } });
    expect(b.appliedCount).toBe(p.count);
    expect(await t.db.liveRoom.count({ where: { id: { startsWith: "drift2-" }, status: "LIVE" } })).toBe(4);
  });

  it("four eyes: a moderator's large batch waits; the requester cannot approve it; another lead can", async () => {
    await seed("big", 250);
    const ids = Array.from({ length: 250 }, (_, i) => `big-${i}`);
    const p = await previewBatch(h.deps, MOD, { kind: "manual", roomIds: ids });
    expect(p.needsApproval).toBe(true);
    const c = await confirmBatch(h.deps, MOD, { batchId: p.batchId, reason: "Policy: sexual", banAccounts: false, endOtherRooms: false });
    expect(c.status).toBe("PENDING_APPROVAL");
    expect(h.events.approvals).toContainEqual(expect.objectContaining({ id: p.batchId, count: 250 }));
    expect(await t.db.liveRoom.count({ where: { id: { in: ids }, status: "LIVE" } })).toBe(250);
    await expect(decideBatch(h.deps, { ...LEAD, id: MOD.id }, p.batchId, true, "ok")).rejects.toThrow(/someone else/);
    await decideBatch(h.deps, LEAD2, p.batchId, true, "checked the sample");
    expect(await t.db.liveRoom.count({ where: { id: { in: ids }, status: "TAKEN_DOWN" } })).toBe(250);
    await expect(decideBatch(h.deps, LEAD2, p.batchId, false, "again")).rejects.toThrow(/not waiting/);
    // A moderator below the threshold acts alone.
    const small = await previewBatch(h.deps, MOD, { kind: "manual", roomIds: ["dbl-0"] });
    expect(small.needsApproval).toBe(false);
  });

  it("four eyes counts what one moderator takes down over the window: splitting into batches or quick actions gains nothing", async () => {
    await seed("split", 600);
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `split-${from + i}`);
    const modB = { ...MOD, id: "mod-b", email: "mod-b@floodwall.local" };
    const run = async (actor: typeof MOD, roomIds: string[]) => {
      const p = await previewBatch(h.deps, actor, { kind: "manual", roomIds });
      const c = await confirmBatch(h.deps, actor, { batchId: p.batchId, reason: "Policy: sexual", banAccounts: false, endOtherRooms: false });
      return { p, c };
    };
    // 200 at once is within the threshold; 200 more (overlapping) within the window is not.
    const first = await run(modB, ids(0, 200));
    expect(first.c.status).toBe("RUNNING");
    const second = await run(modB, ids(100, 300));
    expect(second.p.needsApproval).toBe(true);
    expect(second.p.fourEyes).toMatchObject({ recent: 200, threshold: 200, windowMinutes: 15 });
    expect(second.c.status).toBe("PENDING_APPROVAL");
    expect(h.events.approvals).toContainEqual(expect.objectContaining({ id: second.p.batchId }));
    expect(await t.db.liveRoom.count({ where: { id: { in: ids(200, 300) }, status: "LIVE" } })).toBe(100);
    // Quick actions from the wall count the same way and are refused whole.
    await expect(enforceRooms(h.deps.enforce, modB, { kind: "TAKEDOWN", roomIds: ["split-300"], reason: "Policy: sexual" })).rejects.toThrow(
      /Four eyes: you have taken down 200 rooms in the last 15 minutes/,
    );
    expect((await t.db.liveRoom.findUniqueOrThrow({ where: { id: "split-300" } })).status).toBe("LIVE");
    // Rooms that were already down cost nothing; another moderator has a budget of their own.
    await expect(enforceRooms(h.deps.enforce, modB, { kind: "TAKEDOWN", roomIds: ["split-0"], reason: "Policy: sexual" })).resolves.toMatchObject({
      applied: [],
    });
    const modC = { ...MOD, id: "mod-c", email: "mod-c@floodwall.local" };
    expect((await enforceRooms(h.deps.enforce, modC, { kind: "TAKEDOWN", roomIds: ["split-300"], reason: "Policy: sexual" })).applied).toHaveLength(1);
    // Two of one person's batches at once cannot both pass: the count is taken under a lock.
    const modD = { ...MOD, id: "mod-d", email: "mod-d@floodwall.local" };
    const both = await Promise.all([run(modD, ids(301, 451)), run(modD, ids(451, 600))]);
    expect(both.map((b) => b.c.status).sort()).toEqual(["PENDING_APPROVAL", "RUNNING"]);
    // Once the window has passed, the moderator acts alone again.
    await t.pool.query(`UPDATE enforcement_actions SET "createdAt" = "createdAt" - interval '16 minutes' WHERE "actorId" = 'mod-b'`);
    expect((await enforceRooms(h.deps.enforce, modB, { kind: "TAKEDOWN", roomIds: ["split-250"], reason: "Policy: sexual" })).applied).toHaveLength(1);
  });

  it("a rejected batch changes nothing", async () => {
    await seed("rej", 201);
    const p = await previewBatch(h.deps, MOD, { kind: "manual", roomIds: Array.from({ length: 201 }, (_, i) => `rej-${i}`) });
    await confirmBatch(h.deps, MOD, { batchId: p.batchId, reason: "Policy: sexual", banAccounts: true, endOtherRooms: false });
    await decideBatch(h.deps, LEAD, p.batchId, false, "sample shows false positives");
    expect((await t.db.takedownBatch.findUniqueOrThrow({ where: { id: p.batchId } })).status).toBe("REJECTED");
    expect(await t.db.liveRoom.count({ where: { id: { startsWith: "rej-" }, status: "LIVE" } })).toBe(201);
  });

  it("cancel puts undelivered rooms back; restore undoes a batch and unbans", async () => {
    await seed("undo", 10);
    const ids = Array.from({ length: 10 }, (_, i) => `undo-${i}`);
    const p = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: ids });
    await confirmBatch(h.deps, LEAD, { batchId: p.batchId, reason: "Policy: sexual", banAccounts: true, endOtherRooms: false });
    const res = await restoreBatch(h.deps, LEAD, p.batchId, ["undo-0", "undo-1"], "false positive");
    expect(res.restored).toBe(2);
    const back = await t.db.liveRoom.findMany({ where: { id: { in: ["undo-0", "undo-1"] } } });
    expect(back.every((r) => r.status === "LIVE" && r.review === "OPEN" && r.restoredAt)).toBe(true);
    expect(await t.db.enforcementAction.count({ where: { kind: "UNBAN", accountId: { in: ["undo-acct-0", "undo-acct-1"] } } })).toBe(2);

    const p2 = await previewBatch(h.deps, LEAD, { kind: "manual", roomIds: ["undo-0", "undo-1"] });
    await confirmBatch(h.deps, LEAD, { batchId: p2.batchId, reason: "Policy: sexual", banAccounts: false, endOtherRooms: false });
    const prog = await cancelBatch(h.deps, LEAD, p2.batchId);
    expect(prog).toMatchObject({ status: "CANCELLED", cancelled: 2, pending: 0 });
    expect(await t.db.liveRoom.count({ where: { id: { in: ["undo-0", "undo-1"] }, status: "LIVE" } })).toBe(2);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("a batch completes when its last call is delivered", async () => {
    const b = await t.db.takedownBatch.findFirstOrThrow({ where: { status: "RUNNING" } });
    await t.pool.query(`UPDATE enforcement_actions SET delivery = 'SENT' WHERE "batchId" = $1`, [b.id]);
    expect((await batchProgress(t.pool, b.id)).status).toBe("COMPLETED");
  });
});
