import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody, WebhookPlatform } from "./webhook";

const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let status = 200;
/** The platform's answer for a request: by default every call ok with 42 viewers. */
let answer = (calls: { idempotencyKey: string }[]): unknown => ({ results: calls.map((c) => ({ idempotencyKey: c.idempotencyKey, ok: true, viewers: 42 })) });
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    const calls = (JSON.parse(body) as { calls: { idempotencyKey: string }[] }).calls;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer(calls)));
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("WebhookPlatform", () => {
  it("sends many decisions in one signed request, each with its idempotency key, and reads a result per call", async () => {
    const hook = new WebhookPlatform(url, "s3cret-s3cret-s3cret");
    const out = await hook.sendMany([
      { kind: "room.end", idempotencyKey: "act-1", roomId: "r1", accountId: "a1", reason: "nudity" },
      { kind: "account.ban", idempotencyKey: "act-2", accountId: "a1" },
    ]);
    expect(out).toEqual([
      { ok: true, viewers: 42 },
      { ok: true, viewers: 42 },
    ]);
    expect(received).toHaveLength(1);
    const got = received[0];
    const ts = String(got.headers["x-floodwall-timestamp"]);
    expect(got.headers["x-floodwall-signature"]).toBe(signBody("s3cret-s3cret-s3cret", ts, got.body));
    expect(signBody("other-secret", ts, got.body)).not.toBe(got.headers["x-floodwall-signature"]);
    expect(JSON.parse(got.body).calls.map((c: { idempotencyKey: string }) => c.idempotencyKey)).toEqual(["act-1", "act-2"]);
  });

  it("a call the platform refuses, or does not mention, fails alone", async () => {
    answer = (calls) => ({ results: [{ idempotencyKey: calls[0].idempotencyKey, ok: false, error: "stream not found" }] });
    const out = await new WebhookPlatform(url, "s3cret-s3cret-s3cret").sendMany([
      { kind: "room.end", idempotencyKey: "act-3", roomId: "r3" },
      { kind: "room.end", idempotencyKey: "act-4", roomId: "r4" },
    ]);
    expect(out).toEqual([
      { ok: false, error: "stream not found" },
      { ok: false, error: "the platform's answer did not mention this call" },
    ]);
  });

  it("treats a non-2xx answer as a failure of the whole request", async () => {
    status = 503;
    const hook = new WebhookPlatform(url, "s3cret-s3cret-s3cret");
    await expect(hook.sendMany([{ kind: "room.end", idempotencyKey: "act-5", roomId: "r5" }])).rejects.toThrow(/503/);
    status = 200;
  });
});
