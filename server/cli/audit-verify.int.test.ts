import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { pgConfigToUrl } from "../db/pg-config";
import { recordAudit } from "../audit/audit-log";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 5; i++) await recordAudit(t.db, { id: "u", email: "a@b.c", role: "ADMIN" }, { action: "user.create", targetId: `u${i}` });
});
afterAll(() => t.close());

const verify = () =>
  spawnSync(process.execPath, ["--import", "tsx", "server/cli/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: pgConfigToUrl(t.config), SESSION_SECRET: "x".repeat(40) },
    encoding: "utf8",
  });

describe("npm run audit:verify", () => {
  it("passes on an intact chain and fails, naming the entry, on a tampered row", async () => {
    const ok = verify();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("Audit chain OK: 5 entries verified");
    await t.pool.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await t.pool.query("UPDATE audit_log SET \"actorEmail\" = 'someone-else@b.c' WHERE id = (SELECT min(id) + 2 FROM audit_log)");
    await t.pool.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
    const bad = verify();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Audit chain BROKEN at entry \d+: entry content does not match its hash \(2 entries verified before it\)/);
  });
});
