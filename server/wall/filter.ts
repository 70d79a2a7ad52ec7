import { foldAscii, type WallFilter, type WallRoom } from "../contracts/wall";

const DAY_MS = 86_400_000;

/** Whether a room belongs on the wall at all: live, flagged and not yet decided. */
export function onWall(r: Pick<WallRoom, "status" | "review" | "flagCount">): boolean {
  return r.status === "LIVE" && (r.review === "OPEN" || r.review === "ESCALATED") && r.flagCount > 0;
}

/** The filter in JS; `filterSql` below is the same predicate for Postgres (filter.int.test.ts pins them together). */
export function matchesFilter(r: WallRoom, f: WallFilter, now: number): boolean {
  if (!onWall(r)) return false;
  if (f.labels.length && !r.labels.some((l) => f.labels.includes(l))) return false;
  if (f.sources.length && !r.sources.some((s) => f.sources.includes(s))) return false;
  if (r.maxScore < f.minScore) return false;
  if (f.maxAccountAgeDays !== null && r.registeredAt < now - f.maxAccountAgeDays * DAY_MS) return false;
  if (f.unverifiedOnly && r.verified) return false;
  if (f.escalatedOnly && r.review !== "ESCALATED") return false;
  if (f.clusterId && r.clusterId !== f.clusterId) return false;
  if (f.claimedBy && r.claimedBy?.id !== f.claimedBy) return false;
  if (f.q) {
    const q = foldAscii(f.q);
    if (![r.title, r.id, r.accountId, r.handle, r.displayName ?? ""].some((v) => foldAscii(v).includes(q))) return false;
  }
  return true;
}

/** A LIKE pattern matching `q` anywhere, its wildcards and escape character taken literally. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** WHERE clause over live_rooms r JOIN platform_accounts a; params are appended to `params`. */
export function filterSql(f: WallFilter, now: number, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`r.status = 'LIVE'`, `r.review IN ('OPEN', 'ESCALATED')`, `r."flagCount" > 0`];
  if (f.labels.length) where.push(`r.labels && ${p(f.labels)}::text[]`);
  if (f.sources.length) where.push(`r.sources && ${p(f.sources)}::text[]`);
  if (f.minScore > 0) where.push(`r."maxScore" >= ${p(f.minScore)}`);
  if (f.maxAccountAgeDays !== null) where.push(`a."registeredAt" >= ${p(new Date(now - f.maxAccountAgeDays * DAY_MS))}`);
  if (f.unverifiedOnly) where.push(`NOT a."realNameVerified"`);
  if (f.escalatedOnly) where.push(`r.review = 'ESCALATED'`);
  if (f.clusterId) where.push(`EXISTS (SELECT 1 FROM account_cluster_members cm WHERE cm."accountId" = r."accountId" AND cm."clusterId" = ${p(f.clusterId)})`);
  if (f.claimedBy) where.push(`EXISTS (SELECT 1 FROM room_claims c WHERE c."roomId" = r.id AND c."userId" = ${p(f.claimedBy)} AND c."expiresAt" > now())`);
  if (f.q) {
    const q = p(containsPattern(f.q));
    // One set of matching room ids, from two trigram indexes on "C"-collated text (migrations
    // wall_search, room_search): the room's search document (room_search: title, room id and
    // account id, one per line; q has no control characters, so a match lies within one field)
    // and the account's handle or display name. One IN, not an OR of two, so Postgres can join
    // the wall to the (usually few) matches instead of testing every wall row.
    where.push(
      `r.id IN (SELECT s."roomId" FROM room_search s WHERE (s.doc COLLATE "C") ILIKE ${q}
        UNION ALL SELECT rx.id FROM live_rooms rx JOIN platform_accounts x ON x.id = rx."accountId"
        WHERE (x.handle COLLATE "C") ILIKE ${q} OR (x."displayName" COLLATE "C") ILIKE ${q})`,
    );
  }
  return where.join(" AND ");
}
