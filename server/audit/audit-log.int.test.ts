import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTransaction } from "../db/transaction";
import { createTestDb, type TestDb } from "../test/test-db";
import { GENESIS_HASH, recordAudit, verifyAuditChain } from "./audit-log";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const actor = { id: "u1", email: "lead@floodwall.local", role: "SHIFT_LEAD", origin: "127.0.0.1" };

describe("audit log", () => {
  it("chains entries and verifies, including concurrent appends through Prisma and pg alike", async () => {
    await recordAudit(t.db, actor, {
      action: "room.takedown",
      targetType: "room",
      targetId: "r1",
      reason: "nudity",
      details: { z: 1, a: [1, 2] },
    });
    const first = await t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "asc" } });
    expect(first.prevHash).toBe(GENESIS_HASH);
    // The one writer takes a Prisma client, a pool, or a pg client inside the caller's transaction.
    await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        i % 3 === 0
          ? recordAudit(t.db, actor, { action: "room.dismiss", targetId: `r${i}` })
          : i % 3 === 1
            ? recordAudit(t.pool, actor, { action: "room.dismiss", targetId: `r${i}` })
            : withTransaction(t.pool, (client) => recordAudit(client, actor, { action: "room.dismiss", targetId: `r${i}` })),
      ),
    );
    const res = await verifyAuditChain(t.db);
    expect(res).toEqual({ ok: true, checked: 22 });
  });

  it("refuses UPDATE and DELETE", async () => {
    await expect(t.pool.query("UPDATE audit_log SET reason = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.pool.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
  });

  it("detects a tampered row", async () => {
    // An attacker with superuser rights can bypass the trigger; the hash chain still tells.
    await t.pool.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await t.pool.query("UPDATE audit_log SET reason = 'edited' WHERE id = (SELECT min(id) FROM audit_log)");
    await t.pool.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
    const res = await verifyAuditChain(t.db);
    expect(res.ok).toBe(false);
    expect(res.problem).toMatch(/does not match/);
  });
});
