import { createHash } from "node:crypto";
import JSZip from "jszip";
import type { Pool } from "../db/pool";
import { toCsv } from "../lib/csv";

/**
 * The evidence package for regulators or police: flagged rooms, accounts, flags, enforcement
 * actions and audit entries of the incident's window, with a manifest of SHA-256 hashes so the
 * recipient can show nothing was changed after export.
 */
export const EVIDENCE_STEPS = 7;

export async function buildEvidencePackage(
  pool: Pool,
  incidentId: string,
  exportedBy: string,
  /** Told before each step (done of EVIDENCE_STEPS, and what comes next). */
  onStep: (done: number, label: string) => unknown = () => {},
) {
  const inc = (
    await pool.query(`SELECT id, number, title, severity, "startedAt", COALESCE("resolvedAt", now()) AS "endAt" FROM incidents WHERE id = $1`, [incidentId])
  ).rows[0];
  if (!inc) return null;
  const w = [inc.startedAt, inc.endAt];
  const q = async (sql: string) => (await pool.query(sql, w)).rows;
  const files: Record<string, string> = {};
  const step = async (i: number, name: string, label: string, rows: () => Promise<Record<string, unknown>[]>) => {
    await onStep(i, label);
    files[name] = toCsv(await rows());
  };
  await step(0, "flags.csv", "Collecting flags", () =>
    q(
      `SELECT id, "senderId", "eventId", source, label, score, "occurredAt", "receivedAt", "roomId", "accountId", "evidenceUrl", "evidenceText" FROM flags WHERE "receivedAt" BETWEEN $1 AND $2 ORDER BY id LIMIT 500000`,
    ),
  );
  await step(1, "rooms.csv", "Collecting rooms", () =>
    q(
      `SELECT r.id, r."accountId", r.title, r.category, r."startedAt", r.status, r.review, r.risk, r."flagCount", r.labels, r."peakViewers" FROM live_rooms r WHERE r."lastFlaggedAt" BETWEEN $1 AND $2 OR r."reviewedAt" BETWEEN $1 AND $2 ORDER BY r.id`,
    ),
  );
  await step(2, "accounts.csv", "Collecting accounts", () =>
    q(
      `SELECT a.id, a.handle, a."displayName", a."registeredAt", a."realNameVerified", a."deviceId", a.ip, a."phoneHash", a.status, m."clusterId" FROM platform_accounts a LEFT JOIN account_cluster_members m ON m."accountId" = a.id WHERE a.id IN (SELECT "accountId" FROM flags WHERE "receivedAt" BETWEEN $1 AND $2) ORDER BY a.id`,
    ),
  );
  await step(3, "actions.csv", "Collecting enforcement actions", () =>
    q(
      `SELECT id, kind, "roomId", "accountId", "actorEmail", reason, "batchId", "orderId", "ruleId", "ruleVersion", delivery, "deliveredAt", "lastError", "createdAt" FROM enforcement_actions WHERE "createdAt" BETWEEN $1 AND $2 ORDER BY "createdAt"`,
    ),
  );
  await step(4, "audit.csv", "Collecting the audit log", () =>
    q(
      `SELECT id, at, "actorEmail", "actorRole", action, "targetType", "targetId", reason, details, origin, "prevHash", hash FROM audit_log WHERE at BETWEEN $1 AND $2 ORDER BY id`,
    ),
  );
  await step(
    5,
    "timeline.csv",
    "Collecting the timeline",
    async () => (await pool.query(`SELECT at, kind, "actorEmail", text FROM incident_timeline WHERE "incidentId" = $1 ORDER BY at`, [incidentId])).rows,
  );
  await onStep(6, "Compressing and hashing");
  const manifest = {
    incident: { id: inc.id, number: inc.number, title: inc.title, severity: inc.severity, window: { from: inc.startedAt, to: inc.endAt } },
    exportedAt: new Date().toISOString(),
    exportedBy,
    files: Object.entries(files).map(([name, content]) => ({
      name,
      bytes: Buffer.byteLength(content),
      sha256: createHash("sha256").update(content).digest("hex"),
    })),
  };
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  zip.file("manifest.json", JSON.stringify(manifest, null, 2));
  return { number: inc.number as number, manifest, zip: await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }) };
}
