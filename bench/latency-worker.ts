// A child process holding a share of the moderator sockets for the latency figures. The parent
// tells it when each room's flag was POSTed; every socket's first upsert of that room is one
// flag→screen sample. Separate processes so the sender's timers are not delayed by parsing.
import { io, type Socket } from "socket.io-client";
import { Decoder, Encoder, PacketType } from "socket.io-parser";
import { newHistogram, nowMs, record } from "./stats";

export type ToWorker =
  /** Open the sockets; sent again before each phase to replace them with fresh ones. */
  | { type: "connect"; sockets: { url: string; origin: string; cookie: string }[] }
  | { type: "posted"; t: number; rooms: string[] }
  | { type: "status" }
  | { type: "report" }
  | { type: "close" };

export type FromWorker =
  | { type: "connected"; sockets: number }
  | { type: "error"; message: string }
  /** lastDiffAt: when any wall:diff last arrived (quiet detection); connected: live sockets. */
  | { type: "status"; pending: number; lastDiffAt: number; connected: number; disconnects: string[] }
  /** Samples still pending at the report are counted as censored, at their age then (a lower bound). */
  | {
      type: "report";
      hist: [number, number][];
      samples: number;
      expected: number;
      extra: number;
      censored: number;
      lastAt: number;
      diffBytes: number;
      upserts: number;
    };

interface WallDiff {
  upserts: { id: string }[];
}

const DIFF_PREFIX = '2["wall:diff",';
// In the compact wire form (server/wall/wire.ts) an upserted room is an array that starts with
// its id and version; attacker text can only hold a quote escaped (\"), so the pattern cannot
// match inside a title.
const ID_RE = /\["([^"\\]*)",\d+,/g;
let diffBytes = 0;
let upsertsSeen = 0;
let lastDiffAt = 0;
/** Why sockets dropped (an overloaded server or client misses pings); they reconnect. */
const disconnects: string[] = [];

/** Room ids of recent diffs, by the diff's identity (see idsOf). */
const scanned = new Map<string, string[]>();

/**
 * Every socket subscribed to a filter receives the same diff text. Its head (filter key, the
 * server's clock when it was built, the first room) and its length identify it, so it is scanned
 * once per process rather than once per socket; each socket still receives, frames and decodes
 * its own copy, and its receipt time is its own.
 */
function idsOf(obj: string): string[] {
  const k = `${obj.length}:${obj.slice(0, 160)}`;
  const hit = scanned.get(k);
  if (hit) return hit;
  const end = obj.lastIndexOf('"r":[');
  const part = end < 0 ? obj : obj.slice(0, end);
  const ids: string[] = [];
  ID_RE.lastIndex = 0;
  for (let m = ID_RE.exec(part); m; m = ID_RE.exec(part)) ids.push(m[1]);
  scanned.set(k, ids);
  if (scanned.size > 256) scanned.delete(scanned.keys().next().value!);
  return ids;
}

/**
 * Two hundred sockets on the same two cores as the server cannot each build every room object
 * (the browser figure measures that real client work). wall:diff packets are decoded to the
 * room ids of their upserts with one pattern scan (shared by the sockets that received the same
 * diff); every other packet goes to socket.io's decoder.
 */
class LeanDecoder extends Decoder {
  override add(obj: unknown) {
    if (typeof obj !== "string" || !obj.startsWith(DIFF_PREFIX)) return super.add(obj);
    diffBytes += obj.length;
    lastDiffAt = nowMs();
    const upserts = idsOf(obj).map((id) => ({ id }));
    upsertsSeen += upserts.length;
    this.emitReserved("decoded", { type: PacketType.EVENT, nsp: "/", data: ["wall:diff", { upserts }] });
  }
}

const send = (m: FromWorker) => process.send!(m);
let sockets: Socket[] = [];
let hist = newHistogram();
let samples = 0;
let expected = 0;
let extra = 0;
let lastAt = 0;
/** Rooms posted and not yet seen by every socket: post time, sockets still to receive it and
 * which sockets have (a re-sent room must not count twice for one socket). */
const pending = new Map<string, { t: number; left: number; seen: Uint8Array }>();
/** Every room posted to this fleet: a later upsert of one that is no longer pending is a re-send. */
const posted = new Set<string>();
/** Receipts that raced ahead of the parent's "posted" message: [socket, time]. */
const early = new Map<string, [number, number][]>();

