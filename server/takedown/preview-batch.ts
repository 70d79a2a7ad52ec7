import { randomUUID } from "node:crypto";
import { DomainError } from "../errors";
import type { Actor } from "../audit/audit-log";
import { resolveSelection, type Selection } from "./selection";
import type { TakedownDeps } from "./types";
import { countRecent, counted } from "../enforcement/four-eyes";
import { suggestReason } from "../contracts/policy";

export interface PreviewRoom {
  id: string;
  title: string;
  handle: string;
  labels: string[];
  risk: number;
  status: string;
}

/**
 * Resolves the selection to a snapshot of room ids and keeps it as a draft batch. Confirming
 * the draft acts on exactly this snapshot; the draft's id is the batch's idempotency key.
 */
export async function previewBatch(deps: TakedownDeps, actor: Actor, selection: Selection) {
  const roomIds = await resolveSelection(deps.pool, selection);
  if (roomIds.length === 0) throw DomainError.of("BAD_REQUEST", "takedown.emptySelection");
  const id = randomUUID();
  await deps.db.takedownBatch.create({
    data: {
      id,
      createdById: actor.id,
      createdByEmail: actor.email,
      createdByRole: actor.role,
      selectionKind: selection.kind,
      selection: selection.kind === "manual" ? { kind: "manual", count: roomIds.length } : selection,
      roomIds,
      requestedCount: roomIds.length,
    },
  });
  const sample = await deps.pool.query<PreviewRoom>(
    `SELECT r.id, r.title, a.handle, r.labels, r.risk, r.status FROM live_rooms r JOIN platform_accounts a ON a.id = r."accountId"
     WHERE r.id = ANY($1::text[]) ORDER BY r.risk DESC LIMIT 8`,
    [roomIds],
  );
  const counts = await deps.pool.query<{ live: number; accounts: number; viewers: number; inRings: number }>(
    `SELECT count(*) FILTER (WHERE r.status = 'LIVE')::int AS live, count(DISTINCT r."accountId")::int AS accounts,
            COALESCE(sum(r."viewerCount") FILTER (WHERE r.status = 'LIVE'), 0)::bigint AS viewers,
            -- Accounts in a ring (an account cluster): a selection that is mostly rings is a coordinated attack.
            count(DISTINCT r."accountId") FILTER (WHERE m."accountId" IS NOT NULL)::int AS "inRings"
     FROM live_rooms r LEFT JOIN account_cluster_members m ON m."accountId" = r."accountId"
     WHERE r.id = ANY($1::text[])`,
    [roomIds],
  );
  const mostlyRings = selection.kind === "cluster" || counts.rows[0].inRings * 2 >= Math.max(1, counts.rows[0].accounts);
  const labels = await deps.pool.query<{ label: string; n: number }>(
    `SELECT l AS label, count(*)::int AS n FROM live_rooms r, unnest(r.labels) l WHERE r.id = ANY($1::text[]) GROUP BY 1 ORDER BY 2 DESC`,
    [roomIds],
  );
  const policy = counted(actor) ? deps.enforce.fourEyes : undefined;
  const recent = policy ? await countRecent(deps.pool, actor.id, policy.windowMs) : 0;
  const needsApproval = !!policy && recent + roomIds.length > policy.threshold;
  return {
    batchId: id,
    count: roomIds.length,
    ...counts.rows[0],
    sample: sample.rows,
    labels: labels.rows,
    /** The reason the rooms' labels point to (a ring is coordinated inauthentic behaviour), or null: the person chooses. */
    suggestedReason: suggestReason(
      labels.rows.map((l) => l.label),
      { ring: mostlyRings },
    ),
    /** Ban the accounts by default: they are a ring's (or mostly rings'). */
    banByDefault: mostlyRings,
    at: Date.now(),
    needsApproval,
    fourEyes: policy ? { threshold: policy.threshold, windowMinutes: Math.round(policy.windowMs / 60_000), recent } : null,
  };
}
