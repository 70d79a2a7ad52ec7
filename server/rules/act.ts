import type { PoolClient } from "pg";
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/audit-log";
import { withTransaction } from "../db/transaction";
import { banAccounts } from "../enforcement/account-actions";
import { announce, enforceRooms } from "../enforcement/enforce-rooms";
import { orderClusters } from "../orders/apply-orders";
import { setControl } from "../controls/controls";
import { ACTION_LABEL } from "../contracts/rules";
import { ruleActor, type RuleDeps, type RuleRow } from "./types";
import { errField, logger } from "../observability/log";

const log = logger("rules");

/** One room a rule's condition held on, with the flag that showed it. */
export interface RuleHitInput {
  roomId: string;
  accountId: string;
  flagId: string;
  label: string;
  score: number;
  clusterId: string | null;
}

export interface ActOutcome {
  /** Hits new to rule_hits (repeats of a recorded hit change nothing). */
  recorded: number;
  /** Of those, how many the rule acted on. */
  acted: number;
  /** Why the breaker tripped, when it did. */
  tripped: string | null;
  /** The rule as its hits were recorded (a rule changed meanwhile records as it now stands). */
  recordedAs: RuleRow | null;
}

/**
 * Records a rule's hits and, when it enforces, acts on them: in one transaction per rule and
 * batch, serialized per rule across processes by an advisory lock, so the breaker's count of
 * actions in the last minute is exact. Over the ceiling, the excess is recorded as "breaker",
 * the rule drops to shadow (its approval cleared) and every lead is alerted.
 */
export async function act(deps: RuleDeps, rule: RuleRow, hits: RuleHitInput[], sink?: RoomMark[]): Promise<ActOutcome> {
  return (await actAll(deps, [{ rule, hits }], sink))[0];
}

type After = (() => Promise<unknown> | undefined)[];

/** Actions that lock the hit rooms themselves (and only those). */
const LOCKS_HIT_ROOMS = new Set(["TAKE_DOWN", "FLAG_FOR_REVIEW", "RAISE_PRIORITY"]);

/**
 * `act` for several rules in one transaction (one BEGIN/COMMIT, not one per rule): each rule's
 * breaker lock is taken first, all in rule id order (every evaluator takes them so: no deadlock
 * between processes). When more than one rule locks its hit rooms, all those rooms are locked up
 * front in id order, as ingest locks them, so holding one rule's rooms while waiting for another's
 * cannot deadlock with a batch. Rules whose action reaches beyond the hit rooms (a ban takes down
 * the account's other rooms) must be acted on alone. Rules act, and outcomes come back, in the
 * order given.
 */