function onDiff(socket: number, d: WallDiff) {
  const at = nowMs();
  for (const r of d.upserts) {
    const p = pending.get(r.id);
    if (p) take(r.id, p, socket, at);
    else if (posted.has(r.id)) extra++;
    else if (early.size < 100_000) early.set(r.id, [...(early.get(r.id) ?? []), [socket, at]]);
  }
}

function take(id: string, p: { t: number; left: number; seen: Uint8Array }, socket: number, at: number) {
  if (p.seen[socket]) return void extra++;
  p.seen[socket] = 1;
  record(hist, at - p.t);
  samples++;
  lastAt = Math.max(lastAt, at);
  if (--p.left === 0) pending.delete(id);
}

/** Opens (or, called again, replaces) this process's sockets and subscribes each to the wall. */
async function connect(list: { url: string; origin: string; cookie: string }[]) {
  // Fresh connections for every phase: an old socket may still be owed a backlog (or a replay
  // after it reconnected) from the previous phase, which would be measured as this one's latency.
  for (const s of sockets) s.close();
  sockets = list.map((s) =>
    io(s.url, {
      path: "/socket.io",
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
      parser: { Encoder, Decoder: LeanDecoder },
      extraHeaders: { cookie: s.cookie, origin: s.origin },
    }),
  );
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve, reject) => {
          s.once("connect", () => resolve());
          s.once("connect_error", (e) => reject(new Error(`socket connect: ${e.message}`)));
        }),
    ),
  );
  for (const [i, s] of sockets.entries()) {
    const ack = (await s.timeout(15_000).emitWithAck("wall:subscribe", {})) as { ok: boolean; error?: string };
    if (!ack.ok) throw new Error(`wall:subscribe refused: ${ack.error}`);
    s.on("wall:diff", (d: WallDiff) => onDiff(i, d));
    s.on("disconnect", (reason) => void (reason !== "io client disconnect" && disconnects.push(reason))); // not our own close
    // An overloaded server or client can miss pings and drop the socket: it comes back and
    // subscribes again, as the console's page does (a phase waits until every socket is back).
    s.io.on("reconnect", () => void s.emit("wall:subscribe", {}, () => {}));
  }
}

process.on("message", (m: ToWorker) => {
  if (m.type === "connect") {
    connect(m.sockets).then(
      () => send({ type: "connected", sockets: sockets.length }),
      (e: unknown) => send({ type: "error", message: e instanceof Error ? e.message : String(e) }),
    );
  } else if (m.type === "posted") {
    // Only sockets connected now can receive the room; the others count as having it.
    const gone = sockets.map((s) => (s.connected ? 0 : 1));
    const live = sockets.length - gone.reduce((a: number, b) => a + b, 0);
    for (const id of m.rooms) {
      posted.add(id);
      if (live === 0) continue;
      const p = { t: m.t, left: live, seen: Uint8Array.from(gone) };
      expected += live;
      pending.set(id, p);
      for (const [socket, at] of early.get(id) ?? []) take(id, p, socket, at);
      early.delete(id);
    }
  } else if (m.type === "status") {
    let left = 0;
    for (const p of pending.values()) left += p.left;
    send({ type: "status", pending: left, lastDiffAt, connected: sockets.filter((s) => s.connected).length, disconnects: [...disconnects] });
  } else if (m.type === "report") {
    const at = nowMs();
    let censored = 0;
    for (const p of pending.values()) {
      censored += p.left;
      for (let i = 0; i < p.left; i++) record(hist, at - p.t);
    }
    const sparse: [number, number][] = [];
    for (let i = 0; i < hist.length; i++) if (hist[i]) sparse.push([i, hist[i]]);
    send({ type: "report", hist: sparse, samples, expected, extra, censored, lastAt, diffBytes, upserts: upsertsSeen });
    hist = newHistogram();
    samples = expected = extra = lastAt = diffBytes = upsertsSeen = 0;
    disconnects.length = 0;
    pending.clear();
    early.clear();
  } else if (m.type === "close") {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});

// The harness went away (crash or Ctrl-C): do not linger with open sockets.
process.on("disconnect", () => process.exit(0));
