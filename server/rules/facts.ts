import type { Pool } from "../db/pool";
import { handleShape, type RuleFacts } from "../contracts/rule-language";

/** A stored flag, as rules judge it (live from ingest, or from the flags table for a backtest or a replay). */
export interface FlagRef {
  flagId: string;
  roomId: string;
  accountId: string;
  source: string;
  label: string;
  score: number;
  /** When it was received (ms). */
  at: number;
}

/** The flags an ingest batch stored, as the engine judges them (received at `at`). */
export function flagRefsOf(
  stored: readonly { flagId: string; event: { room: { id: string }; account: { id: string }; source: string; label: string; score: number } }[],
  at: number,
): FlagRef[] {
  return stored.map((s) => ({
    flagId: s.flagId,
    roomId: s.event.room.id,
    accountId: s.event.account.id,
    source: s.event.source,
    label: s.event.label,
    score: s.event.score,
    at,
  }));
}

export interface RoomFacts {
  id: string;
  title: string;
  category: string | null;
  viewerCount: number;
  peakViewers: number;
  flagCount: number;
  risk: number;
  fakeEngagement: boolean;
  labels: string[];
  sources: string[];
  startedAt: Date;
  status: string;
  review: string;
  restored: boolean;
}

export interface AccountFacts {
  id: string;
  handle: string;
  registeredAt: Date;
  verified: boolean;
  dev: number;
  ip: number;
  phone: number;
  clusterId: string | null;
  size: number | null;
  growth: number | null;
  watched: boolean | null;
  inAlert: boolean | null;
  /** The handle's shape (computed once per account, not per flag). */
  shape: string;
}

export interface FactTables {
  rooms: Map<string, RoomFacts>;
  accounts: Map<string, AccountFacts>;
}

/**
 * What Floodwall knows about these rooms and accounts, in two set-based queries: the rooms as
 * they stand, and the accounts with how many others share their device, address and phone, and
 * the ring each is in (its size, its growth over five minutes, watched, on the open alert).
 */
export async function loadFacts(pool: Pick<Pool, "query">, roomIds: string[], accountIds: string[]): Promise<FactTables> {
  // Both at once (two pooled connections): they are independent, and the sender waits for them.
  const roomsQuery = pool.query<RoomFacts>(
    `SELECT id, title, category, "viewerCount", "peakViewers", "flagCount", risk, "fakeEngagement", labels, sources, "startedAt", status, review,
            "restoredAt" IS NOT NULL AS restored
     FROM live_rooms WHERE id = ANY($1::text[])`,
    [roomIds],
  );
  const accountsQuery = pool.query<Omit<AccountFacts, "shape">>(
    `WITH a AS (SELECT id, handle, "registeredAt", "realNameVerified", "deviceId", ip, "phoneHash" FROM platform_accounts WHERE id = ANY($1::text[])),
     dev AS (SELECT "deviceId" AS k, count(*)::int AS n FROM platform_accounts WHERE "deviceId" IN (SELECT "deviceId" FROM a) GROUP BY 1),
     ipc AS (SELECT ip AS k, count(*)::int AS n FROM platform_accounts WHERE ip IN (SELECT ip FROM a) GROUP BY 1),
     ph AS (SELECT "phoneHash" AS k, count(*)::int AS n FROM platform_accounts WHERE "phoneHash" IN (SELECT "phoneHash" FROM a) GROUP BY 1),
     mem AS (SELECT "accountId", "clusterId" FROM account_cluster_members WHERE "accountId" IN (SELECT id FROM a)),
     cl AS (
       SELECT c.id, c.size, c.watched,
              (SELECT count(*)::int FROM account_cluster_members j WHERE j."clusterId" = c.id AND j."joinedAt" > now() - interval '5 minutes') AS growth
       FROM account_clusters c WHERE c.id IN (SELECT "clusterId" FROM mem)),
     al AS (SELECT coalesce(array_agg(x), '{}') AS ids FROM attack_alerts, unnest("clusterIds") x WHERE "closedAt" IS NULL)
     SELECT a.id, a.handle, a."registeredAt", a."realNameVerified" AS verified,
            coalesce(dev.n, 0) AS dev, coalesce(ipc.n, 0) AS ip, coalesce(ph.n, 0) AS phone,
            cl.id AS "clusterId", cl.size, cl.growth, cl.watched, cl.id = ANY(al.ids) AS "inAlert"
     FROM a CROSS JOIN al LEFT JOIN dev ON dev.k = a."deviceId" LEFT JOIN ipc ON ipc.k = a.ip LEFT JOIN ph ON ph.k = a."phoneHash"
       LEFT JOIN mem ON mem."accountId" = a.id LEFT JOIN cl ON cl.id = mem."clusterId"`,
    [accountIds],
  );
  const [rooms, accounts] = await Promise.all([roomsQuery, accountsQuery]);
  return { rooms: new Map(rooms.rows.map((r) => [r.id, r])), accounts: new Map(accounts.rows.map((a) => [a.id, { ...a, shape: handleShape(a.handle) }])) };
}

const HOUR = 3_600_000;
const big = (n: number | null | undefined) => BigInt(Math.trunc(n ?? 0));

/** The facts one flag is judged on. `flagsSoFar` overrides the room's count (a backtest sees it as it was). */
export function factsFor(f: FlagRef, room: RoomFacts, account: AccountFacts, flagsSoFar = room.flagCount): RuleFacts {
  return {
    event: { source: f.source, label: f.label, score: f.score },
    room: {
      id: room.id,
      title: room.title,
      category: room.category ?? "",
      viewers: big(room.viewerCount),
      peakViewers: big(room.peakViewers),
      flags: big(flagsSoFar),
      risk: room.risk,
      fakeEngagement: room.fakeEngagement,
      labels: room.labels,
      sources: room.sources,
      minutesLive: Math.max(0, (f.at - room.startedAt.getTime()) / 60_000),
    },
    account: {
      id: account.id,
      handle: account.handle,
      handleShape: account.shape,
      ageHours: Math.max(0, (f.at - account.registeredAt.getTime()) / HOUR),
      verified: account.verified,
      deviceShared: big(account.dev),
      ipShared: big(account.ip),
      phoneShared: big(account.phone),
    },
    cluster: {
      id: account.clusterId ?? "",
      size: big(account.size),
      growth: big(account.growth),
      watched: account.watched ?? false,
      inAlert: account.inAlert ?? false,
    },
  };
}
