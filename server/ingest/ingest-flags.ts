import type { PoolClient } from "pg";
import type { Pool } from "../db/pool";
import { withTransaction } from "../db/transaction";
import { ZIngestEvent, type IngestEvent, type IngestResult } from "../contracts/ingest";
import { AGE_DAYS_SQL, DECAYED_BASE_SQL, IN_RING_SQL, RISK_SQL, weightedScore } from "./risk";

export interface IngestDeps {
  pool: Pool;
  now?: () => Date;
}

export interface IngestOutcome extends IngestResult {
  /** Rooms whose wall state changed (for realtime diffs). */
  changedRoomIds: string[];
  /** Accounts seen in accepted events (for clustering). */
  accountIds: string[];
  /** The events stored, with their flag ids (response rules judge them). */
  stored: StoredFlag[];
}

export interface StoredFlag {
  flagId: string;
  event: IngestEvent;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  return i ? `${i.path.map(String).join(".") || "event"}: ${i.message}` : "invalid event";
}

/** Keeps the last occurrence of each key, in key order (a stable lock order between batches). */
function lastByKey<T>(items: T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>();
  for (const it of items) m.set(key(it), it);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** A valid event and where it stood in the request (for per-event rejections). */
interface Indexed {
  index: number;
  event: IngestEvent;
}

/** Validates every item on its own; repeats of an eventId inside the request are duplicates. */
export function validateEvents(raw: unknown[]) {
  const rejected: IngestResult["rejected"] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const valid: Indexed[] = [];
  for (const [index, item] of raw.entries()) {
    const parsed = ZIngestEvent.safeParse(item);
    if (!parsed.success) rejected.push({ index, error: firstIssue(parsed.error) });
    else if (seen.has(parsed.data.eventId)) duplicates++;
    else {
      seen.add(parsed.data.eventId);
      valid.push({ index, event: parsed.data });
    }
  }
  return { valid, rejected, duplicates };
}

/** Postgres refused a value (SQLSTATE class 22, data exception): the event, not the batch, is bad. */
const isDataError = (e: unknown) => typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("22");

/**
 * Stores a batch of ingest events with set-based SQL: invalid events are reported, replayed
 * event ids count as duplicates and change nothing; new accounts and rooms are created first
 * (a short transaction of their own), then one transaction stores the flags, updates changed
 * accounts and room risk. Returns once committed.
 *
 * Every value the schema accepts is meant to be storable; should Postgres still refuse one, the
 * batch is split in halves until the refusing events stand alone, and only they are rejected
 * (log2(n) extra transactions, only on that path) — a retry of the same batch would otherwise
 * fail forever.
 */
export async function ingestEvents(deps: IngestDeps, senderId: string, raw: unknown[]): Promise<IngestOutcome> {
  const now = deps.now?.() ?? new Date();
  const { valid, rejected, duplicates } = validateEvents(raw);
  const out = await storeIsolatingBadValues(deps, senderId, valid, now);
  return { ...out, duplicates: out.duplicates + duplicates, rejected: [...rejected, ...out.rejected].sort((a, b) => a.index - b.index) };
}

async function storeIsolatingBadValues(deps: IngestDeps, senderId: string, valid: Indexed[], now: Date): Promise<IngestOutcome> {
  try {
    return await storeEvents(deps, senderId, valid, now);
  } catch (e) {
    if (!isDataError(e)) throw e;
    if (valid.length === 1) {
      return { ...emptyOutcome(), rejected: [{ index: valid[0].index, error: `not storable: ${(e as Error).message.slice(0, 200)}` }] };
    }
    const mid = Math.ceil(valid.length / 2);
    const a = await storeIsolatingBadValues(deps, senderId, valid.slice(0, mid), now);
    const b = await storeIsolatingBadValues(deps, senderId, valid.slice(mid), now);
    return {
      accepted: a.accepted + b.accepted,
      duplicates: a.duplicates + b.duplicates,
      rejected: [...a.rejected, ...b.rejected],
      changedRoomIds: [...new Set([...a.changedRoomIds, ...b.changedRoomIds])],
      accountIds: [...new Set([...a.accountIds, ...b.accountIds])],
      stored: [...a.stored, ...b.stored],
    };
  }
}

const emptyOutcome = (): IngestOutcome => ({ accepted: 0, duplicates: 0, rejected: [], changedRoomIds: [], accountIds: [], stored: [] });

async function storeEvents(deps: IngestDeps, senderId: string, valid: Indexed[], now: Date): Promise<IngestOutcome> {
  if (valid.length === 0) return emptyOutcome();
  const fresh = await dropReplayed(
    deps.pool,
    senderId,
    valid.map((v) => v.event),
  );
  let duplicates = valid.length - fresh.length;
  if (fresh.length === 0) return { ...emptyOutcome(), duplicates };
  const accountArgs = accountColumns(lastByKey(fresh, (e) => e.account.id).map((e) => e.account));
  const rooms = lastByKey(fresh, (e) => e.room.id).map((e) => ({ ...e.room, accountId: e.account.id }));
  await withTransaction(deps.pool, (client) => insertNewAccountsAndRooms(client, accountArgs, rooms), { synchronousCommit: false });
  return withTransaction(deps.pool, async (client) => {
    await updateChangedAccounts(client, accountArgs);
    const accepted = await insertFlags(client, senderId, fresh);
    // A concurrent batch may have stored the same event id between our check and insert.
    duplicates += fresh.length - accepted.length;
    const agg = aggregateByRoom(
      accepted.map((a) => a.event),
      now,
    );
    await updateRoomAggregates(client, agg, new Map(rooms.map((r) => [r.id, r])));
    // Last, so the one hot row of this second is locked as briefly as possible.
    await client.query(
      `INSERT INTO flag_rate (second, count) VALUES ($1, $2)
       ON CONFLICT (second) DO UPDATE SET count = flag_rate.count + EXCLUDED.count`,
      [Math.floor(now.getTime() / 1000), accepted.length],
    );
    return {
      accepted: accepted.length,
      duplicates,
      rejected: [],
      changedRoomIds: agg.map((a) => a.roomId),
      accountIds: [...new Set(accepted.map((a) => a.event.account.id))],
      stored: accepted,
    };
  });
}

/** Replayed events are dropped first (the flag insert still settles races). */
async function dropReplayed(pool: Pool, senderId: string, events: IngestEvent[]): Promise<IngestEvent[]> {
  const existing = await pool.query<{ eventId: string }>(`SELECT "eventId" FROM flags WHERE "senderId" = $1 AND "eventId" = ANY($2::text[])`, [
    senderId,
    events.map((e) => e.eventId),
  ]);
  const known = new Set(existing.rows.map((r) => r.eventId));
  return events.filter((e) => !known.has(e.eventId));
}

type Account = IngestEvent["account"];
type Room = IngestEvent["room"] & { accountId: string };

/** The accounts as parallel arrays, in the order every account statement below unnests them. */
function accountColumns(accounts: Account[]) {
  return [
    accounts.map((a) => a.id),
    accounts.map((a) => a.handle),
    accounts.map((a) => a.displayName ?? null),
    accounts.map((a) => a.registeredAt),
    accounts.map((a) => a.realNameVerified),
    accounts.map((a) => a.deviceId ?? null),
    accounts.map((a) => a.ip ?? null),
    accounts.map((a) => a.phoneHash ?? null),
  ];
}

/**
 * New accounts (which wait for the cluster worker by default) and new rooms are inserted in a
 * short transaction of their own, committed before the batch's: in a wave many concurrent
 * batches bring the same new accounts and rooms, and an insert that meets another batch's
 * uncommitted row waits for that whole batch to commit — batches queued behind each other
 * (sampling pg_stat_activity in a wave: ~5 backends waiting there, the rest idle). Accounts and
 * rooms are facts about the platform, not what the batch acknowledges: if the batch then fails,
 * they stay (a room with no flag is on no wall) and its retry finds them.
 * Committed without waiting for the WAL flush: the batch's own commit flushes the WAL up to and
 * past these rows, so once a batch is acknowledged its accounts and rooms are as durable as its
 * flags; a crash before that loses only what no sender was told is stored.
 */
async function insertNewAccountsAndRooms(client: PoolClient, accountArgs: unknown[][], rooms: Room[]) {
  await client.query(
    `INSERT INTO platform_accounts (id, handle, "displayName", "registeredAt", "realNameVerified", "deviceId", ip, "phoneHash", "updatedAt")
     SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bool[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (id) DO NOTHING`,
    accountArgs,
  );
  await client.query(
    `INSERT INTO live_rooms (id, "accountId", title, category, "thumbnailUrl", "startedAt", "viewerCount", "peakViewers", "updatedAt")
     SELECT id, acc, title, cat, thumb, started, viewers, viewers, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[])
       AS u(id, acc, title, cat, thumb, started, viewers)
     -- New rooms only, like new accounts (a room with no flag yet is on no wall). Existing ones
     -- are locked, in id order, by the one UPDATE below that writes them, after the flags are
     -- in: batches flagging the same rooms wait on each other only for that UPDATE and the
     -- commit.
     ON CONFLICT (id) DO NOTHING`,
    [
      rooms.map((r) => r.id),
      rooms.map((r) => r.accountId),
      rooms.map((r) => r.title),
      rooms.map((r) => r.category ?? null),
      rooms.map((r) => r.thumbnailUrl ?? null),
      rooms.map((r) => r.startedAt),
      rooms.map((r) => r.viewerCount),
    ],
  );
}

async function updateChangedAccounts(client: PoolClient, accountArgs: unknown[][]) {
  // Known accounts are written, and locked, only when the event says something new about
  // them. In a wave the same accounts are flagged batch after batch with the same facts:
  // rewriting (and locking) them every time cost Postgres a row version per event and kept
  // them locked from the cluster worker, which skips rows ingest holds. Locked in id order,
  // like everything ingest locks, so concurrent batches never deadlock.
  const incoming = `unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bool[], $6::text[], $7::text[], $8::text[])
                      AS u(id, handle, dn, reg, ver, dev, ip, phone)`;
  await client.query(
    `WITH changed AS (
       SELECT p.id FROM platform_accounts p JOIN ${incoming} ON u.id = p.id
       WHERE u.handle IS DISTINCT FROM p.handle
          OR u.reg IS DISTINCT FROM p."registeredAt"
          OR u.ver IS DISTINCT FROM p."realNameVerified"
          OR (u.dn IS NOT NULL AND u.dn IS DISTINCT FROM p."displayName")
          OR (u.dev IS NOT NULL AND u.dev IS DISTINCT FROM p."deviceId")
          OR (u.ip IS NOT NULL AND u.ip IS DISTINCT FROM p.ip)
          OR (u.phone IS NOT NULL AND u.phone IS DISTINCT FROM p."phoneHash")
       ORDER BY p.id FOR NO KEY UPDATE OF p)
     UPDATE platform_accounts p SET
       handle = u.handle,
       "displayName" = COALESCE(u.dn, p."displayName"),
       "registeredAt" = u.reg,
       "realNameVerified" = u.ver,
       "deviceId" = COALESCE(u.dev, p."deviceId"),
       ip = COALESCE(u.ip, p.ip),
       "phoneHash" = COALESCE(u.phone, p."phoneHash"),
       -- Changed signals send the account back through the cluster worker.
       "needsClustering" = p."needsClustering"
         OR u.handle IS DISTINCT FROM p.handle
         OR u.reg IS DISTINCT FROM p."registeredAt"
         OR u.ver IS DISTINCT FROM p."realNameVerified"
         OR COALESCE(u.dev, p."deviceId") IS DISTINCT FROM p."deviceId"
         OR COALESCE(u.ip, p.ip) IS DISTINCT FROM p.ip
         OR COALESCE(u.phone, p."phoneHash") IS DISTINCT FROM p."phoneHash",
       "updatedAt" = now()
     FROM ${incoming}
     WHERE p.id = u.id AND p.id IN (SELECT id FROM changed)`,
    accountArgs,
  );
}

/** Inserts the flags; returns the events actually stored (not raced by a concurrent batch), with their ids. */
async function insertFlags(client: PoolClient, senderId: string, fresh: IngestEvent[]): Promise<StoredFlag[]> {
  const inserted = await client.query<{ eventId: string; id: string }>(
    `INSERT INTO flags ("senderId", "eventId", source, label, score, "occurredAt", "roomId", "accountId", "evidenceUrl", "evidenceText", "receivedAt")
     SELECT $1, e, s::"FlagSource", l::"FlagLabel", sc, o, r, a, eu, et, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS u(e, s, l, sc, o, r, a, eu, et)
     ON CONFLICT ("senderId", "eventId") DO NOTHING
     RETURNING "eventId", id`,
    [
      senderId,
      fresh.map((e) => e.eventId),
      fresh.map((e) => e.source),
      fresh.map((e) => e.label),
      fresh.map((e) => e.score),
      fresh.map((e) => e.occurredAt),
      fresh.map((e) => e.room.id),
      fresh.map((e) => e.account.id),
      fresh.map((e) => e.evidence?.url ?? null),
      fresh.map((e) => e.evidence?.text ?? null),
    ],
  );
  const ids = new Map(inserted.rows.map((r) => [r.eventId, r.id]));
  return fresh.filter((e) => ids.has(e.eventId)).map((event) => ({ flagId: ids.get(event.eventId)!, event }));
}

/** One UPDATE for every flagged room: counts, labels, sources, risk, viewers, evidence, version. */
async function updateRoomAggregates(client: PoolClient, agg: RoomAgg[], roomById: Map<string, Room>) {
  // A viewer count that jumps five-fold to 500+ between reports is bought engagement.
  const jump = `(u.viewers >= 500 AND u.viewers > 5::bigint * r."viewerCount")`;
  // The stored base decays from the room's last flag: recency counts, not only the strongest flag ever.
  const decayed = DECAYED_BASE_SQL(`r."riskBase"`, `r."lastFlaggedAt"`);
  await client.query(
    `UPDATE live_rooms r SET
       title = u.title,
       category = COALESCE(u.cat, r.category),
       "thumbnailUrl" = COALESCE(u.thumb, r."thumbnailUrl"),
       "viewerCount" = u.viewers,
       "peakViewers" = GREATEST(r."peakViewers", u.viewers),
       "flagCount" = r."flagCount" + u.n,
       labels = ARRAY(SELECT DISTINCT x FROM unnest(r.labels || u.labels) x ORDER BY x),
       sources = ARRAY(SELECT DISTINCT x FROM unnest(r.sources || u.sources) x ORDER BY x),
       "maxScore" = GREATEST(r."maxScore", u.max_score),
       "riskBase" = GREATEST(${decayed}, u.base),
       "fakeEngagement" = r."fakeEngagement" OR u.eng OR ${jump},
       risk = ${RISK_SQL({
         base: `GREATEST(${decayed}, u.base)`,
         count: `(r."flagCount" + u.n)`,
         sources: `cardinality(ARRAY(SELECT DISTINCT x FROM unnest(r.sources || u.sources) x))`,
         fake: `(r."fakeEngagement" OR u.eng OR ${jump})`,
         ring: IN_RING_SQL(`r."accountId"`),
         ageDays: AGE_DAYS_SQL(`a."registeredAt"`),
         verified: `a."realNameVerified"`,
       })},
       "firstFlaggedAt" = LEAST(COALESCE(r."firstFlaggedAt", u.first_at), u.first_at),
       "lastFlaggedAt" = now(),
       "latestEvidenceUrl" = COALESCE(u.ev_url, r."latestEvidenceUrl"),
       "latestEvidenceText" = COALESCE(u.ev_text, r."latestEvidenceText"),
       -- A dismissed room comes back when a new kind of harm or a much stronger signal arrives.
       review = CASE WHEN r.review = 'DISMISSED' AND (NOT (u.labels <@ r.labels) OR u.base > r."riskBase" + 0.2)
                     THEN 'OPEN'::"ReviewState" ELSE r.review END,
       version = nextval('live_rooms_version_seq'),
       "updatedAt" = now()
     FROM (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bool[], $8::timestamptz[], $9::text[], $10::text[],
                            $11::text[], $12::text[], $13::text[], $14::int[])
         AS t(id, n, labels_csv, sources_csv, max_score, base, eng, first_at, ev_url, ev_text, title, cat, thumb, viewers)
       CROSS JOIN LATERAL (SELECT string_to_array(labels_csv, ',') AS labels, string_to_array(sources_csv, ',') AS sources) arr
     ) u, platform_accounts a
     WHERE r.id = u.id AND a.id = r."accountId"
       -- Locked in id order, like everything ingest locks: concurrent batches never deadlock.
       AND r.id IN (SELECT id FROM live_rooms WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE)`,
    [
      agg.map((a) => a.roomId),
      agg.map((a) => a.n),
      agg.map((a) => [...a.labels].sort().join(",")),
      agg.map((a) => [...a.sources].sort().join(",")),
      agg.map((a) => a.maxScore),
      agg.map((a) => a.base),
      agg.map((a) => a.engagement),
      agg.map((a) => a.firstAt),
      agg.map((a) => a.evidenceUrl),
      agg.map((a) => a.evidenceText),
      // The room as the batch's last fresh event for it describes it.
      agg.map((a) => roomById.get(a.roomId)!.title),
      agg.map((a) => roomById.get(a.roomId)!.category ?? null),
      agg.map((a) => roomById.get(a.roomId)!.thumbnailUrl ?? null),
      agg.map((a) => roomById.get(a.roomId)!.viewerCount),
    ],
  );
}

interface RoomAgg {
  roomId: string;
  n: number;
  labels: Set<string>;
  sources: Set<string>;
  maxScore: number;
  base: number;
  engagement: boolean;
  firstAt: Date;
  latestAt: number;
  evidenceUrl: string | null;
  evidenceText: string | null;
}

export function aggregateByRoom(events: IngestEvent[], now: Date): RoomAgg[] {
  const m = new Map<string, RoomAgg>();
  for (const e of events) {
    const at = Math.min(Date.parse(e.occurredAt), now.getTime()); // a sender's clock may run ahead
    let a = m.get(e.room.id);
    if (!a) {
      a = {
        roomId: e.room.id,
        n: 0,
        labels: new Set(),
        sources: new Set(),
        maxScore: 0,
        base: 0,
        engagement: false,
        firstAt: new Date(at),
        latestAt: -Infinity,
        evidenceUrl: null,
        evidenceText: null,
      };
      m.set(e.room.id, a);
    }
    a.n++;
    a.labels.add(e.label);
    a.sources.add(e.source);
    a.maxScore = Math.max(a.maxScore, e.score);
    a.base = Math.max(a.base, weightedScore(e.label, e.score, now.getTime() - at));
    // An engagement signal counts when the detector is fairly sure: raids and shout-outs get
    // weak engagement flags every day; bought viewers get strong ones (or jump five-fold).
    a.engagement ||= (e.source === "engagement" || e.label === "fake_engagement") && e.score >= 0.6;
    if (at < a.firstAt.getTime()) a.firstAt = new Date(at);
    if (at >= a.latestAt && (e.evidence?.url || e.evidence?.text)) {
      a.latestAt = at;
      a.evidenceUrl = e.evidence?.url ?? null;
      a.evidenceText = e.evidence?.text ?? null;
    }
  }
  return [...m.values()].sort((x, y) => (x.roomId < y.roomId ? -1 : 1));
}
