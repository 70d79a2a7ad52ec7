import { rmSync } from "node:fs";
import pg from "pg";
import { appendFileSync, mkdirSync } from "node:fs";
import { startConsole, stopEmbeddedPostgres, type ConsoleProcess } from "../scripts/console-process";
import { expect, hotEvent, test } from "./fixtures";

// Ports of its own (not the e2e web server's), configurable so two checkouts can run side by side.
const PORT = Number(process.env.CRASH_PORT ?? 3150);
const PG_PORT = Number(process.env.CRASH_PG_PORT ?? 54359);
const URL_ = `http://localhost:${PORT}`;
const TOKEN = "crash-ingest-token-0123456789";
const DATA_DIR = ".data/crash";

/** A second server of our own (the build from the e2e web server), to kill -9 mid-burst. */
function startServer(logPath: string): Promise<ConsoleProcess> {
  return startConsole({
    name: "crash-test server",
    entry: "server.ts",
    url: URL_,
    logPath,
    startTimeoutMs: 60_000,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      FLOODWALL_DATA_DIR: DATA_DIR,
      EMBEDDED_PG_PORT: String(PG_PORT),
      FLOODWALL_DEMO_TRAFFIC: "off",
      FLOODWALL_INGEST_TOKEN: TOKEN,
      SIGNIN_RATE_PER_MINUTE: "1000",
    },
  });
}

test("kill -9 during a 10× ingest burst: every event that got a 2xx is in Postgres after restart", async () => {
  test.setTimeout(180_000);
  const testInfo = test.info();
  rmSync(DATA_DIR, { recursive: true, force: true });
  let server = await startServer(testInfo.outputPath("server-1.log"));
  try {
    // Ten senders, each posting batches of 500 as fast as the server answers.
    const acknowledged = new Set<string>();
    let stop = false;
    let n = 0;
    const sender = async (s: number) => {
      while (!stop) {
        const events = Array.from({ length: 500 }, () => {
          const i = n++;
          return hotEvent(`crash-room-${i % 4000}`, { eventId: `crash-${s}-${i}` });
        });
        try {
          const res = await fetch(`${URL_}/api/ingest/flags`, {
            method: "POST",
            headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
            body: JSON.stringify({ events }),
          });
          if (res.status === 202) for (const e of events) acknowledged.add(e.eventId);
        } catch {
          /* the server died mid-request: no 2xx, no promise */
        }
      }
    };
    const senders = Array.from({ length: 10 }, (_, s) => sender(s));
    await expect.poll(() => acknowledged.size, { timeout: 60_000 }).toBeGreaterThan(20_000);
    await server.kill9();
    stop = true;
    await Promise.all(senders);
    const before = acknowledged.size;

    server = await startServer(testInfo.outputPath("server-2.log")); // takes over the orphaned Postgres, recovers, migrates
    const db = new pg.Client({ host: "127.0.0.1", port: PG_PORT, user: "postgres", password: "floodwall-embedded", database: "floodwall" });
    await db.connect();
    const stored = await db.query<{ eventId: string }>(`SELECT "eventId" FROM flags WHERE "eventId" = ANY($1::text[])`, [[...acknowledged]]);
    const missing = before - stored.rowCount!;
    const dupes = (await db.query(`SELECT count(*)::int AS n FROM (SELECT "eventId" FROM flags GROUP BY "senderId", "eventId" HAVING count(*) > 1) d`)).rows[0]
      .n;
    await db.end();
    await server.stop();
    expect(missing).toBe(0);
    expect(dupes).toBe(0);
    mkdirSync("test-results", { recursive: true });
    appendFileSync(
      "test-results/reliability.txt",
      `crash safety: server killed with SIGKILL during a burst from 10 concurrent senders after ${before.toLocaleString("en-US")} events were acknowledged (2xx); after restart ${missing} of them were missing and ${dupes} stored twice\n`,
    );
  } finally {
    // Whatever failed, nothing of ours stays running: the server, and a Postgres a crash left behind.
    await server.stop();
    stopEmbeddedPostgres(`${DATA_DIR}/pg`);
  }
});
