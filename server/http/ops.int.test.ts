import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer, TEST_ORIGIN } from "../test/test-server";
import { makeEvent } from "../test/events";
import { createUser } from "../auth/users";
import { createRule, setRuleMode } from "../rules/manage";
import { enforceRooms } from "../enforcement/enforce-rooms";
import type { Actor } from "../contracts/actor";
import { captureLogs, logger } from "../observability/log";
import { createPool } from "../db/pool";
import { readiness } from "./ops";
import { POST } from "@/app/api/ingest/flags/route";

// /metrics scraped from a running console (the same start-up as the server): every documented
// metric is there and moves with the work it measures; who may read it; liveness and readiness;
// request ids in headers and in the log lines written while a request is handled.

const TOKEN = "ops-test-ingest-token-0123";
const pageLog = logger("ops-test-page");
let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
let lead: Actor;

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(
    t,
    // One batch stored at a time and none waiting: concurrent batches get 429.
    { FLOODWALL_INGEST_TOKEN: TOKEN, INGEST_MAX_CONCURRENT: "1", INGEST_MAX_QUEUED: "0" },
    {
      // Stands in for Next: logs from inside the request after an await, as a route handler would.
      pages: {
        dev: false,
        handle: async (req, res) => {
          await new Promise((r) => setImmediate(r));
          pageLog.info({ url: req.url }, "inside a page");
          res.writeHead(200, { "content-type": "text/plain" }).end("page");
        },
      },
    },
  );
  const u = await createUser(t.db, null, { email: "lead@ops.test", name: "Lead", role: "SHIFT_LEAD", password: "ops-test-password" });
  lead = { id: u.id, email: u.email, role: "SHIFT_LEAD", origin: "127.0.0.1" };
}, 60_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** Prometheus text → series ("name{labels}") → value. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The sum of a metric's series whose labels include all of `labels`; undefined when it has none. */
function value(m: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const [series, v] of m) {
    const brace = series.indexOf("{");
    if ((brace < 0 ? series : series.slice(0, brace)) !== name) continue;
    if (!Object.entries(labels).every(([k, l]) => series.includes(`${k}="${l}"`))) continue;
    sum = (sum ?? 0) + v;
  }
  return sum;
}

async function scrape(url = server.url, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  const text = await res.text();
  return { text, m: parse(text) };
}

const post = (events: unknown[]) =>
  POST(
    new Request("http://localhost:3999/api/ingest/flags", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    }),
  );

const DOCUMENTED = [
  "floodwall_info",
  "floodwall_http_requests_total",
  "floodwall_ingest_requests_total",
  "floodwall_ingest_events_total",
  "floodwall_ingest_request_duration_seconds",
  "floodwall_wall_flush_duration_seconds",
  "floodwall_wall_flushed_rooms_total",
  "floodwall_wall_changed_rooms",
  "floodwall_wall_rooms_sent_total",
  "floodwall_wall_subscribers",
  "floodwall_sockets_connected",
  "floodwall_delivery_decisions_total",
  "floodwall_delivery_pending_decisions",
  "floodwall_job_queue_jobs",
  "floodwall_cluster_pass_duration_seconds",
  "floodwall_cluster_accounts_processed_total",
  "floodwall_rules_flags_judged_total",
  "floodwall_rules_hits_total",
  "floodwall_rules_actions_total",
  "floodwall_rules_evaluate_duration_seconds",
  "floodwall_rules_enabled",
  "process_cpu_seconds_total",
  "process_resident_memory_bytes",
  "nodejs_eventloop_lag_seconds",
  "nodejs_heap_size_used_bytes",
];

