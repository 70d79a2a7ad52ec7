import type { WallRemoval, WallRoom } from "@/server/contracts/wall";

/**
 * The wall as the client holds it in the query cache. `order` is what the moderator sees, in a
 * stable order; rooms that arrive later wait in `pending` (the "N new" bar) so nothing moves
 * under the cursor. Every merge is by per-room version, so a diff or snapshot that arrives
 * late or twice never rolls a room back or duplicates it.
 */
export interface WallState {
  key: string;
  byId: Record<string, WallRoom>;
  order: string[];
  pending: string[];
  /** Version at which a room left, so an older upsert cannot bring it back. */
  gone: Record<string, number>;
  /** Rooms matching the filter: the database's count (pushed every few seconds), moved by diffs in between. */
  total: number;
  at: number;
  /**
   * New rooms beyond what the page holds (a flood): dropped from memory, remembered by id so a
   * later update of one is not counted as another new room; fetched again, ranked, on reveal.
   */
  dropped: ReadonlySet<string>;
}

/** Rooms matching the filter that the page is not showing: everything counted but not on screen. */
export const newCount = (s: WallState) => Math.max(0, s.total - s.order.length);

export interface WallDiff {
  key: string;
  upserts: WallRoom[];
  removes: WallRemoval[];
}

const GONE_MAX = 50_000;
/** New rooms held behind the bar at most; in a flood the rest are counted, not kept. */
export const PENDING_MAX = 2_000;

export const byRisk = (a: WallRoom, b: WallRoom) => b.risk - a.risk || (b.lastFlaggedAt ?? 0) - (a.lastFlaggedAt ?? 0) || (a.id < b.id ? -1 : 1);

export function emptyWall(key: string): WallState {
  return { key, byId: {}, order: [], pending: [], gone: {}, total: 0, at: 0, dropped: new Set() };
}

export function applyDiff(s: WallState, d: Pick<WallDiff, "upserts" | "removes">): WallState {
  if (d.upserts.length === 0 && d.removes.length === 0) return s;
  const byId = { ...s.byId };
  const gone = { ...s.gone };
  const removed = new Set<string>();
  const added: string[] = [];
  let dropped = s.dropped;
  let leftUnseen = 0; // dropped rooms that left: counted, never on screen
  let cameBack = 0; // dropped rooms updated again: already counted
  for (const r of d.removes) {
    const known = byId[r.id];
    if (known && known.version > r.version) continue;
    if ((gone[r.id] ?? -1) < r.version) gone[r.id] = r.version;
    if (known) {
      delete byId[r.id];
      removed.add(r.id);
    } else if (dropped.has(r.id)) {
      if (dropped === s.dropped) dropped = new Set(dropped);
      (dropped as Set<string>).delete(r.id);
      leftUnseen++;
    }
  }
  for (const u of d.upserts) {
    const known = byId[u.id];
    if (known && known.version >= u.version) continue;
    if ((gone[u.id] ?? -1) >= u.version) continue;
    if (!known) {
      added.push(u.id);
      if (dropped.has(u.id)) {
        if (dropped === s.dropped) dropped = new Set(dropped);
        (dropped as Set<string>).delete(u.id);
        cameBack++;
      }
    }
    byId[u.id] = u;
    delete gone[u.id];
  }
  const order = removed.size ? s.order.filter((id) => !removed.has(id)) : s.order;
  let pending = removed.size ? s.pending.filter((id) => !removed.has(id)) : s.pending;
  if (added.length) {
    pending = pending.concat(added);
    if (pending.length > PENDING_MAX) {
      // Keep the page's memory and work bounded in a flood: the oldest waiting rooms are
      // dropped here and come back, ranked, from the server when the moderator reveals.
      const drop = pending.length - PENDING_MAX;
      if (dropped === s.dropped) dropped = new Set(dropped);
      for (const id of pending.slice(0, drop)) {
        delete byId[id];
        (dropped as Set<string>).add(id);
      }
      pending = pending.slice(drop);
    }
  }
  const total = Math.max(0, s.total + added.length - cameBack - removed.size - leftUnseen);
  return { ...s, byId, order, pending, dropped, gone: pruneGone(gone), total };
}

/** Merges a fresh snapshot (after load, refetch or reconnect) into what the page shows. */
export function mergeSnapshot(prev: WallState | undefined, key: string, rooms: WallRoom[], total: number, at: number): WallState {
  if (!prev || prev.key !== key || prev.order.length + prev.pending.length === 0) {
    const byId: Record<string, WallRoom> = {};
    for (const r of rooms) byId[r.id] = r;
    return { key, byId, order: rooms.map((r) => r.id), pending: [], gone: prev?.key === key ? prev.gone : {}, total, at, dropped: new Set() };
  }
  const inSnapshot = new Set(rooms.map((r) => r.id));
  // Rooms the page shows that the snapshot no longer has have left the wall meanwhile.
  const removes = [...prev.order, ...prev.pending].filter((id) => !inSnapshot.has(id)).map((id) => ({ id, version: prev.byId[id]?.version ?? 0 }));
  const next = applyDiff(prev, { upserts: rooms, removes });
  return { ...next, total, at };
}

/** Shows the waiting rooms: everything sorted by risk again. */
export function revealPending(s: WallState): WallState {
  const ids = [...s.order, ...s.pending];
  const order = ids
    .map((id) => s.byId[id])
    .filter(Boolean)
    .sort(byRisk)
    .map((r) => r.id);
  return { ...s, order, pending: [] };
}

/** The database's count for the filter, when it is newer than what the page has. */
export function applyTotal(s: WallState, total: number, at: number): WallState {
  return at >= s.at ? { ...s, total, at } : s;
}

/** Optimistic removal when this page acts on rooms (the server diff then confirms it). */
export function removeLocally(s: WallState, ids: string[]): WallState {
  return applyDiff(s, { upserts: [], removes: ids.map((id) => ({ id, version: s.byId[id]?.version ?? 0 })) });
}

function pruneGone(g: Record<string, number>) {
  const keys = Object.keys(g);
  if (keys.length <= GONE_MAX) return g;
  const keep = keys.slice(keys.length - GONE_MAX / 2);
  return Object.fromEntries(keep.map((k) => [k, g[k]]));
}
