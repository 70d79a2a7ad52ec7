import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { IngestEventInput } from "../../server/contracts/ingest";
import { IngestClient } from "./client";
import type { ScenarioBatch } from "./scenarios";

interface Received {
  events: { eventId: string }[];
  auth: string | undefined;
  contentType: string | undefined;
  at: number;
}
type Handler = (r: Received, res: ServerResponse, req: IncomingMessage) => void;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A real HTTP server on an ephemeral port, answering with `handler`. */
async function startServer(handler: Handler) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r: Received = {
      events: JSON.parse(Buffer.concat(chunks).toString()).events,
      auth: req.headers.authorization,
      contentType: req.headers["content-type"],
      at: performance.now(),
    };
    received.push(r);
    handler(r, res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const handle = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
const accept = (r: Received, res: ServerResponse) => reply(res, 202, { accepted: r.events.length, duplicates: 0, rejected: [] });

function events(n: number, from = 0): IngestEventInput[] {
  // The client never looks inside events; a minimal shape keeps the test about HTTP.
  return Array.from({ length: n }, (_, i) => ({ eventId: `e${from + i}` }) as IngestEventInput);
}
function* batches(sizes: number[], spacingMs = 0): Generator<ScenarioBatch> {
  let from = 0;
  for (const [i, n] of sizes.entries()) {
    yield { atMs: i * spacingMs, events: events(n, from) };
    from += n;
  }
}
const fast = { token: "tok-123456789", realtime: false, retryBaseMs: 1, retryMaxMs: 5 } as const;

describe("IngestClient", () => {
  it("batches events in order, with the bearer token, and counts the answers", async () => {
    const srv = await startServer((r, res) =>
      reply(res, 202, { accepted: r.events.length - 2, duplicates: 1, rejected: [{ index: 0, error: "label: invalid option" }] }),
    );
    const client = new IngestClient({ ...fast, target: srv.url, batchSize: 500, concurrency: 1 });
    const stats = await client.run(batches([300, 300, 300, 334]));
    expect(srv.received.map((r) => r.events.length)).toEqual([500, 500, 234]);
    expect(srv.received.flatMap((r) => r.events.map((e) => e.eventId))).toEqual(events(1234).map((e) => e.eventId));
    expect(srv.received.every((r) => r.auth === "Bearer tok-123456789" && r.contentType === "application/json")).toBe(true);
    expect(stats).toMatchObject({ sent: 1234, accepted: 1234 - 6, duplicates: 3, rejected: 3, failed: 0, requests: 3, retries: 0 });
    expect(stats.rejectSamples).toEqual(["event 0: label: invalid option"]);
  });

  it("never has more than `concurrency` requests in flight", async () => {
    const held: ServerResponse[] = [];
    let holding = true;
    let reached: () => void;
    const threeHeld = new Promise<void>((resolve) => (reached = resolve));
    const srv = await startServer((r, res) => {
      if (!holding) return accept(r, res);
      held.push(res);
      if (held.length === 3) reached();
    });
    const client = new IngestClient({ ...fast, target: srv.url, batchSize: 10, concurrency: 3 });
    const run = client.run(batches(Array(10).fill(10)));
    await threeHeld;
    // Absence can only be shown by waiting: give a 4th request time to (wrongly) arrive.
    await new Promise((r) => setTimeout(r, 100));
    expect(srv.received).toHaveLength(3);
    expect(client.stats.inFlight).toBe(3);
    holding = false;
    for (const res of held) reply(res, 202, { accepted: 10, duplicates: 0, rejected: [] });
    const stats = await run;
    expect(srv.received).toHaveLength(10);
    expect(stats).toMatchObject({ accepted: 100, maxInFlight: 3, inFlight: 0, failed: 0 });
  });

  it("retries 5xx with backoff, then succeeds", async () => {
    let calls = 0;
    const srv = await startServer((r, res) => (++calls <= 2 ? reply(res, 500, { error: "db down" }) : accept(r, res)));
    const stats = await new IngestClient({ ...fast, target: srv.url }).run(batches([5]));
    expect(srv.received).toHaveLength(3);
    expect(stats).toMatchObject({ sent: 5, accepted: 5, failed: 0, requests: 3, retries: 2 });
  });

  it("a 429 waits Retry-After and sends the same events again, however often (not a failure, not a retry)", async () => {
    let calls = 0;
    const srv = await startServer((r, res) => {
      if (++calls <= 3) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "0.05" });
        return void res.end(JSON.stringify({ error: "Ingest is at capacity" }));
      }
      accept(r, res);
    });
    const stats = await new IngestClient({ token: "t", target: srv.url, maxRetries: 1, flushMs: 0, realtime: false }).run(batches([5]));
    expect(stats).toMatchObject({ accepted: 5, failed: 0, throttled: 3, retries: 0 });
    expect(srv.received.map((r) => r.events.map((e) => e.eventId).join())).toEqual(Array(4).fill("e0,e1,e2,e3,e4"));
  });

  it("gives up after maxRetries and counts the events as failed", async () => {
    const srv = await startServer((_r, res) => reply(res, 503, { error: "overloaded" }));
    const stats = await new IngestClient({ ...fast, target: srv.url, maxRetries: 2 }).run(batches([5]));
    expect(srv.received).toHaveLength(3);
    expect(stats).toMatchObject({ accepted: 0, failed: 5, retries: 2, lastError: "HTTP 503: overloaded" });
  });

  it("retries network errors", async () => {
    let calls = 0;
    const srv = await startServer((r, res, req) => (++calls === 1 ? req.socket.destroy() : accept(r, res)));
    const stats = await new IngestClient({ ...fast, target: srv.url }).run(batches([7]));
    expect(stats).toMatchObject({ accepted: 7, failed: 0, retries: 1 });
  });

  it("does not retry 4xx and goes on with the next batch", async () => {
    const srv = await startServer((_r, res) => reply(res, 400, { error: "events must not be empty" }));
    const stats = await new IngestClient({ ...fast, target: srv.url, batchSize: 5, concurrency: 1 }).run(batches([5, 5]));
    expect(srv.received).toHaveLength(2);
    expect(stats).toMatchObject({ sent: 10, failed: 10, retries: 0, fatal: null, lastError: "HTTP 400: events must not be empty" });
  });

  it("stops the run on 401: nothing else will get through", async () => {
    const srv = await startServer((_r, res) => reply(res, 401, { error: "invalid ingest token" }));
    const stats = await new IngestClient({ ...fast, target: srv.url, batchSize: 5, concurrency: 1 }).run(batches([5, 5, 5, 5]));
    expect(srv.received).toHaveLength(1);
    expect(stats).toMatchObject({ sent: 5, failed: 5, retries: 0, fatal: "HTTP 401: invalid ingest token" });
  });

  it("paces batches to their schedule in real time", async () => {
    const srv = await startServer(accept);
    const stats = await new IngestClient({ token: "t", target: srv.url, flushMs: 0 }).run(batches([3, 3], 200));
    expect(stats.accepted).toBe(6);
    expect(srv.received).toHaveLength(2);
    expect(srv.received[1].at - srv.received[0].at).toBeGreaterThanOrEqual(150);
  });

  it("stops promptly when aborted while waiting for the next batch", async () => {
    const controller = new AbortController();
    const srv = await startServer((r, res) => {
      accept(r, res);
      controller.abort();
    });
    const t = performance.now();
    const stats = await new IngestClient({ token: "t", target: srv.url, flushMs: 0, signal: controller.signal }).run(batches([4, 4], 60_000));
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(srv.received).toHaveLength(1);
    expect(stats.sent).toBe(4);
  });
});
