import type { Pool } from "../db/pool";
import type { IO } from "./io";
import { countWall, loadRoomsByIds } from "../wall/load-rooms";
import { matchesFilter } from "../wall/filter";
import { computeWallStats } from "../wall/stats";
import { filterKey, type WallFilter, type WallRoom } from "../contracts/wall";
import { decodeRoom, encodeRoom, type WireRoom } from "../contracts/wall-wire";
import { errField, logger } from "../observability/log";
import { Lease } from "./lease";

const log = logger("wall");

type Sock = { id: string; data: { wallKey?: string }; join(room: string): unknown; leave(room: string): unknown };

/**
 * Coalesces wall changes: ids marked changed are loaded together and sent, per distinct
 * subscriber filter, as one diff (upserts that match, removals for the rest). A flush starts as
 * soon as something is marked, but at most once per `flushMs` (50 ms): a quiet wall answers at
 * once and a flood is sent in a few diffs a second, never one per ingest batch.
 *
 * With several server processes (shared), Postgres does the same work per change however many
 * there are: the process that made a change loads and encodes the rooms once and publishes the
 * encoded rooms through the adapter; every process matches them against its own sockets'
 * filters and sends the same encoded rooms on. Wall totals and stats are counted by one process
 * for all (a lease: an advisory lock; another process takes over within a tick if it dies),
 * which hears every process's filter groups and broadcasts through the adapter.
 */
export class WallHub {
  private changed = new Set<string>();
  private groups = new Map<string, { filter: WallFilter; sockets: number }>();
  private timers: NodeJS.Timeout[] = [];
  private flushing = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private stopped = false;
  /** Groups whose rooms changed since their total was last counted. */
  private dirty = new Set<string>();
  private counting = false;
  private lastFullCount = 0;
  /** shared: the filter groups of every process (reported each totals tick), counted by the lease holder. */
  private known = new Map<string, { filter: WallFilter; until: number }>();
  /** shared: a wall change passed through here since the last count. */
  private changedSinceCount = false;
  private lease: Lease | null;
  /** Counts for the benchmark and tests. */
  readonly metrics = { flushes: 0, roomsSent: 0 };

  constructor(
    private io: IO,
    private pool: Pool,
    /** shared: other server processes exist (Redis adapter), so changes are sent to them too. */
    private opts: {
      flushMs?: number;
      statsMs?: number;
      totalsMs?: number;
      shared?: boolean;
      /** After each flush that loaded rooms: how long it took and how many it loaded (metrics). */
      onFlushed?: (ms: number, rooms: number) => void;
    } = {},
  ) {
    this.lease = opts.shared ? new Lease(pool, "floodwall:wall-counts") : null;
  }

  /** Rooms marked changed and not yet flushed. */
  get queued(): number {
    return this.changed.size;
  }

  /** This process holds the lease and counts totals and stats for every process's walls (shared). */
  get countsForAll(): boolean {
    return this.lease?.held != null;
  }

  /** Sockets of this process subscribed to a wall. */
  get subscribers(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.sockets;
    return n;
  }

