import { randomUUID } from "node:crypto";
import type { Actor } from "../contracts/actor";
import type { OrderInput, OrderScope } from "../contracts/orders";
import { LABEL_TEXT_PLAIN, suggestReason } from "../contracts/policy";
import { recordAudit } from "../audit/audit-log";
import { withTransaction } from "../db/transaction";
import { DomainError } from "../errors";
import { addToOpenIncidents, msg } from "../incidents/timeline";
import { applyOrders } from "./apply-orders";
import type { OrderDeps, OrderRow } from "./types";

/** Rings named by any id they ever had (a merged id leads to the survivor), without repeats. */
async function survivingClusters(deps: OrderDeps, ids: string[]): Promise<string[]> {
  const res = await deps.pool.query<{ id: string }>(
    `WITH RECURSIVE chain(id, next) AS (
       SELECT c.id, c."mergedIntoId" FROM account_clusters c WHERE c.id = ANY($1::text[])
       UNION SELECT c.id, c."mergedIntoId" FROM chain JOIN account_clusters c ON c.id = chain.next)
     SELECT DISTINCT id FROM chain WHERE next IS NULL`,
    [ids],
  );
  return res.rows.map((r) => r.id).sort();
}

/**
 * What containing these rings would do now: rings, accounts, live rooms and "viewers now" (the
 * sum of the viewers the platform last reported on each live room, each room once), the
 * riskiest rooms as a sample, their labels, and the policy reason they suggest. Read once when
 * a lead opens the dialog; the order itself is not a snapshot: it keeps acting as rings grow.
 */
export async function previewOrder(deps: OrderDeps, scope: OrderScope) {
  const clusterIds = await survivingClusters(deps, scope.clusterIds);
  if (clusterIds.length === 0) throw DomainError.of("NOT_FOUND", "orders.noRings");
  const counts = await deps.pool.query<{ accounts: number; live: number; viewers: number; banned: number }>(
    `SELECT count(DISTINCT m."accountId")::int AS accounts, count(r.id) FILTER (WHERE r.status = 'LIVE')::int AS live,
            COALESCE(sum(r."viewerCount") FILTER (WHERE r.status = 'LIVE'), 0)::bigint AS viewers,
            count(DISTINCT a.id) FILTER (WHERE a.status = 'BANNED')::int AS banned
     FROM account_cluster_members m JOIN platform_accounts a ON a.id = m."accountId"
     LEFT JOIN live_rooms r ON r."accountId" = m."accountId"
     WHERE m."clusterId" = ANY($1::text[])`,
    [clusterIds],
  );
  const sample = await deps.pool.query<{ id: string; title: string; handle: string; labels: string[]; risk: number }>(
    `SELECT r.id, r.title, a.handle, r.labels, r.risk FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId"
     JOIN account_cluster_members m ON m."accountId" = r."accountId"
     WHERE m."clusterId" = ANY($1::text[]) AND r.status = 'LIVE' ORDER BY r.risk DESC LIMIT 8`,
    [clusterIds],
  );
  const labels = await deps.pool.query<{ label: string; n: number }>(
    `SELECT l AS label, count(*)::int AS n FROM live_rooms r JOIN account_cluster_members m ON m."accountId" = r."accountId", unnest(r.labels) l
     WHERE m."clusterId" = ANY($1::text[]) AND r.status = 'LIVE' GROUP BY 1 ORDER BY 2 DESC`,
    [clusterIds],
  );
  return {
    clusterIds,
    rings: clusterIds.length,
    ...counts.rows[0],
    viewers: Number(counts.rows[0].viewers),
    sample: sample.rows,
    labels: labels.rows.map((l) => ({ ...l, text: LABEL_TEXT_PLAIN[l.label as keyof typeof LABEL_TEXT_PLAIN] ?? l.label })),
    suggestedReason: suggestReason(
      labels.rows.map((l) => l.label),
      { ring: true },
    ),
    at: Date.now(),
  };
}

