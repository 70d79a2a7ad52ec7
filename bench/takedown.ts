// Figure 3: mass takedown. N fresh live rooms are flagged through the ingest API until a
// subscribed moderator socket shows them all; a shift lead previews and confirms a manual batch
// of exactly those rooms. Commit = confirm sent → the socket received removals for every room;
// complete = confirm sent → takedown.progress reports nothing pending (polled every 200 ms).
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { DEMO, pool, postIngest, signIn, trpc } from "./client";
import { batchBody, roomsOf, type Shape } from "./events";
import { cpuSince, cpuSnapshot, type BenchServer } from "./server";
import type { WireDiff } from "../server/contracts/wall-wire";
import { nowMs, round, sleep, waitUntil } from "./stats";

const SHAPE: Shape = { flagsPerRoom: 1, roomsPerAccount: 1 };

export interface TakedownRun {
  rooms: number;
  /** Confirm sent → the tRPC confirm answered (the transaction committed). */
  confirmAnsweredS: number;
  /** Confirm sent → every room's removal received by the subscribed socket. */
  commitS: number;
  /** Confirm sent → progress.pending == 0. */
  completeS: number;
  delivered: number;
  failed: number;
  /** Rows in sim_platform_calls (room.end) for these rooms: the platform's own count. */
  platformCalls: number;
  enforcementRatePerSec: number;
  cpuSeconds: Record<string, number>;
}

interface Progress {
  status: string;
  total: number;
  done: number;
  failed: number;
  pending: number;
}

export async function takedownRun(s: BenchServer, tag: string, rooms: number, completeTimeoutMs: number, ratePerSec: number): Promise<TakedownRun> {
  const [modCookie, leadCookie] = await Promise.all([signIn(s, DEMO.MODERATOR), signIn(s, DEMO.LEAD)]);
  const socket: Socket = io(s.url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { cookie: modCookie, origin: s.origin },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (e) => reject(new Error(`takedown socket: ${e.message}`)));
    });
    const onWall = new Set<string>();
    const removed = new Set<string>();
    let lastRemovalAt = 0;
    // The compact wire form (server/wall/wire.ts): u = upserted rooms (id first), r = [id, version] removals.
    socket.on("wall:diff", (d: WireDiff) => {
      for (const u of d.u) onWall.add(String(u[0]));
      for (const [id] of d.r) {
        if (onWall.has(id) && !removed.has(id)) {
          removed.add(id);
          lastRemovalAt = nowMs();
        }
      }
    });
    const ack = (await socket.timeout(15_000).emitWithAck("wall:subscribe", {})) as { ok: boolean; error?: string };
    if (!ack.ok) throw new Error(`wall:subscribe refused: ${ack.error}`);

    // The rooms go live and flagged through the real ingest path, 1,000 per request.
    const batches = Array.from({ length: Math.ceil(rooms / 1000) }, (_, i) => ({ from: i * 1000, n: Math.min(1000, rooms - i * 1000) }));
    await pool(batches, 4, async (b) => {
      const a = await postIngest(s, batchBody(tag, b.from, b.n, SHAPE));
      if (a.status !== 202 || a.accepted !== b.n) throw new Error(`takedown setup: ingest answered ${a.status} (${a.accepted} of ${b.n})`);
    });
    const ids = roomsOf(tag, 0, rooms, SHAPE);
    if (!(await waitUntil(() => ids.every((id) => onWall.has(id)), 60_000, 100))) {
      throw new Error(`takedown setup: only ${ids.filter((id) => onWall.has(id)).length} of ${rooms} rooms reached the wall`);
    }
    await sleep(500); // let the wall hub go idle so the clock measures the takedown alone

    const preview = await trpc<{ batchId: string; count: number }>(
      s,
      leadCookie,
      "takedown.preview",
      { selection: { kind: "manual", roomIds: ids } },
      "mutation",
    );
    if (preview.count !== rooms) throw new Error(`takedown.preview counted ${preview.count} rooms, expected ${rooms}`);

    const cpu0 = cpuSnapshot({ server: s.wrapperPid, harness: process.pid });
    const t0 = nowMs();
    const confirm = await trpc<{ status: string }>(
      s,
      leadCookie,
      "takedown.confirm",
      { batchId: preview.batchId, reason: "Policy: bench", banAccounts: false, endOtherRooms: false },
      "mutation",
    );
    const confirmAnsweredS = (nowMs() - t0) / 1000;
    if (confirm.status !== "RUNNING" && confirm.status !== "COMPLETED") throw new Error(`takedown.confirm: status ${confirm.status}`);

    const gone = () => ids.every((id) => removed.has(id));
    // Removal times are stamped by the socket handler; only delivery progress needs polling.
    let progress: Progress | null = null;
    let completeAt = 0;
    const deadline = t0 + completeTimeoutMs;
    while (nowMs() < deadline) {
      progress = await trpc<Progress>(s, leadCookie, "takedown.progress", { batchId: preview.batchId }, "query");
      if (progress.pending === 0) {
        completeAt = nowMs();
        break;
      }
      await sleep(200);
    }
    await waitUntil(gone, Math.max(0, deadline - nowMs()), 20);
    const cpuSeconds = cpuSince(cpu0, cpuSnapshot({ server: s.wrapperPid, harness: process.pid }));
    if (!gone()) throw new Error(`takedown: ${removed.size} of ${rooms} rooms left the wall within ${completeTimeoutMs / 1000} s`);
    if (!completeAt || !progress) throw new Error(`takedown: delivery still pending after ${completeTimeoutMs / 1000} s (${JSON.stringify(progress)})`);

    return {
      rooms,
      confirmAnsweredS: round(confirmAnsweredS),
      commitS: round((lastRemovalAt - t0) / 1000),
      completeS: round((completeAt - t0) / 1000),
      delivered: progress.done,
      failed: progress.failed,
      platformCalls: await platformCalls(s, ids),
      enforcementRatePerSec: ratePerSec,
      cpuSeconds,
    };
  } finally {
    socket.close();
  }
}

async function platformCalls(s: BenchServer, ids: string[]): Promise<number> {
  const c = new pg.Client({ connectionString: s.pgUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM sim_platform_calls WHERE kind = 'room.end' AND "roomId" = ANY($1::text[])`, [ids]);
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}
