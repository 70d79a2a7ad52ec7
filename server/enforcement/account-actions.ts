import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import type { Actor } from "../contracts/actor";
import type { Queue } from "../jobs/queue";
import { enqueueDelivery } from "./enforce-rooms";

/** What a decision on accounts belongs to (a batch or a standing order), for progress and undo. */
export interface AccountActionOrigin {
  batchId?: string | null;
  orderId?: string | null;
  rule?: { id: string; version: number } | null;
}

/**
 * Bans or unbans accounts in the caller's transaction: the status changes set-based, one
 * BAN/UNBAN action per account that actually changed, and their delivery jobs. Returns the ids
 * of the accounts changed.
 */
async function setAccountStatus(
  client: PoolClient,
  queue: Queue | null,
  actor: Actor,
  kind: "BAN" | "UNBAN",
  accountIds: string[],
  reason: string | null,
  origin: AccountActionOrigin,
): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const [from, to] = kind === "BAN" ? ["ACTIVE", "BANNED"] : ["BANNED", "ACTIVE"];
  const res = await client.query<{ id: string }>(
    `UPDATE platform_accounts SET status = $3::"AccountStatus", "updatedAt" = now()
     WHERE id = ANY($1::text[]) AND status = $2::"AccountStatus" RETURNING id`,
    [accountIds, from, to],
  );
  if (res.rows.length === 0) return [];
  const ids = res.rows.map(() => randomUUID());
  await client.query(
    `INSERT INTO enforcement_actions (id, kind, "roomId", "accountId", "actorId", "actorEmail", reason, "batchId", "orderId", "ruleId", "ruleVersion", "idempotencyKey", delivery)
     SELECT id, $1::"EnforcementKind", NULL, acc, $2, $3, $4, $5, $6, $9, $10, id, 'PENDING' FROM unnest($7::text[], $8::text[]) AS u(id, acc)`,
    [
      kind,
      actor.id,
      actor.email,
      reason,
      origin.batchId ?? null,
      origin.orderId ?? null,
      ids,
      res.rows.map((r) => r.id),
      origin.rule?.id ?? null,
      origin.rule?.version ?? null,
    ],
  );
  await enqueueDelivery(queue, client, ids);
  return res.rows.map((r) => r.id);
}

export const banAccounts = (
  client: PoolClient,
  queue: Queue | null,
  actor: Actor,
  accountIds: string[],
  reason: string | null,
  origin: AccountActionOrigin = {},
) => setAccountStatus(client, queue, actor, "BAN", accountIds, reason, origin);

export const unbanAccounts = (
  client: PoolClient,
  queue: Queue | null,
  actor: Actor,
  accountIds: string[],
  reason: string | null,
  origin: AccountActionOrigin = {},
) => setAccountStatus(client, queue, actor, "UNBAN", accountIds, reason, origin);
