import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/prisma";
import type { Pool } from "../db/pool";
import { recordAudit, type Actor } from "../audit/audit-log";

export const ENV_SENDER_ID = "env-bootstrap";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Tokens are 256-bit random values, so a plain SHA-256 is the right store (a slow KDF protects
 * guessable passwords, not random keys) and lets every request find its token by index.
 */
/** The tokens for the admin page (never their secrets: only a hash is stored). */
export function listIngestTokens(db: Db) {
  return db.ingestToken.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, revokedAt: true, lastUsedAt: true },
  });
}

export async function createIngestToken(db: Db, actor: Actor, name: string) {
  const token = `fw_${randomBytes(32).toString("base64url")}`;
  const id = randomUUID();
  await db.$transaction(async (tx) => {
    await tx.ingestToken.create({ data: { id, name, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdById: actor.id } });
    await recordAudit(tx, actor, { action: "ingest_token.create", targetType: "ingest_token", targetId: id, details: { name } });
  });
  return { id, name, token };
}

export async function revokeIngestToken(db: Db, actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    const t = await tx.ingestToken.findUnique({ where: { id } });
    if (!t || t.revokedAt) return false;
    await tx.ingestToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { action: "ingest_token.revoke", targetType: "ingest_token", targetId: id, details: { name: t.name } });
    return true;
  });
}

function sameSecret(a: string, b: string) {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/** The sender id behind an Authorization header, or null when the token is unknown/revoked. */
export async function authenticateIngest(pool: Pool, header: string | null, envToken?: string): Promise<string | null> {
  const m = header?.match(/^Bearer\s+(\S{12,512})$/i);
  if (!m) return null;
  const token = m[1];
  if (envToken && sameSecret(token, envToken)) return ENV_SENDER_ID;
  const res = await pool.query<{ id: string; stale: boolean }>(
    `SELECT id, ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute') AS stale
     FROM ingest_tokens WHERE "tokenHash" = $1 AND "revokedAt" IS NULL`,
    [hashToken(token)],
  );
  const row = res.rows[0];
  if (!row) return null;
  // "Last used" is kept to the minute: one write a minute per token, not one per request.
  if (row.stale) void pool.query(`UPDATE ingest_tokens SET "lastUsedAt" = now() WHERE id = $1`, [row.id]).catch(() => {});
  return row.id;
}