/** A person's order: a shift lead's stands at once; a moderator's waits for a shift lead (four eyes). */
export async function createOrder(deps: OrderDeps, actor: Actor, input: OrderInput) {
  const clusterIds = await survivingClusters(deps, input.clusterIds);
  if (clusterIds.length === 0) throw DomainError.of("NOT_FOUND", "orders.noRings");
  const needsApproval = actor.role === "MODERATOR";
  const id = randomUUID();
  const order = await withTransaction(deps.pool, async (client) => {
    const row = await client.query<OrderRow>(
      `INSERT INTO containment_orders (id, status, "clusterIds", "followAlertId", "banAccounts", "refuseGoLive", reason, "createdById", "createdByEmail", "createdByRole", "activatedAt")
       VALUES ($1, $2::"OrderStatus", $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $2 = 'ACTIVE' THEN now() END)
       RETURNING id, status, "clusterIds", "followAlertId", "banAccounts", "refuseGoLive", reason, "createdById", "createdByEmail", "createdByRole"`,
      [
        id,
        needsApproval ? "PENDING_APPROVAL" : "ACTIVE",
        clusterIds,
        input.followAlertId,
        input.banAccounts,
        input.refuseGoLive,
        input.reason,
        actor.id,
        actor.email,
        actor.role,
      ],
    );
    await recordAudit(client, actor, {
      action: needsApproval ? "order.request_approval" : "order.create",
      targetType: "containment_order",
      targetId: id,
      reason: input.reason,
      details: { clusterIds, followAlertId: input.followAlertId, banAccounts: input.banAccounts, refuseGoLive: input.refuseGoLive },
    });
    return row.rows[0];
  });
  if (needsApproval) {
    deps.notify.approvalRequested({ id, requestedBy: actor.email, rings: clusterIds.length, reason: input.reason });
    deps.notify.changed(id);
    return { id, status: order.status, ended: 0, banned: 0 };
  }
  return { id, status: order.status, ...(await activated(deps, order, actor.email)) };
}

/** The first full application of a newly active order, and its place on open incidents' timelines. */
async function activated(deps: OrderDeps, o: OrderRow, by: string) {
  deps.onActivated?.(o.id);
  const res = await applyOrders(deps, { full: true, orderIds: [o.id] });
  const done = res.acted.find((a) => a.orderId === o.id);
  const ended = done?.ended ?? 0;
  const banned = done?.banned ?? 0;
  await addToOpenIncidents(
    deps.pool,
    "order",
    msg("orderActive", {
      by: o.createdByEmail,
      approvedBy: by !== o.createdByEmail ? by : "none",
      rings: o.clusterIds.length,
      follow: o.followAlertId ? "yes" : "no",
      ended,
      ban: o.banAccounts ? "yes" : "no",
      banned,
      refuse: o.refuseGoLive ? "yes" : "no",
      reason: o.reason,
    }),
    by,
    { orderId: o.id, clusterIds: o.clusterIds, ended, banned },
  );
  deps.notify.changed(o.id);
  return { ended, banned };
}

/** A shift lead approves (activates) or rejects a moderator's order. */
export async function decideOrder(deps: OrderDeps, actor: Actor, orderId: string, approve: boolean, reason: string) {
  const o = await withTransaction(deps.pool, async (client) => {
    const r = await client.query<OrderRow>(
      `SELECT id, status, "clusterIds", "followAlertId", "banAccounts", "refuseGoLive", reason, "createdById", "createdByEmail", "createdByRole"
       FROM containment_orders WHERE id = $1 FOR UPDATE`,
      [orderId],
    );
    const row = r.rows[0];
    if (!row) throw DomainError.of("NOT_FOUND", "orders.notFound");
    if (row.status !== "PENDING_APPROVAL")
      throw DomainError.of("CONFLICT", "orders.notPending", { status: row.status.toLowerCase().replace("_", " "), state: row.status });
    if (row.createdById === actor.id) throw DomainError.of("FORBIDDEN", "orders.fourEyes");
    await client.query(
      `UPDATE containment_orders SET status = $2::"OrderStatus", "approverEmail" = $3, "decidedAt" = now(), "decisionReason" = $4,
              "activatedAt" = CASE WHEN $2 = 'ACTIVE' THEN now() END WHERE id = $1`,
      [orderId, approve ? "ACTIVE" : "REJECTED", actor.email, reason],
    );
    await recordAudit(client, actor, { action: approve ? "order.approve" : "order.reject", targetType: "containment_order", targetId: orderId, reason });
    return { ...row, status: approve ? ("ACTIVE" as const) : ("REJECTED" as const) };
  });
  if (!approve) {
    deps.notify.changed(orderId);
    return { id: orderId, status: o.status, ended: 0, banned: 0 };
  }
  return { id: orderId, status: o.status, ...(await activated(deps, o, actor.email)) };
}
