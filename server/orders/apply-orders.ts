import type { PoolClient } from "pg";
import { systemActor, type Actor } from "../contracts/actor";
import { withTransaction } from "../db/transaction";
import { banAccounts } from "../enforcement/account-actions";
import { sendOne } from "../enforcement/adapters/types";
import { announce, enforceRooms } from "../enforcement/enforce-rooms";
import { recordAudit } from "../audit/audit-log";
import type { OrderDeps, OrderRow } from "./types";
import { errField, logger } from "../observability/log";

const log = logger("orders");

/** An order acts as the system on its creator's standing instruction (never counted against anyone's four eyes). */
export const orderActor = (o: Pick<OrderRow, "id" | "createdByEmail">): Actor => ({
  ...systemActor(`order:${o.id}`),
  email: `containment order ${o.id.slice(0, 8)} (${o.createdByEmail})`,
});

/**
 * A recursive CTE `oc(order_id, cid)`: the clusters of the active orders matching `where`, and
 * the clusters they were merged into (clusters merge into the oldest; members move with them).
 */
export const orderClusters = (where = "true") => `oc(order_id, cid) AS (
  SELECT o.id, unnest(o."clusterIds") FROM containment_orders o WHERE o.status = 'ACTIVE' AND ${where}
  UNION
  SELECT oc.order_id, c."mergedIntoId" FROM oc JOIN account_clusters c ON c.id = oc.cid WHERE c."mergedIntoId" IS NOT NULL)`;

/**
 * The accounts each active order covers: members of its clusters, following merges to the
 * surviving cluster. `accountIds` limits the answer to those accounts (null: all members).
 */
async function coveredAccounts(q: Pick<PoolClient, "query">, accountIds: string[] | null, orderIds: string[] | null = null) {
  const res = await q.query<{ orderId: string; accountId: string }>(
    `WITH RECURSIVE ${orderClusters("($2::text[] IS NULL OR o.id = ANY($2::text[]))")}
     SELECT DISTINCT oc.order_id AS "orderId", m."accountId" FROM oc JOIN account_cluster_members m ON m."clusterId" = oc.cid
     WHERE $1::text[] IS NULL OR m."accountId" = ANY($1::text[])`,
    [accountIds, orderIds],
  );
  return res.rows;
}

export interface ApplyResult {
  /** Orders that acted, with what they did. */
  acted: { orderId: string; ended: number; banned: number; newSignals: number }[];
}

/**
 * Applies the active orders: every live room of a covered account is taken down (and the
 * account banned when the order says so), and the covered accounts' linking signals join the
 * order's go-live refusal list. Incremental: only the given rooms and accounts are looked at;
 * `full` looks at everything the orders cover (on activation, after a restart, and as a
 * periodic safety net). Idempotent: a room already down or an account already banned is skipped.
 */
export async function applyOrders(
  deps: OrderDeps,
  scope: { full: true; orderIds?: string[] } | { roomIds: string[]; accountIds: string[] },
): Promise<ApplyResult> {
  let accountFilter: string[] | null = null;
  if (!("full" in scope)) {
    const fromRooms = scope.roomIds.length
      ? (
          await deps.pool.query<{ accountId: string }>(`SELECT DISTINCT "accountId" FROM live_rooms WHERE id = ANY($1::text[]) AND status = 'LIVE'`, [
            scope.roomIds,
          ])
        ).rows.map((r) => r.accountId)
      : [];
    accountFilter = [...new Set([...fromRooms, ...scope.accountIds])];
    if (accountFilter.length === 0) return { acted: [] };
  }
  const covered = await coveredAccounts(deps.pool, accountFilter, "full" in scope ? (scope.orderIds ?? null) : null);
  if (covered.length === 0) return { acted: [] };
  const byOrder = new Map<string, string[]>();
  for (const c of covered) byOrder.set(c.orderId, [...(byOrder.get(c.orderId) ?? []), c.accountId]);
  const orders = (
    await deps.pool.query<OrderRow>(
      `SELECT id, status, "clusterIds", "followAlertId", "banAccounts", "refuseGoLive", reason, "createdById", "createdByEmail", "createdByRole"
       FROM containment_orders WHERE id = ANY($1::text[]) AND status = 'ACTIVE'`,
      [[...byOrder.keys()]],
    )
  ).rows;
  const acted: ApplyResult["acted"] = [];
  for (const o of orders) {
    const accounts = byOrder.get(o.id)!;
    const out = await applyOne(deps, o, accounts);
    if (out.ended || out.banned || out.newSignals) acted.push({ orderId: o.id, ...out });
  }
  for (const a of acted) deps.notify.changed(a.orderId);
  return { acted };
}

