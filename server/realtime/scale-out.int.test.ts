import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startRedis } from "../test/redis-server";
import { makeEvent } from "../test/events";
import { createUser } from "../auth/users";
import { ingestEvents } from "../ingest/ingest-flags";
import { startTestServer, TEST_ORIGIN } from "../test/test-server";
import { decodeDiff, type WireDiff } from "../contracts/wall-wire";

let t: TestDb;
let redis: Awaited<ReturnType<typeof startRedis>>;
let servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
let cookie = "";

beforeAll(async () => {
  t = await createTestDb();
  redis = await startRedis();
  // Two server processes' worth of console on one database and one Redis.
  servers = [await startTestServer(t, { REDIS_URL: redis.url }), await startTestServer(t, { REDIS_URL: redis.url })];
  await createUser(t.db, null, { email: "mod@scale.test", name: "Mod", role: "MODERATOR", password: "scale-out-password" });
  cookie = await servers[0].signIn("mod@scale.test", "scale-out-password");
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await redis.stop();
  await t.close();
});

describe("scale-out through Redis", () => {
  it("an event ingested on server A reaches a wall subscriber on server B", async () => {
    const [a, b] = servers;
    const socket: Socket = connect(b.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: TEST_ORIGIN } });
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", resolve);
      socket.on("connect_error", reject);
    });
    const ack = await socket.emitWithAck("wall:subscribe", {});
    expect(ack.ok).toBe(true);

    const diff = new Promise<ReturnType<typeof decodeDiff>>((resolve) =>
      socket.on("wall:diff", (w: WireDiff) => {
        const d = decodeDiff(w);
        if (d.upserts.some((u) => u.id === "scale-room")) resolve(d);
      }),
    );
    const out = await ingestEvents({ pool: t.pool }, "s", [makeEvent({ roomId: "scale-room", accountId: "scale-acct" })]);
    a.runtime.services.onIngested(out); // only server A knows about this change
    const got = await diff;
    // Decoded on B from the compact form A shared over Redis, then re-encoded for B's socket.
    expect(got.upserts.find((u) => u.id === "scale-room")).toMatchObject({ accountId: "scale-acct", status: "LIVE", flagCount: 1 });
    expect(b.runtime.internals.hub.metrics.flushes).toBeGreaterThan(0);
    socket.close();
  });

  it("one process counts wall totals and stats for the walls of every process; another takes over when it stops", async () => {
    const [a, b] = servers;
    const open = async (url: string) => {
      const s: Socket = connect(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: TEST_ORIGIN } });
      await new Promise<void>((r) => s.on("connect", r));
      const totals: number[] = [];
      let stats = 0;
      s.on("wall:total", (p: { total: number }) => totals.push(p.total));
      s.on("wall:stats", () => stats++);
      expect((await s.emitWithAck("wall:subscribe", { q: "lease-room" })).ok).toBe(true);
      return { s, totals, stats: () => stats };
    };
    const onA = await open(a.url);
    const onB = await open(b.url);
    const out = await ingestEvents({ pool: t.pool }, "s", [makeEvent({ roomId: "lease-room", accountId: "lease-acct" })]);
    await a.runtime.services.onIngested(out);
    // Both walls hear the count (every 2 s after a change), wherever it was made, and the stats (every second).
    await vi.waitFor(() => expect([onA.totals.at(-1), onB.totals.at(-1), onA.stats() > 0, onB.stats() > 0]).toEqual([1, 1, true, true]), { timeout: 8000 });
    const hubs = servers.map((s) => s.runtime.internals.hub);
    expect(hubs.filter((h) => h.countsForAll)).toHaveLength(1);
    // The counting process stops (as one that dies): the other takes the lease and the walls keep their counts.
    const counter = hubs.findIndex((h) => h.countsForAll);
    hubs[counter].stop();
    const other = hubs[1 - counter];
    await vi.waitFor(() => expect(other.countsForAll).toBe(true), { timeout: 8000 });
    const survivor = counter === 0 ? onB : onA;
    const heard = survivor.totals.length;
    await vi.waitFor(
      async () => {
        await other.pushTotals(true);
        expect(survivor.totals.length).toBeGreaterThan(heard);
      },
      { timeout: 8000, interval: 300 },
    );
    expect(survivor.totals.at(-1)).toBe(1);
    onA.s.close();
    onB.s.close();
  });

  it("refuses an anonymous socket and a bad subscription filter", async () => {
    const anon = connect(servers[1].url, { path: "/socket.io", transports: ["websocket"], reconnection: false });
    const err = await new Promise<Error>((r) => anon.on("connect_error", r));
    expect(err.message).toBe("unauthorized");
    anon.close();
    const s = connect(servers[1].url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: TEST_ORIGIN } });
    await new Promise<void>((r) => s.on("connect", r));
    const bad = await s.emitWithAck("wall:subscribe", { minScore: "high", extra: 1 });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/minScore/);
    s.close();
  });
});
