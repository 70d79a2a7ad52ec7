// Figure 1: ingest throughput through POST /api/ingest/flags, and in the same run the raw
// insert limit of the same database: the same number of rows (same shape, fresh ids) written
// with COPY FROM STDIN, and once more with one INSERT ... SELECT FROM unnest per table.
import pg from "pg";
import { postIngest } from "./client";
import { copyFrom, copyLine } from "./copy";
import { batchBody, benchEvent, type Shape } from "./events";
import { cpuSince, cpuSnapshot, type BenchServer } from "./server";
import { nowMs, round } from "./stats";
import type { IngestEventInput } from "../server/contracts/ingest";

export const INGEST_SHAPE: Shape = { flagsPerRoom: 4, roomsPerAccount: 2 };
export const BATCH = 1000;

export interface IngestParams {
  seconds: number;
  concurrency: number;
  /** Upper bound of events/s the pre-built bodies can feed; the run ends early past it. */
  maxRate: number;
}

export interface IngestRun {
  events: number;
  seconds: number;
  eventsPerSec: number;
  requests: number;
  failedRequests: number;
  copyRows: { accounts: number; rooms: number; flags: number };
  copySeconds: number;
  copyRowsPerSec: number;
  unnestSeconds: number;
  unnestRowsPerSec: number;
  ratio: number;
  cpuSeconds: Record<string, number>;
}

/** A few batches first so JIT, pool connections and caches are warm before anything is timed. */
export async function warmIngest(s: BenchServer, tag: string) {
  for (let i = 0; i < 5; i++) await postIngest(s, batchBody(tag, i * BATCH, BATCH, INGEST_SHAPE));
}

export interface SendResult {
  events: number;
  requests: number;
  failed: number;
  seconds: number;
  /** Sum of the requests' round trips (ms), for the mean POST time. */
  postMsTotal: number;
}