  start() {
    // Rooms another process loaded and encoded: decoded only to match filters, sent on as they came.
    this.io.on("wall:delta", (d) =>
      this.deliver(
        d.rooms.map((a) => decodeRoom(a, d.t)),
        d.t,
        d.rooms,
      ),
    );
    this.io.on("wall:removed", (d) => this.deliverRemovals(d.rooms));
    this.io.on("wall:groups", (d) => this.noteGroups(d.groups));
    this.timers.push(setInterval(() => void this.pushStats(), this.opts.statsMs ?? 1000));
    this.timers.push(setInterval(() => void this.pushTotals(), this.opts.totalsMs ?? 2000));
    for (const t of this.timers) t.unref();
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.lease?.drop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  markChanged(ids: Iterable<string>) {
    for (const id of ids) this.changed.add(id);
    this.schedule();
  }

  private schedule() {
    if (this.flushTimer || this.stopped || this.changed.size === 0) return;
    const wait = Math.max(0, this.lastFlushAt + (this.opts.flushMs ?? 50) - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, wait);
  }

  subscribe(socket: Sock, filter: WallFilter): string {
    this.unsubscribe(socket);
    const key = filterKey(filter);
    const g = this.groups.get(key) ?? { filter, sockets: 0 };
    g.sockets++;
    this.groups.set(key, g);
    socket.data.wallKey = key;
    void socket.join(`wall:${key}`);
    void socket.join("wall");
    return key;
  }

  unsubscribe(socket: Sock) {
    const key = socket.data.wallKey;
    if (!key) return;
    void socket.leave(`wall:${key}`);
    void socket.leave("wall");
    socket.data.wallKey = undefined;
    const g = this.groups.get(key);
    if (g && --g.sockets <= 0) this.groups.delete(key);
  }

  /**
   * Rooms that left every wall (takedown, dismiss): one diff of removals to every subscriber,
   * at once, whatever their filter — a 17,000-room batch leaves all walls in one update.
   */
  markRemoved(rooms: { id: string; version: number }[]) {
    if (rooms.length === 0) return;
    for (const r of rooms) this.changed.delete(r.id);
    if (this.opts.shared) this.io.serverSideEmit("wall:removed", { rooms });
    this.deliverRemovals(rooms);
  }

  private deliverRemovals(removes: { id: string; version: number }[]) {
    this.changedSinceCount = true;
    const t = Date.now();
    const r = removes.map((x): [string, number] => [x.id, x.version]);
    for (const key of this.groups.keys()) {
      this.dirty.add(key);
      this.io.local.to(`wall:${key}`).emit("wall:diff", { key, t, u: [], r });
    }
  }

  /**
   * Each group's total, counted by the database: every 2 s for groups whose rooms changed, and
   * every 15 s for all. Pages keep a running total from diffs between counts; this corrects what
   * a diff cannot know (rooms beyond what the page holds, changes made while it was away). With
   * several processes, each tells the others its groups and the lease holder counts them all.
   */
  async pushTotals(all = false) {
    if (this.counting) return;
    this.counting = true;
    try {
      const full = all || Date.now() - this.lastFullCount > 15_000;
      if (this.lease) return await this.pushSharedTotals(full);
      if (this.groups.size === 0) return;
      if (full) this.lastFullCount = Date.now();
      const keys = full ? [...this.groups.keys()] : [...this.dirty].filter((k) => this.groups.has(k));
      this.dirty.clear();
      for (const key of keys) {
        const g = this.groups.get(key);
        if (!g) continue;
        const at = Date.now();
        const total = await countWall(this.pool, g.filter, at);
        this.io.local.to(`wall:${key}`).emit("wall:total", { key, total, at });
      }
    } catch {
      /* the next tick tries again */
    } finally {
      this.counting = false;
    }
  }

  private noteGroups(groups: { key: string; filter: WallFilter }[]) {
    const until = Date.now() + 3 * (this.opts.totalsMs ?? 2000);
    for (const g of groups) this.known.set(g.key, { filter: g.filter, until });
  }

  private async pushSharedTotals(full: boolean) {
    const mine = [...this.groups].map(([key, g]) => ({ key, filter: g.filter }));
    if (mine.length) this.io.serverSideEmit("wall:groups", { groups: mine });
    this.noteGroups(mine);
    const now = Date.now();
    for (const [key, g] of this.known) if (g.until < now) this.known.delete(key);
    if (this.known.size === 0) return;
    const client = await this.lease!.acquire();
    if (!client) return;
    // Any change may touch any group: between full counts, every group is counted after any
    // change (at most one count per group and tick, whatever the number of processes).
    if (!full && !this.changedSinceCount) return;
    if (full) this.lastFullCount = now;
    this.changedSinceCount = false;
    try {
      for (const [key, g] of [...this.known]) {
        const at = Date.now();
        const total = await countWall(client, g.filter, at);
        this.io.to(`wall:${key}`).emit("wall:total", { key, total, at });
      }
    } catch (e) {
      this.lease!.drop();
      throw e;
    }
  }

  /** Loads and sends everything marked so far. Public so tests and shutdown can drain it. */
  async flush() {
    if (this.flushing || this.changed.size === 0) return;
    if (this.groups.size === 0 && !this.opts.shared) {
      // Nobody is watching a wall here (and no other process shares this one's changes): a
      // page that subscribes later loads a snapshot, so there is nothing to load or send.
      this.changed.clear();
      return;
    }
    this.flushing = true;
    this.lastFlushAt = Date.now();
    const started = performance.now();
    const ids = [...this.changed];
    this.changed.clear();
    try {
      for (let i = 0; i < ids.length; i += 5000) {
        const rooms = await loadRoomsByIds(this.pool, ids.slice(i, i + 5000));
        const t = Date.now();
        // Encoded once here; the other processes and this one's sockets all get these arrays.
        const wire = this.opts.shared && rooms.length ? rooms.map((r) => encodeRoom(r, t)) : undefined;
        if (wire) this.io.serverSideEmit("wall:delta", { t, rooms: wire });
        this.deliver(rooms, t, wire);
      }
      this.opts.onFlushed?.(performance.now() - started, ids.length);
    } catch (e) {
      // Keep the ids for the next tick rather than lose the update.
      for (const id of ids) this.changed.add(id);
      log.error({ err: errField(e), rooms: ids.length }, "wall flush failed; kept for the next one");
      this.lastFlushAt = Date.now() + 1000; // the database is struggling: try again in a second
    } finally {
      this.flushing = false;
      // Changes marked while this flush ran (or kept after a failure) go in the next one.
      this.schedule();
    }
  }

  /** Each room is encoded once (compact wire form, or as it came); each filter group gets its share as one diff. */
  private deliver(rooms: WallRoom[], t: number, encoded?: WireRoom[]) {
    if (rooms.length) this.changedSinceCount = true;
    if (rooms.length === 0 || this.groups.size === 0) return;
    const now = Date.now();
    this.metrics.flushes++;
    const wire: (WireRoom | undefined)[] = new Array(rooms.length);
    for (const [key, g] of this.groups) {
      const u: WireRoom[] = [];
      const r: [string, number][] = [];
      for (const [i, room] of rooms.entries()) {
        if (!matchesFilter(room, g.filter, now)) {
          r.push([room.id, room.version]);
          continue;
        }
        wire[i] ??= encoded?.[i] ?? encodeRoom(room, t);
        u.push(wire[i]);
      }
      this.metrics.roomsSent += u.length;
      this.dirty.add(key);
      this.io.local.to(`wall:${key}`).emit("wall:diff", { key, t, u, r });
    }
  }

  /** The wall's headline numbers every second: counted by the lease holder for every process when shared. */
  private async pushStats() {
    try {
      if (!this.lease) {
        if (this.groups.size === 0) return;
        this.io.local.to("wall").emit("wall:stats", await computeWallStats(this.pool));
        return;
      }
      const client = this.lease.held;
      if (!client || this.known.size === 0) return;
      try {
        this.io.to("wall").emit("wall:stats", await computeWallStats(client));
      } catch (e) {
        this.lease.drop();
        throw e;
      }
    } catch {
      /* the next tick tries again */
    }
  }
}