describe("GET /metrics", () => {
  it("lists every documented metric", async () => {
    const { text } = await scrape();
    const missing = DOCUMENTED.filter((name) => !text.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
    expect(value(parse(text), "floodwall_info", { role: "all", version: "test" })).toBe(1);
  });

  it("moves with ingest, walls, sockets, clustering, rules and delivery", async () => {
    const { id: ruleId } = await createRule(server.runtime.services.rules, lead, {
      name: "metrics shadow rule",
      description: "",
      expression: 'event.label == "sexual"',
      action: { kind: "FLAG_FOR_REVIEW" },
      ceilingPerMin: 1000,
    });
    await setRuleMode(server.runtime.services.rules, lead, ruleId, "SHADOW", "count hits");
    await server.runtime.services.rules.engine.refresh();
    const cookie = await server.signIn("lead@ops.test", "ops-test-password");
    const socket: Socket = connect(server.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: TEST_ORIGIN } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", resolve);
        socket.on("connect_error", reject);
      });
      expect((await socket.emitWithAck("wall:subscribe", {})).ok).toBe(true);
      const before = (await scrape()).m;

      // 20 flags on rooms of accounts sharing a device (so the cluster worker links them).
      const batch = Array.from({ length: 20 }, (_, i) =>
        makeEvent({ eventId: `m-${i}`, roomId: `m-room-${i}`, accountId: `m-acct-${i}`, deviceId: "m-device" }),
      );
      expect((await post(batch)).status).toBe(202);
      // One replayed event and one invalid one.
      expect((await post([batch[0], { eventId: "m-bad" }])).status).toBe(202);
      // Batches at once beyond capacity: some are refused with 429.
      const burst = await Promise.all(
        Array.from({ length: 4 }, (_, b) => post(Array.from({ length: 200 }, (_, i) => makeEvent({ eventId: `m-b${b}-${i}`, roomId: `m-burst-${b}-${i}` })))),
      );
      const refused = burst.filter((r) => r.status === 429).length;
      expect(refused).toBeGreaterThan(0);
      // A decision the delivery worker tells the platform.
      await enforceRooms(server.runtime.services.rules.enforce, lead, { kind: "TAKEDOWN", roomIds: ["m-room-0"], reason: "metrics test" });

      const moved = (m: Map<string, number>, name: string, labels: Record<string, string> = {}) =>
        (value(m, name, labels) ?? 0) - (value(before, name, labels) ?? 0);
      // Clustering and delivery run on their own loops: wait for them, not for a fixed time.
      let after = before;
      await expect
        .poll(
          async () => {
            after = (await scrape()).m;
            return [
              moved(after, "floodwall_cluster_pass_duration_seconds_count") > 0,
              moved(after, "floodwall_delivery_decisions_total", { outcome: "sent" }) > 0,
              moved(after, "floodwall_wall_flush_duration_seconds_count") > 0,
            ];
          },
          { timeout: 20_000, interval: 200 },
        )
        .toEqual([true, true, true]);

      expect(moved(after, "floodwall_ingest_requests_total", { status: "202" })).toBe(2 + burst.length - refused);
      expect(moved(after, "floodwall_ingest_requests_total", { status: "429" })).toBe(refused);
      expect(moved(after, "floodwall_ingest_events_total", { outcome: "accepted" })).toBe(20 + 200 * (burst.length - refused));
      expect(moved(after, "floodwall_ingest_events_total", { outcome: "duplicate" })).toBe(1);
      expect(moved(after, "floodwall_ingest_events_total", { outcome: "rejected" })).toBe(1);
      expect(moved(after, "floodwall_ingest_request_duration_seconds_count")).toBe(2 + burst.length);
      expect(moved(after, "floodwall_ingest_request_duration_seconds_sum")).toBeGreaterThan(0);
      expect(value(after, "floodwall_sockets_connected")).toBe(1);
      expect(value(after, "floodwall_wall_subscribers")).toBe(1);
      expect(moved(after, "floodwall_wall_rooms_sent_total")).toBeGreaterThan(0);
      expect(moved(after, "floodwall_wall_flushed_rooms_total")).toBeGreaterThan(0);
      expect(moved(after, "floodwall_cluster_accounts_processed_total")).toBeGreaterThanOrEqual(20);
      expect(moved(after, "floodwall_rules_flags_judged_total")).toBeGreaterThanOrEqual(20);
      expect(moved(after, "floodwall_rules_hits_total")).toBeGreaterThanOrEqual(20);
      expect(value(after, "floodwall_rules_enabled")).toBe(1);
      expect(value(after, "floodwall_delivery_pending_decisions")).toBeGreaterThanOrEqual(0);
      expect(value(after, "floodwall_job_queue_jobs", { queue: "enforcement-deliver", state: "queued" })).toBeGreaterThanOrEqual(0);
      expect(moved(after, "floodwall_http_requests_total", { kind: "metrics", status: "2xx" })).toBeGreaterThan(0);
      expect(value(after, "process_cpu_seconds_total")).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
    await expect.poll(async () => value((await scrape()).m, "floodwall_sockets_connected")).toBe(0);
  });

  it("without METRICS_TOKEN: served to loopback callers, refused to anything that came through a proxy", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const proxied = await fetch(`${server.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(proxied.status).toBe(403);
    expect((await proxied.json()).error).toMatch(/METRICS_TOKEN/);
    expect((await fetch(`${server.url}/metrics`, { headers: { forwarded: "for=203.0.113.9" } })).status).toBe(403);
  });
});

describe("health", () => {
  it("liveness answers; readiness checks the database and migrations", async () => {
    const live = await fetch(`${server.url}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "live", version: "test" });
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", db: "ok" });
    expect((await fetch(`${server.url}/api/health/ready`, { method: "POST" })).status).toBe(405);
    // The original check, answered by the server itself, before the pages (which here answer text).
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", db: "ok", version: "test" });
    expect(health.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("readiness fails while stopping, with a migration missing, and with the database unreachable", async () => {
    const base = { healthPool: server.runtime.healthPool, migrations: ["20261122141813_init"], stopping: () => false, version: "test" };
    expect((await readiness(base)).status).toBe(200);
    expect(await readiness({ ...base, stopping: () => true })).toMatchObject({ status: 503, body: { status: "stopping" } });
    expect(await readiness({ ...base, migrations: [...base.migrations, "29991231000000_not_applied"] })).toMatchObject({
      status: 503,
      body: { pendingMigrations: 1 },
    });
    const nowhere = createPool({ ...t.config, port: 1 }, 1);
    try {
      expect(await readiness({ ...base, healthPool: nowhere })).toMatchObject({ status: 503, body: { db: "down" } });
    } finally {
      await nowhere.end();
    }
  });
});

