import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startRedis } from "../test/redis-server";
import { makeEvent } from "../test/events";
import { createAuth } from "../auth/auth";
import { createUser } from "../auth/users";
import { startQueue, type Queue } from "../jobs/queue";
import { ingestEvents } from "../ingest/ingest-flags";
import { attachSocketServer } from "./socket-server";
import { startServices, type Services } from "../app/services";
import { parseEnv } from "../env";
import { decodeDiff, type WireDiff } from "../contracts/wall-wire";

const ORIGIN = "http://localhost:3999";
let t: TestDb;
let redis: Awaited<ReturnType<typeof startRedis>>;
let queue: Queue;
const servers: { http: Server; services: Services; close(): Promise<void>; url: string }[] = [];
let cookie = "";

async function startNode(rt: Parameters<typeof attachSocketServer>[1]) {
  const http = createServer();
  const rtm = await attachSocketServer(http, rt, { trustedOrigins: [ORIGIN], redisUrl: redis.url });
  const services = await startServices(rt.env, rtm.io, rt.pool, rt.db, rt.queue);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return { http, services, close: async () => (await services.stop(), await rtm.close()), url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  t = await createTestDb();
  redis = await startRedis();
  queue = await startQueue(t.config);
  const env = parseEnv({ DATABASE_URL: "postgresql://x@localhost/x", SESSION_SECRET: "s".repeat(40), REDIS_URL: redis.url });
  const auth = createAuth({ db: t.db, secret: "s".repeat(40), baseURL: ORIGIN, trustedOrigins: [ORIGIN] });
  const rt = { env, version: "test", db: t.db, pool: t.pool, healthPool: t.pool, auth, queue };
  servers.push(await startNode(rt), await startNode(rt));
  await createUser(t.db, null, { email: "mod@scale.test", name: "Mod", role: "MODERATOR", password: "scale-out-password" });
  const res = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-real-ip": "10.1.1.1" },
      body: JSON.stringify({ email: "mod@scale.test", password: "scale-out-password" }),
    }),
  );
  cookie = res.headers.get("set-cookie")!.split(";")[0];
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await queue.stop({ graceful: false }).catch(() => {});
  await redis.stop();
  await t.close();
});

describe("scale-out through Redis", () => {
  it("an event ingested on server A reaches a wall subscriber on server B", async () => {
    const [a, b] = servers;
    const socket: Socket = connect(b.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: ORIGIN } });
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
    a.services.onIngested(out); // only server A knows about this change
    const got = await diff;
    // Decoded on B from the compact form A shared over Redis, then re-encoded for B's socket.
    expect(got.upserts.find((u) => u.id === "scale-room")).toMatchObject({ accountId: "scale-acct", status: "LIVE", flagCount: 1 });
    expect(b.services.hub.metrics.flushes).toBeGreaterThan(0);
    socket.close();
  });

  it("refuses an anonymous socket and a bad subscription filter", async () => {
    const anon = connect(servers[1].url, { path: "/socket.io", transports: ["websocket"], reconnection: false });
    const err = await new Promise<Error>((r) => anon.on("connect_error", r));
    expect(err.message).toBe("unauthorized");
    anon.close();
    const s = connect(servers[1].url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: ORIGIN } });
    await new Promise<void>((r) => s.on("connect", r));
    const bad = await s.emitWithAck("wall:subscribe", { minScore: "high", extra: 1 });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/minScore/);
    s.close();
  });
});
