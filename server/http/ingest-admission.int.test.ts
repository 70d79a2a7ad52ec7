import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer } from "../test/test-server";
import { makeEvent } from "../test/events";
import { POST } from "@/app/api/ingest/flags/route";

// Ingest beyond its budget is told to come back (429 + Retry-After) and nothing of it is stored:
// a 429 is never an acknowledgement, so a sender's retry loses nothing and doubles nothing.

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
const TOKEN = "admission-test-token-0123";

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t, { INGEST_MAX_CONCURRENT: "1", INGEST_MAX_QUEUED: "0", FLOODWALL_INGEST_TOKEN: TOKEN });
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

const post = (events: unknown[]) =>
  POST(
    new Request("http://localhost:3999/api/ingest/flags", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    }),
  );

describe("ingest admission", () => {
  it("over capacity: 429 with Retry-After and nothing stored; the same batch sent again is stored once", async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 300 }, (_, i) => makeEvent({ eventId: `adm-${b}-${i}`, roomId: `adm-r-${b}-${i}` })),
    );
    const answers = await Promise.all(batches.map((events) => post(events)));
    const statuses = answers.map((r) => r.status);
    expect(statuses).toContain(202);
    expect(statuses).toContain(429);
    const refused = answers.flatMap((r, i) => (r.status === 429 ? [i] : []));
    expect(answers[refused[0]].headers.get("retry-after")).toBe("1");
    expect((await answers[refused[0]].json()).error).toMatch(/nothing was stored/);
    const stored = async (b: number) =>
      (await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM flags WHERE "eventId" LIKE $1`, [`adm-${b}-%`])).rows[0].n;
    for (const b of refused) expect(await stored(b)).toBe(0);
    // The sender retries what was refused (one at a time): every event stored exactly once.
    for (const b of refused) expect((await post(batches[b])).status).toBe(202);
    const total = (await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM flags WHERE "eventId" LIKE 'adm-%'`)).rows[0].n;
    expect(total).toBe(6 * 300);
  });
});