describe("stopping", () => {
  it("finishes its steps, not its deadline, while requests are still in flight", async () => {
    let arrived = 0;
    // A request that is never answered stands for a heavy read queued behind others (a
    // user's large reads run one at a time): the stop must not wait for it.
    const other = await startTestServer(
      t,
      {},
      {
        pages: {
          dev: false,
          handle: async () => {
            arrived++;
            await new Promise(() => {});
          },
        },
      },
    );
    const logs = captureLogs();
    const hanging = Array.from({ length: 3 }, () =>
      fetch(`${other.url}/hang`).then(
        () => "answered",
        () => "cut",
      ),
    );
    try {
      await expect.poll(() => arrived).toBe(3);
      await other.close();
      expect(await Promise.all(hanging)).toEqual(["cut", "cut", "cut"]);
      const lines = logs.lines();
      expect(lines.filter((l) => l.msg === "stop deadline reached")).toEqual([]);
      expect(lines.find((l) => l.msg === "stopped")).toMatchObject({
        steps: { sockets: expect.any(Number), loops: expect.any(Number), database: expect.any(Number) },
      });
    } finally {
      logs.stop();
    }
  });
});

describe("request ids", () => {
  it("a sane X-Request-Id is kept and echoed, anything else replaced; log lines written inside the request carry it", async () => {
    const logs = captureLogs();
    try {
      const kept = await fetch(`${server.url}/some/page`, { headers: { "x-request-id": "lb-7f3a.91:2" } });
      expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.91:2");
      const replaced = await fetch(`${server.url}/some/page`, { headers: { "x-request-id": `bad id ${"x".repeat(10)}` } });
      const made = replaced.headers.get("x-request-id")!;
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      const none = await fetch(`${server.url}/api/health/live`);
      expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(none.headers.get("x-request-id")).not.toBe(made);
      await expect.poll(() => logs.lines().filter((l) => l.msg === "request" && l.path === "/some/page").length).toBe(2);
      const lines = logs.lines();
      const inside = lines.filter((l) => l.msg === "inside a page");
      expect(inside.map((l) => l.reqId)).toEqual(["lb-7f3a.91:2", made]);
      const access = lines.filter((l) => l.msg === "request" && l.path === "/some/page");
      expect(access.map((l) => [l.reqId, l.status, l.method])).toEqual([
        ["lb-7f3a.91:2", 200, "GET"],
        [made, 200, "GET"],
      ]);
      expect(access[0]).toMatchObject({ level: "info", component: "http", ip: "127.0.0.1", role: "all" });
    } finally {
      logs.stop();
    }
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  it("answers only with the token as Bearer, from anywhere", async () => {
    const secret = "metrics-token-for-the-test-0123";
    const other = await startTestServer(t, { METRICS_TOKEN: secret });
    try {
      expect((await fetch(`${other.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${other.url}/metrics`)).headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await fetch(`${other.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
      expect((await fetch(`${other.url}/metrics`, { headers: { authorization: secret } })).status).toBe(401);
      const ok = await fetch(`${other.url}/metrics`, { headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": "203.0.113.9" } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("# TYPE floodwall_ingest_requests_total counter");
    } finally {
      await other.close();
    }
  });
});