async function applyOne(deps: OrderDeps, o: OrderRow, accounts: string[]) {
  const actor = orderActor(o);
  const out = await withTransaction(deps.pool, async (client) => {
    const rooms = await client.query<{ id: string }>(`SELECT id FROM live_rooms WHERE "accountId" = ANY($1::text[]) AND status = 'LIVE'`, [accounts]);
    const res = rooms.rows.length
      ? await enforceRooms(deps.enforce, actor, { kind: "TAKEDOWN", roomIds: rooms.rows.map((r) => r.id), reason: o.reason, orderId: o.id }, client)
      : { applied: [], skipped: [] };
    const banned = o.banAccounts ? await banAccounts(client, deps.enforce.queue, actor, accounts, o.reason, { orderId: o.id }) : [];
    const newSignals = o.refuseGoLive ? await addSignals(client, o.id, accounts) : [];
    if (res.applied.length || banned.length) {
      await recordAudit(client, actor, {
        action: "order.apply",
        targetType: "containment_order",
        targetId: o.id,
        reason: o.reason,
        details: { rooms: res.applied.length, banned: banned.length, sample: res.applied.slice(0, 20).map((a) => a.roomId) },
      });
    }
    return { removed: res.applied.map((a) => ({ id: a.roomId, version: a.version })), banned: banned.length, newSignals };
  });
  announce(deps.enforce, "TAKEDOWN", out.removed);
  if (out.newSignals.length) await tellPlatformSignals(deps, o.id, out.newSignals);
  return { ended: out.removed.length, banned: out.banned, newSignals: out.newSignals.length };
}

/**
 * The covered accounts' linking signals join the order's refusal list; returns the keys new to
 * it. These are the same keys clustering links on, so an account refused at go-live is one the
 * clusterer would have put in the ring.
 */
async function addSignals(client: PoolClient, orderId: string, accounts: string[]): Promise<string[]> {
  const res = await client.query<{ key: string }>(
    `INSERT INTO order_signals ("orderId", key)
     SELECT DISTINCT $1, s.key FROM account_signals s WHERE s."accountId" = ANY($2::text[])
     ON CONFLICT DO NOTHING RETURNING key`,
    [orderId, accounts],
  );
  return res.rows.map((r) => r.key);
}

/** A real platform enforces the refusal itself: it is sent the new signals of the order's scope. */
export async function tellPlatformSignals(deps: OrderDeps, orderId: string, keys: string[], mode: "PAUSED" | "OPEN" = "PAUSED") {
  if (deps.adapter.name === "simulated") return; // reads order_signals when a stream starts
  await sendOne(deps.adapter, {
    kind: "control.set",
    idempotencyKey: `order:${orderId}:${mode}:${Date.now()}:${keys.length}`,
    control: { scope: { kind: "SIGNALS", value: orderId }, mode, maxStartsPerMin: null, percent: null, keys },
  }).catch((e) => log.error({ err: errField(e), orderId }, "the platform did not take an order's refusal list"));
}

/**
 * Orders that follow an open attack-wave alert take in the rings it grows: the clusters on the
 * alert and any cluster that gained `minGrowth` accounts in the last minute. Returns the
 * orders that took in new clusters (they need a full application).
 */
export async function followAlerts(deps: OrderDeps, minGrowth = 10): Promise<string[]> {
  const res = await deps.pool.query<{ id: string; added: string[] }>(
    `WITH following AS (
       SELECT o.id, o."clusterIds", a."clusterIds" AS alert_clusters FROM containment_orders o
       JOIN attack_alerts a ON a.id = o."followAlertId" AND a."closedAt" IS NULL
       WHERE o.status = 'ACTIVE'),
     growing AS (
       SELECT m."clusterId" AS id FROM account_cluster_members m JOIN account_clusters c ON c.id = m."clusterId" AND c."mergedIntoId" IS NULL
       WHERE m."joinedAt" > now() - interval '60 seconds' GROUP BY 1 HAVING count(*) >= $1),
     candidates AS (
       SELECT f.id, x AS cid FROM following f, unnest(f.alert_clusters) x
       UNION SELECT f.id, g.id FROM following f, growing g),
     added AS (
       SELECT c.id, array_agg(DISTINCT c.cid) AS added FROM candidates c JOIN following f ON f.id = c.id
       WHERE NOT c.cid = ANY(f."clusterIds") GROUP BY c.id)
     UPDATE containment_orders o SET "clusterIds" = o."clusterIds" || added.added FROM added WHERE o.id = added.id
     RETURNING o.id, added.added`,
    [minGrowth],
  );
  for (const r of res.rows) deps.notify.changed(r.id);
  return res.rows.map((r) => r.id);
}