export async function actAll(deps: RuleDeps, items: { rule: RuleRow; hits: RuleHitInput[] }[], sink?: RoomMark[]): Promise<ActOutcome[]> {
  if (
    items.length > 1 &&
    items.some((x) => !LOCKS_HIT_ROOMS.has(x.rule.action.kind) && x.rule.action.kind !== "SET_CONTROL" && x.rule.action.kind !== "CONTAIN_CLUSTER")
  )
    throw new Error("actAll: a rule that locks more than its hit rooms must be acted on alone");
  const after: After = [];
  const marks: RoomMark[] = sink ?? [];
  const order = items.map((_, i) => i).sort((a, b) => (items[a].rule.id < items[b].rule.id ? -1 : items[a].rule.id > items[b].rule.id ? 1 : 0));
  const outs: ActOutcome[] = new Array(items.length);
  await withTransaction(deps.pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k`, [order.map((i) => `rule:${items[i].rule.id}`)]);
    const lockers = items.filter((x) => LOCKS_HIT_ROOMS.has(x.rule.action.kind));
    if (lockers.length > 1)
      await client.query(`SELECT id FROM live_rooms WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`, [
        [...new Set(lockers.flatMap((x) => x.hits.map((h) => h.roomId)))],
      ]);
    // Acted on in the order given (the engine's: by rule name), whatever the lock order.
    for (let i = 0; i < items.length; i++) outs[i] = await actIn(deps, client, items[i].rule, items[i].hits, marks, after);
  });
  if (!sink) await markRooms(deps, marks).catch((e) => log.error({ err: errField(e) }, "could not mark rooms with rule hits"));
  for (const f of after) await f()?.catch((e: unknown) => log.error({ err: errField(e) }, "a rule's follow-up action failed"));
  items.forEach(({ rule }, i) => {
    const out = outs[i];
    if (!out.tripped) return;
    deps.notify.tripped({ id: rule.id, name: out.recordedAs?.name ?? rule.name, reason: out.tripped });
    deps.notify.changed(rule.id);
  });
  return outs;
}

/** One rule's hits, in the caller's transaction, under its breaker lock. */
async function actIn(deps: RuleDeps, client: PoolClient, rule: RuleRow, hits: RuleHitInput[], marks: RoomMark[], after: After): Promise<ActOutcome> {
  {
    const cur = (
      await client.query<{ mode: RuleRow["mode"]; version: number; ceilingPerMin: number; name: string }>(
        `SELECT mode, version, "ceilingPerMin", name FROM rules WHERE id = $1`,
        [rule.id],
      )
    ).rows[0];
    if (!cur || cur.mode === "OFF") return { recorded: 0, acted: 0, tripped: null, recordedAs: null };
    const as: RuleRow = { ...rule, mode: cur.mode, version: cur.version, name: cur.name, ceilingPerMin: cur.ceilingPerMin };
    const { fresh, used } = await insertHits(client, as, hits);
    if (fresh.length === 0) return { recorded: 0, acted: 0, tripped: null, recordedAs: as };
    const mark = `${as.mode === "ENFORCE" ? "enforce" : "shadow"}:${as.name}`;
    for (const h of fresh) marks.push({ roomId: h.roomId, mark });
    if (as.mode === "SHADOW") return { recorded: fresh.length, acted: 0, tripped: null, recordedAs: as };

    const room = Math.max(0, as.ceilingPerMin - used);
    const allowed = fresh.slice(0, room);
    const over = fresh.slice(room);
    const actedRooms = allowed.length ? await perform(deps, client, as, allowed, after) : new Set<string>();
    await client.query(
      `UPDATE rule_hits SET outcome = CASE WHEN "roomId" = ANY($4::text[]) THEN 'acted' WHEN "roomId" = ANY($5::text[]) THEN 'breaker' ELSE 'skipped' END
       WHERE "ruleId" = $1 AND version = $2 AND mode = 'ENFORCE' AND "roomId" = ANY($3::text[])`,
      [rule.id, as.version, fresh.map((h) => h.roomId), [...actedRooms], over.map((h) => h.roomId)],
    );
    const actor = ruleActor(as);
    if (actedRooms.size) {
      await recordAudit(client, actor, {
        action: "rule.act",
        targetType: "rule",
        targetId: rule.id,
        reason: `${ACTION_LABEL[as.action.kind]} by rule "${as.name}" v${as.version}`,
        details: { version: as.version, action: as.action.kind, rooms: actedRooms.size, sample: [...actedRooms].slice(0, 20) },
      });
    }
    let tripped: string | null = null;
    if (over.length) {
      tripped = `more than ${as.ceilingPerMin.toLocaleString("en-US")} actions in a minute (${over.length.toLocaleString("en-US")} more held back)`;
      await client.query(
        `UPDATE rules SET mode = 'SHADOW', "trippedAt" = now(), "trippedReason" = $2, "enforceApprovedBy" = NULL, "updatedAt" = now() WHERE id = $1`,
        [rule.id, tripped],
      );
      await recordAudit(client, actor, { action: "rule.trip", targetType: "rule", targetId: rule.id, reason: tripped, details: { version: as.version } });
    }
    return { recorded: fresh.length, acted: actedRooms.size, tripped, recordedAs: as };
  }
}

/**
 * Inserts the hits; returns the new ones and the rule's actions in the last minute (the breaker's
 * count, taken under its lock in the same statement: the new rows are pending, so not counted).
 */
async function insertHits(client: PoolClient, rule: RuleRow, hits: RuleHitInput[]): Promise<{ fresh: RuleHitInput[]; used: number }> {
  const res = await client.query<{ roomId: string; used: number }>(
    `WITH ins AS (
       INSERT INTO rule_hits ("ruleId", version, mode, "roomId", "accountId", "flagId", label, score, outcome)
       SELECT $1, $2, $3::"RuleMode", room, acc, flag, label, score, $4
       FROM unnest($5::text[], $6::text[], $7::bigint[], $8::text[], $9::float8[]) AS u(room, acc, flag, label, score)
       ON CONFLICT ("ruleId", version, mode, "roomId") DO NOTHING RETURNING "roomId")
     SELECT "roomId", (SELECT count(*)::int FROM rule_hits WHERE "ruleId" = $1 AND mode = 'ENFORCE' AND outcome = 'acted' AND at > now() - interval '60 seconds') AS used
     FROM ins`,
    [
      rule.id,
      rule.version,
      rule.mode,
      rule.mode === "SHADOW" ? "would" : "pending",
      hits.map((h) => h.roomId),
      hits.map((h) => h.accountId),
      hits.map((h) => h.flagId),
      hits.map((h) => h.label),
      hits.map((h) => h.score),
    ],
  );
  const fresh = new Set(res.rows.map((r) => r.roomId));
  return { fresh: hits.filter((h) => fresh.has(h.roomId)), used: res.rows[0]?.used ?? 0 };
}

/** A wall marker to add to a room: `shadow:<rule name>` or `enforce:<rule name>`. */
export interface RoomMark {
  roomId: string;
  mark: string;
}

/**
 * Records the hits of rules in shadow, for many rules in one statement: shadow only records, so it
 * needs neither the breaker's per-rule lock nor a transaction per rule. A hit is recorded only if
 * its rule is still in shadow at the version judged (the join); hits of rules changed since the
 * engine loaded them are returned apart, for `act` to record as the rule now stands.
 */
export async function recordShadowHits(
  deps: Pick<RuleDeps, "pool">,
  batch: { rule: RuleRow; hits: RuleHitInput[] }[],
  sink: RoomMark[],
): Promise<{ recorded: Map<string, number>; changed: { rule: RuleRow; hits: RuleHitInput[] }[] }> {
  const recorded = new Map<string, number>();
  const rows = batch.flatMap(({ rule, hits }) => hits.map((h) => ({ rule, h })));
  if (rows.length === 0) return { recorded, changed: [] };
  const res = await deps.pool.query<{ ruleId: string; roomId: string; current: boolean }>(
    `WITH u AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::float8[])
         AS u(rule, version, room, acc, flag, label, score)
     ), ins AS (
       INSERT INTO rule_hits ("ruleId", version, mode, "roomId", "accountId", "flagId", label, score, outcome)
       SELECT u.rule, u.version, 'SHADOW', u.room, u.acc, u.flag, u.label, u.score, 'would'
       FROM u JOIN rules r ON r.id = u.rule AND r.version = u.version AND r.mode = 'SHADOW'
       ON CONFLICT ("ruleId", version, mode, "roomId") DO NOTHING
       RETURNING "ruleId", "roomId"
     )
     SELECT "ruleId", "roomId", true AS current FROM ins
     UNION ALL
     SELECT DISTINCT u.rule, NULL, false FROM u LEFT JOIN rules r ON r.id = u.rule AND r.version = u.version AND r.mode = 'SHADOW' WHERE r.id IS NULL`,
    [
      rows.map((x) => x.rule.id),
      rows.map((x) => x.rule.version),
      rows.map((x) => x.h.roomId),
      rows.map((x) => x.h.accountId),
      rows.map((x) => x.h.flagId),
      rows.map((x) => x.h.label),
      rows.map((x) => x.h.score),
    ],
  );
  const stale = new Set<string>();
  const byId = new Map(batch.map((b) => [b.rule.id, b.rule]));
  for (const r of res.rows) {
    if (!r.current) {
      stale.add(r.ruleId);
      continue;
    }
    recorded.set(r.ruleId, (recorded.get(r.ruleId) ?? 0) + 1);
    sink.push({ roomId: r.roomId, mark: `shadow:${byId.get(r.ruleId)!.name}` });
  }
  return { recorded, changed: batch.filter((b) => stale.has(b.rule.id)) };
}

/** The marker on the wall's card: which rules held on the room, in which mode (one statement for a whole batch's marks). */
export async function markRooms(deps: Pick<RuleDeps, "pool" | "enforce">, marks: RoomMark[]) {
  if (marks.length === 0) return;
  const res = await deps.pool.query<{ id: string }>(
    `WITH u AS (SELECT room, array_agg(mark) AS marks FROM unnest($1::text[], $2::text[]) AS t(room, mark) GROUP BY room)
     UPDATE live_rooms r SET "ruleMarks" = ARRAY(SELECT DISTINCT x FROM unnest(r."ruleMarks" || u.marks) x ORDER BY x),
       version = nextval('live_rooms_version_seq'), "updatedAt" = now()
     FROM u
     WHERE r.id = u.room AND NOT (u.marks <@ r."ruleMarks")
       -- Locked in id order, like everything ingest locks: never a deadlock with a batch. Rooms
       -- that already carry their marks are neither locked nor touched.
       AND r.id IN (SELECT l.id FROM live_rooms l JOIN u ON u.room = l.id WHERE NOT (u.marks <@ l."ruleMarks") ORDER BY l.id FOR NO KEY UPDATE OF l)
     RETURNING r.id`,
    [marks.map((m) => m.roomId), marks.map((m) => m.mark)],
  );
  deps.enforce.onRoomsChanged(res.rows.map((r) => r.id));
}

/** Does what the rule says for the allowed hits, in the caller's transaction; returns the rooms acted on. */
async function perform(
  deps: RuleDeps,
  client: PoolClient,
  rule: RuleRow,
  hits: RuleHitInput[],
  after: (() => Promise<unknown> | undefined)[],
): Promise<Set<string>> {
  const actor = ruleActor(rule);
  const reason = `Rule "${rule.name}" v${rule.version}`;
  const provenance = { id: rule.id, version: rule.version };
  const roomIds = hits.map((h) => h.roomId);
  const a = rule.action;
  switch (a.kind) {
    case "TAKE_DOWN":
    case "FLAG_FOR_REVIEW": {
      const kind = a.kind === "TAKE_DOWN" ? "TAKEDOWN" : "ESCALATE";
      const res = await enforceRooms(deps.enforce, actor, { kind, roomIds, reason, rule: provenance }, client);
      after.push(async () =>
        announce(
          deps.enforce,
          kind,
          res.applied.map((x) => ({ id: x.roomId, version: x.version })),
        ),
      );
      return new Set(res.applied.map((x) => x.roomId));
    }
    case "BAN_ACCOUNT": {
      const banned = new Set(await banAccounts(client, deps.enforce.queue, actor, [...new Set(hits.map((h) => h.accountId))], reason, { rule: provenance }));
      const live = await client.query<{ id: string }>(`SELECT id FROM live_rooms WHERE "accountId" = ANY($1::text[]) AND status = 'LIVE'`, [[...banned]]);
      const res = await enforceRooms(deps.enforce, actor, { kind: "TAKEDOWN", roomIds: live.rows.map((r) => r.id), reason, rule: provenance }, client);
      after.push(async () =>
        announce(
          deps.enforce,
          "TAKEDOWN",
          res.applied.map((x) => ({ id: x.roomId, version: x.version })),
        ),
      );
      const ended = new Set(res.applied.map((x) => x.roomId));
      return new Set(hits.filter((h) => banned.has(h.accountId) || ended.has(h.roomId)).map((h) => h.roomId));
    }
    case "RAISE_PRIORITY": {
      const res = await client.query<{ id: string }>(
        `UPDATE live_rooms SET "riskBase" = GREATEST("riskBase", $2), risk = GREATEST(risk, $2), version = nextval('live_rooms_version_seq'), "updatedAt" = now()
         WHERE id IN (SELECT id FROM live_rooms WHERE id = ANY($1::text[]) AND status = 'LIVE' AND risk < $2 ORDER BY id FOR NO KEY UPDATE) RETURNING id`,
        [roomIds, a.to],
      );
      after.push(async () => deps.enforce.onRoomsChanged(res.rows.map((r) => r.id)));
      return new Set(res.rows.map((r) => r.id));
    }
    case "CONTAIN_CLUSTER": {
      const clusters = [...new Set(hits.map((h) => h.clusterId).filter((c): c is string => !!c))];
      if (clusters.length === 0) return new Set();
      const covered = await client.query<{ cid: string }>(`WITH RECURSIVE ${orderClusters()} SELECT DISTINCT cid FROM oc WHERE cid = ANY($1::text[])`, [
        clusters,
      ]);
      const done = new Set(covered.rows.map((r) => r.cid));
      const fresh = clusters.filter((c) => !done.has(c));
      if (fresh.length === 0) return new Set();
      const orderId = randomUUID();
      await client.query(
        `INSERT INTO containment_orders (id, status, "clusterIds", "banAccounts", "refuseGoLive", reason, "createdById", "createdByEmail", "createdByRole", "activatedAt", "ruleId")
         VALUES ($1, 'ACTIVE', $2, $3, $4, $5, $6, $7, 'SYSTEM', now(), $8)`,
        [orderId, fresh, a.banAccounts, a.refuseGoLive, reason, actor.id, actor.email, rule.id],
      );
      await recordAudit(client, actor, {
        action: "order.create",
        targetType: "containment_order",
        targetId: orderId,
        reason,
        details: { clusterIds: fresh, ruleId: rule.id },
      });
      after.push(async () => {
        deps.orders.onActivated?.(orderId);
        deps.orders.notify.changed(orderId);
      });
      // One action per ring: the first hit on each newly contained ring.
      const first = new Map<string, string>();
      for (const h of hits) if (h.clusterId && fresh.includes(h.clusterId) && !first.has(h.clusterId)) first.set(h.clusterId, h.roomId);
      return new Set(first.values());
    }
    case "SET_CONTROL": {
      const already = await client.query(
        `SELECT 1 FROM live_controls WHERE "scopeKind" = $1 AND "scopeValue" = $2 AND mode = $3 AND ($4::int IS NULL OR "maxStartsPerMin" = $4)`,
        [a.scope.kind, a.scope.value, a.mode === "END_EXISTING" ? "PAUSED" : a.mode, a.mode === "THROTTLED" ? a.maxStartsPerMin : null],
      );
      if (already.rowCount) return new Set();
      after.push(() => setControl(deps.controls, actor, { scope: a.scope, mode: a.mode, maxStartsPerMin: a.maxStartsPerMin, reason }));
      return new Set([hits[0].roomId]);
    }
  }
}
