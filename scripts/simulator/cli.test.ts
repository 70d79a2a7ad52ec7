import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { ZIngestEvent } from "../../server/contracts/ingest";
import { parseCliArgs } from "./cli";
import { startSteadyTraffic } from "./run-in-process";

const base = ["--scenario", "wave", "--target", "http://localhost:3000", "--token", "T0123456789ab"];

describe("parseCliArgs", () => {
  it("accepts a full command line", () => {
    const r = parseCliArgs(
      [...base, "--rate", "500", "--duration", "30", "--seed", "42", "--truth", "out/t.json", "--batch-size", "1000", "--concurrency", "2"],
      {},
    );
    expect(r).toEqual({
      ok: true,
      config: {
        scenario: "wave",
        target: "http://localhost:3000",
        token: "T0123456789ab",
        rate: 500,
        durationSec: 30,
        seed: 42,
        truth: "out/t.json",
        batchSize: 1000,
        concurrency: 2,
      },
    });
  });

  it("defaults the token from the environment and the seed at random", () => {
    const r = parseCliArgs(["--scenario", "steady", "--target", "https://fw.example"], { FLOODWALL_INGEST_TOKEN: "from-env-123" });
    expect(r.ok && r.config.token).toBe("from-env-123");
    expect(r.ok && Number.isInteger(r.config.seed)).toBe(true);
  });

  it.each([
    [["--target", "http://x", "--token", "t"], "--scenario is required"],
    [[...base.slice(2), "--scenario", "flood"], "--scenario must be steady or wave"],
    [["--scenario", "wave", "--target", "ftp://x", "--token", "t"], "--target must be an http(s) URL"],
    [["--scenario", "wave", "--target", "http://x"], "--token is required"],
    [[...base, "--rate", "0"], "--rate must be"],
    [[...base, "--rate", "fast"], "--rate must be"],
    [[...base, "--duration", "-5"], "--duration"],
    [[...base, "--seed", "1.5"], "--seed must be an integer"],
    [[...base, "--batch-size", "5001"], "--batch-size must be an integer in 1..5000"],
    [[...base, "--nope"], "Unknown option '--nope'"],
    [[...base, "extra"], "extra"],
  ])("refuses %j", (argv, message) => {
    const r = parseCliArgs(argv, {});
    expect(r.ok).toBe(false);
    expect(!r.ok && !r.help && r.message).toContain(message);
  });

  it("names every problem at once", () => {
    const r = parseCliArgs(["--scenario", "x", "--rate", "abc"], {});
    expect(!r.ok && !r.help && r.message.split("\n")).toHaveLength(4);
  });
});

describe("startSteadyTraffic", () => {
  it("sends valid steady traffic until aborted, and resolves instead of throwing", async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const liveAsked: string[] = [];
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url === "/api/platform-sim/live-starts") {
        // The platform lets every stream go live (demo traffic asks first).
        const { starts } = JSON.parse(Buffer.concat(chunks).toString()) as { starts: { roomId: string }[] };
        for (const x of starts) liveAsked.push(x.roomId);
        return void res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ results: starts.map((x) => ({ roomId: x.roomId, allowed: true })) }));
      }
      const { events } = JSON.parse(Buffer.concat(chunks).toString());
      seen.push(...events);
      res.writeHead(202, { "content-type": "application/json" });
      res.end(JSON.stringify({ accepted: events.length, duplicates: 0, rejected: [] }));
      controller.abort();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const stats = await startSteadyTraffic({ target, token: "tok-123456789", rate: 50, signal: controller.signal, seed: 3 });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((e) => ZIngestEvent.safeParse(e).success)).toBe(true);
      // Every room that streamed was let live by the platform first.
      expect(seen.every((e) => liveAsked.includes((e as { room: { id: string } }).room.id))).toBe(true);
      expect(stats?.fatal).toBeNull();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("reports a refused token once and stops", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid ingest token" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const messages: string[] = [];
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const stats = await startSteadyTraffic({ target, token: "wrong", rate: 50, signal: new AbortController().signal, onFatal: (m) => messages.push(m) });
      expect(stats?.fatal).toBe("HTTP 401: invalid ingest token");
      expect(messages).toEqual(["HTTP 401: invalid ingest token"]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("survives a misconfigured target", async () => {
    const messages: string[] = [];
    const stats = await startSteadyTraffic({ target: "not a url", token: "t", signal: new AbortController().signal, onFatal: (m) => messages.push(m) });
    expect(stats).toBeNull();
    expect(messages).toHaveLength(1);
  });
});
