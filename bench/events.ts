// Deterministic ingest events for the benchmark. Ids carry a run tag so runs on one database
// never collide; the shape (flags per room, rooms per account) is explicit so the report can
// state it. Built here rather than with the simulator so generation costs little CPU.
import type { IngestEventInput } from "../server/contracts/ingest";

export interface Shape {
  /** Consecutive events share a room this many times (1 = every flag is a new room). */
  flagsPerRoom: number;
  /** Consecutive rooms share an account this many times. */
  roomsPerAccount: number;
}

const SOURCES = ["classifier", "user_report", "rule"] as const;
const LABELS = ["sexual", "violence", "gambling", "fraud", "spam", "hate"] as const;

export const roomId = (tag: string, room: number) => `${tag}-r${room}`;

/** 0 → "a", 25 → "z", 26 → "ba": handles without digits, so no two share a digit pattern. */
function letters(n: number): string {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** The k-th event of a run: room floor(k / flagsPerRoom), account floor(room / roomsPerAccount). */
export function benchEvent(tag: string, k: number, shape: Shape, at = new Date().toISOString()): IngestEventInput {
  const room = Math.floor(k / shape.flagsPerRoom);
  const acct = Math.floor(room / shape.roomsPerAccount);
  return {
    eventId: `${tag}-e${k}`,
    occurredAt: at,
    source: SOURCES[k % SOURCES.length],
    label: LABELS[room % LABELS.length],
    score: 0.6 + (k % 40) / 100,
    room: {
      id: roomId(tag, room),
      title: `Bench stream ${room} — free giveaway live now`,
      startedAt: at,
      viewerCount: 50 + (room % 900),
      category: "chat",
    },
    account: {
      id: `${tag}-a${acct}`,
      handle: `viewer_${letters(acct)}_${tag.toLowerCase().replace(/\d/g, (d) => letters(Number(d)))}`,
      registeredAt: "2026-11-01T00:00:00Z",
      realNameVerified: false,
      // Its own device, no IP and a handle without digits (so no shared "handle pattern"): the
      // clustering pass links no bench accounts, not even across runs. One giant "ring" would make
      // every figure depend on the clustering heuristics and re-send rooms as clusters grow.
      deviceId: `${tag}-d${acct}`,
    },
  };
}

/** Events [from, from + n) as one request body. */
export function batchBody(tag: string, from: number, n: number, shape: Shape): string {
  const at = new Date().toISOString();
  const events = new Array<IngestEventInput>(n);
  for (let i = 0; i < n; i++) events[i] = benchEvent(tag, from + i, shape, at);
  return JSON.stringify({ events });
}

/** Room ids touched by events [from, from + n). */
export function roomsOf(tag: string, from: number, n: number, shape: Shape): string[] {
  const out: string[] = [];
  let last = -1;
  for (let k = from; k < from + n; k++) {
    const r = Math.floor(k / shape.flagsPerRoom);
    if (r !== last) out.push(roomId(tag, r));
    last = r;
  }
  return out;
}
