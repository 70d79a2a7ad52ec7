import { createHash } from "node:crypto";
import pg, { type PoolClient } from "pg";
import type { Actor } from "../contracts/actor";
import type { Pool } from "../db/pool";
import { withTransaction } from "../db/transaction";
import type { Db } from "../db/prisma";
import { Prisma } from "../db/prisma";

export type { Actor };

export interface AuditInput {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export const GENESIS_HASH = "0".repeat(64);
// One lock id for the chain: appends are serialised so each entry links to its predecessor.
const CHAIN_LOCK = 0x466c6f6f64; // "Flood"

interface HashFields {
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  details: unknown;
  origin: string | null;
  prevHash: string;
}

export function entryHash(f: HashFields): string {
  const canonical = JSON.stringify([
    f.at.toISOString(),
    f.actorId,
    f.actorEmail,
    f.actorRole,
    f.action,
    f.targetType,
    f.targetId,
    f.reason,
    canonicalJson(f.details ?? null),
    f.origin,
    f.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON with sorted keys, so jsonb's key reordering does not change the hash. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

type Tx = Prisma.TransactionClient;

function buildEntry(actor: Actor, input: AuditInput, prevHash: string) {
  // Round-trip through JSON so the hash sees exactly what jsonb will store.
  const details = input.details ? JSON.parse(JSON.stringify(input.details)) : null;
  const fields: HashFields = {
    at: new Date(),
    actorId: actor.id,
    actorEmail: actor.email,
    actorRole: actor.role,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    reason: input.reason ?? null,
    details,
    origin: actor.origin ?? null,
    prevHash,
  };
  return { fields, hash: entryHash(fields) };
}

/** A raw `pg` client inside the caller's transaction, or a pool (the entry gets a transaction of its own). */
type PgTarget = PoolClient | Pool;
/** Where an entry is appended: Prisma (a client, or the caller's interactive transaction) or `pg`. */
export type AuditTarget = Db | Tx | PgTarget;

/**
 * Appends one entry, in the caller's transaction when it passes one (Prisma's `tx` or a `pg`
 * client inside BEGIN), so the entry exists exactly when the action does. The one audit writer:
 * every privileged action comes through here, whichever data layer its flow uses.
 */
export async function recordAudit(target: AuditTarget, actor: Actor, input: AuditInput): Promise<void> {
  if ("$executeRaw" in target) {
    const run = async (tx: Tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
      const last = await tx.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
      const { fields, hash } = buildEntry(actor, input, last?.hash ?? GENESIS_HASH);
      await tx.auditEntry.create({ data: { ...fields, details: fields.details ?? Prisma.DbNull, hash } });
    };
    return "$transaction" in target ? void (await (target as Db).$transaction(run)) : run(target as Tx);
  }
  if (target instanceof pg.Pool) return withTransaction(target, (client) => appendPg(client, actor, input));
  return appendPg(target, actor, input);
}

async function appendPg(client: PoolClient, actor: Actor, input: AuditInput) {
  await client.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await client.query<{ hash: string }>(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  const { fields: f, hash } = buildEntry(actor, input, last.rows[0]?.hash ?? GENESIS_HASH);
  await client.query(
    `INSERT INTO audit_log (at, "actorId", "actorEmail", "actorRole", action, "targetType", "targetId", reason, details, origin, "prevHash", hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
    [
      f.at,
      f.actorId,
      f.actorEmail,
      f.actorRole,
      f.action,
      f.targetType,
      f.targetId,
      f.reason,
      f.details === null ? null : JSON.stringify(f.details),
      f.origin,
      f.prevHash,
      hash,
    ],
  );
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId?: string;
  problem?: string;
}

/** Walks the whole chain in id order and recomputes every hash. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await db.auditEntry.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: batch,
    });
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBadId: String(r.id), problem: "link to previous entry broken" };
      const expected = entryHash({ ...r, details: r.details });
      if (expected !== r.hash) return { ok: false, checked, firstBadId: String(r.id), problem: "entry content does not match its hash" };
      prev = r.hash;
      checked++;
    }
    cursor = rows[rows.length - 1].id;
  }
}