/** Sends pre-serialized bodies from `concurrency` lanes until they run out or `seconds` pass. */
export async function sendBodies(s: BenchServer, bodies: string[], seconds: number, concurrency: number): Promise<SendResult> {
  let next = 0;
  let events = 0;
  let requests = 0;
  let failed = 0;
  let postMsTotal = 0;
  const t0 = nowMs();
  const deadline = t0 + seconds * 1000;
  let tEnd = t0;
  const lane = async () => {
    while (next < bodies.length && nowMs() < deadline) {
      const body = bodies[next++];
      const t = nowMs();
      const a = await postIngest(s, body).catch(() => null);
      tEnd = nowMs();
      postMsTotal += tEnd - t;
      requests++;
      if (a?.status !== 202) failed++;
      else events += a.accepted;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { events, requests, failed, seconds: (tEnd - t0) / 1000, postMsTotal };
}

export async function ingestRun(s: BenchServer, tag: string, p: IngestParams): Promise<IngestRun> {
  // Bodies are serialized before the clock starts so the sender's CPU goes to sending.
  const count = Math.ceil((p.seconds * p.maxRate) / BATCH);
  const bodies = Array.from({ length: count }, (_, i) => batchBody(tag, i * BATCH, BATCH, INGEST_SHAPE));
  const cpu0 = cpuSnapshot({ server: s.wrapperPid, harness: process.pid });
  const { events, requests, failed, seconds } = await sendBodies(s, bodies, p.seconds, p.concurrency);
  const cpuSeconds = cpuSince(cpu0, cpuSnapshot({ server: s.wrapperPid, harness: process.pid }));
  if (events === 0) throw new Error(`ingest: nothing accepted (${failed} of ${requests} requests failed)`);

  const raw = await rawBaselines(s, tag, events);
  return {
    events,
    seconds: round(seconds),
    eventsPerSec: round(events / seconds, 0),
    requests,
    failedRequests: failed,
    ...raw,
    ratio: round(events / seconds / raw.copyRowsPerSec),
    cpuSeconds,
  };
}

interface Rows {
  accounts: IngestEventInput["account"][];
  rooms: (IngestEventInput["room"] & { accountId: string })[];
  flags: IngestEventInput[];
}

function rowsFor(tag: string, n: number): Rows {
  const at = new Date().toISOString();
  const flags = Array.from({ length: n }, (_, k) => benchEvent(tag, k, INGEST_SHAPE, at));
  const accounts = new Map<string, Rows["accounts"][number]>();
  const rooms = new Map<string, Rows["rooms"][number]>();
  for (const e of flags) {
    accounts.set(e.account.id, e.account);
    rooms.set(e.room.id, { ...e.room, accountId: e.account.id });
  }
  return { accounts: [...accounts.values()], rooms: [...rooms.values()], flags };
}

/** The same number of events as the HTTP phase accepted, written straight into the tables. */
async function rawBaselines(s: BenchServer, tag: string, n: number) {
  const client = new pg.Client({ connectionString: s.pgUrl });
  await client.connect();
  try {
    const sender = await client.query<{ senderId: string }>(`SELECT "senderId" FROM flags WHERE "eventId" = $1`, [`${tag}-e0`]);
    const senderId = sender.rows[0]?.senderId;
    if (!senderId) throw new Error("ingest: the HTTP phase's first event is not in the flags table");

    // COPY: lines are built before timing, as the HTTP bodies were.
    const c = rowsFor(`${tag}c`, n);
    const acc = c.accounts.map((a) => copyLine([a.id, a.handle, a.displayName, a.registeredAt, a.realNameVerified, a.deviceId, a.ip, a.phoneHash]));
    const rms = c.rooms.map((r) => copyLine([r.id, r.accountId, r.title, r.category, r.thumbnailUrl, r.startedAt, r.viewerCount, r.viewerCount]));
    const fl = c.flags.map((e) =>
      copyLine([senderId, e.eventId, e.source, e.label, e.score, e.occurredAt, e.room.id, e.account.id, e.evidence?.url, e.evidence?.text]),
    );
    const t0 = nowMs();
    await client.query("BEGIN");
    const copied = {
      accounts: await copyFrom(
        client,
        `COPY platform_accounts (id, handle, "displayName", "registeredAt", "realNameVerified", "deviceId", ip, "phoneHash") FROM STDIN`,
        acc,
      ),
      rooms: await copyFrom(
        client,
        `COPY live_rooms (id, "accountId", title, category, "thumbnailUrl", "startedAt", "viewerCount", "peakViewers") FROM STDIN`,
        rms,
      ),
      flags: await copyFrom(
        client,
        `COPY flags ("senderId", "eventId", source, label, score, "occurredAt", "roomId", "accountId", "evidenceUrl", "evidenceText") FROM STDIN`,
        fl,
      ),
    };
    await client.query("COMMIT");
    const copySeconds = (nowMs() - t0) / 1000;
    if (copied.flags !== n) throw new Error(`COPY wrote ${copied.flags} flags, expected ${n}`);

    // unnest: one plain INSERT per table, the statement shape the ingest path uses, minus upserts.
    const u = rowsFor(`${tag}u`, n);
    const t1 = nowMs();
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO platform_accounts (id, handle, "displayName", "registeredAt", "realNameVerified", "deviceId", ip, "phoneHash")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bool[], $6::text[], $7::text[], $8::text[])`,
      [
        u.accounts.map((a) => a.id),
        u.accounts.map((a) => a.handle),
        u.accounts.map((a) => a.displayName ?? null),
        u.accounts.map((a) => a.registeredAt),
        u.accounts.map((a) => a.realNameVerified),
        u.accounts.map((a) => a.deviceId ?? null),
        u.accounts.map((a) => a.ip ?? null),
        u.accounts.map((a) => a.phoneHash ?? null),
      ],
    );
    await client.query(
      `INSERT INTO live_rooms (id, "accountId", title, category, "thumbnailUrl", "startedAt", "viewerCount", "peakViewers")
       SELECT id, acc, title, cat, thumb, started, v, v FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[]) AS u(id, acc, title, cat, thumb, started, v)`,
      [
        u.rooms.map((r) => r.id),
        u.rooms.map((r) => r.accountId),
        u.rooms.map((r) => r.title),
        u.rooms.map((r) => r.category ?? null),
        u.rooms.map((r) => r.thumbnailUrl ?? null),
        u.rooms.map((r) => r.startedAt),
        u.rooms.map((r) => r.viewerCount),
      ],
    );
    const f = u.flags;
    await client.query(
      `INSERT INTO flags ("senderId", "eventId", source, label, score, "occurredAt", "roomId", "accountId", "evidenceUrl", "evidenceText")
       SELECT $1, e, s::"FlagSource", l::"FlagLabel", sc, o, r, a, eu, et
       FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[]) AS u(e, s, l, sc, o, r, a, eu, et)`,
      [
        senderId,
        f.map((e) => e.eventId),
        f.map((e) => e.source),
        f.map((e) => e.label),
        f.map((e) => e.score),
        f.map((e) => e.occurredAt),
        f.map((e) => e.room.id),
        f.map((e) => e.account.id),
        f.map((e) => e.evidence?.url ?? null),
        f.map((e) => e.evidence?.text ?? null),
      ],
    );
    await client.query("COMMIT");
    const unnestSeconds = (nowMs() - t1) / 1000;
    return {
      copyRows: copied,
      copySeconds: round(copySeconds),
      copyRowsPerSec: round(n / copySeconds, 0),
      unnestSeconds: round(unnestSeconds),
      unnestRowsPerSec: round(n / unnestSeconds, 0),
    };
  } finally {
    await client.end();
  }
}
