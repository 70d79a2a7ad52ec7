import { FLAG_LABELS, FLAG_SOURCES, type FlagLabel, type FlagSource } from "./ingest";
import type { WallRemoval, WallRoom } from "./wall";

/**
 * The wall's realtime wire format. In a flood every socket receives thousands of rooms a second,
 * so a room travels as an array of values in a fixed order (no key names), with its booleans and
 * label/source sets as bit masks and its times relative to the diff's clock: about a third of the
 * bytes of the object form, which the server writes and every client parses once per socket.
 * Snapshots (tRPC) keep the object form.
 */
export type WireRoom = (string | number | null)[];

/** One coalesced wall update for a filter group. */
export interface WireDiff {
  key: string;
  /** Server clock when the diff was built; wire times are `t - time`. */
  t: number;
  /** Upserted rooms. */
  u: WireRoom[];
  /** Removals: [room id, version at which it left]. */
  r: [string, number][];
}

const STATUS = ["LIVE", "ENDED", "TAKEN_DOWN"] as const satisfies readonly WallRoom["status"][];
const REVIEW = ["OPEN", "ESCALATED", "DISMISSED", "ACTIONED"] as const satisfies readonly WallRoom["review"][];
const VERIFIED = 1;
const BANNED = 2;
const FAKE = 4;

function mask<T extends string>(all: readonly T[], values: readonly T[]): number {
  let m = 0;
  for (const v of values) {
    const i = all.indexOf(v);
    if (i >= 0) m |= 1 << i;
  }
  return m;
}
/** Back to the sorted list the database stores. */
function unmask<T extends string>(all: readonly T[], m: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < all.length; i++) if (m & (1 << i)) out.push(all[i]);
  return out.sort();
}
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const rel = (t: number, at: number | null) => (at === null ? null : t - at);
const abs = (t: number, v: unknown) => (typeof v === "number" ? t - v : null);
const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" ? v : 0);

export function encodeRoom(r: WallRoom, t: number): WireRoom {
  const a: WireRoom = [
    r.id,
    r.version,
    r.title,
    r.category,
    r.thumbnailUrl,
    r.accountId,
    r.handle,
    r.displayName,
    t - r.registeredAt,
    (r.verified ? VERIFIED : 0) | (r.accountBanned ? BANNED : 0) | (r.fakeEngagement ? FAKE : 0),
    r.deviceReuse,
    r.ipReuse,
    mask(FLAG_LABELS, r.labels),
    mask(FLAG_SOURCES, r.sources),
    round4(r.maxScore),
    round4(r.risk),
    r.flagCount,
    r.viewerCount,
    rel(t, r.firstFlaggedAt),
    rel(t, r.lastFlaggedAt),
    r.evidenceText,
    r.evidenceUrl,
    STATUS.indexOf(r.status),
    REVIEW.indexOf(r.review),
    rel(t, r.restoredAt),
    r.reviewedByEmail,
    r.clusterId,
    r.clusterSize,
    // Rule names cannot hold control characters: one string, split on newlines.
    r.ruleMarks.length ? r.ruleMarks.join("\n") : null,
    r.claimedBy?.id ?? null,
    r.claimedBy?.name ?? null,
  ];
  // Most rooms end in nulls (not restored, not reviewed, in no cluster): leave them off.
  while (a.length > 0 && a[a.length - 1] === null) a.pop();
  return a;
}

export function decodeRoom(a: WireRoom, t: number): WallRoom {
  const bits = num(a[9]);
  return {
    id: String(a[0]),
    version: num(a[1]),
    title: String(a[2] ?? ""),
    category: str(a[3]),
    thumbnailUrl: str(a[4]),
    accountId: String(a[5] ?? ""),
    handle: String(a[6] ?? ""),
    displayName: str(a[7]),
    registeredAt: t - num(a[8]),
    verified: (bits & VERIFIED) !== 0,
    accountBanned: (bits & BANNED) !== 0,
    fakeEngagement: (bits & FAKE) !== 0,
    deviceReuse: num(a[10]),
    ipReuse: num(a[11]),
    labels: unmask<FlagLabel>(FLAG_LABELS, num(a[12])),
    sources: unmask<FlagSource>(FLAG_SOURCES, num(a[13])),
    maxScore: num(a[14]),
    risk: num(a[15]),
    flagCount: num(a[16]),
    viewerCount: num(a[17]),
    firstFlaggedAt: abs(t, a[18]),
    lastFlaggedAt: abs(t, a[19]),
    evidenceText: str(a[20]),
    evidenceUrl: str(a[21]),
    status: STATUS[num(a[22])] ?? "LIVE",
    review: REVIEW[num(a[23])] ?? "OPEN",
    restoredAt: abs(t, a[24]),
    reviewedByEmail: str(a[25]),
    clusterId: str(a[26]),
    clusterSize: typeof a[27] === "number" ? a[27] : null,
    ruleMarks: str(a[28])?.split("\n") ?? [],
    claimedBy: typeof a[29] === "string" ? { id: a[29], name: str(a[30]) ?? "" } : null,
  };
}

export function encodeDiff(key: string, upserts: WallRoom[], removes: WallRemoval[], t = Date.now()): WireDiff {
  return { key, t, u: upserts.map((r) => encodeRoom(r, t)), r: removes.map((x) => [x.id, x.version]) };
}

export function decodeDiff(d: WireDiff): { key: string; upserts: WallRoom[]; removes: WallRemoval[] } {
  return { key: d.key, upserts: d.u.map((a) => decodeRoom(a, d.t)), removes: d.r.map(([id, version]) => ({ id, version })) };
}
