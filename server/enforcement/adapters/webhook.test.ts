import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody, WebhookPlatform } from "./webhook";

const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let status = 200;
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ viewers: 42 }));
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("WebhookPlatform", () => {
  it("signs the body with HMAC and sends the idempotency key", async () => {
    const hook = new WebhookPlatform(url, "s3cret-s3cret-s3cret");
    const out = await hook.send({ kind: "room.end", idempotencyKey: "act-1", roomId: "r1", accountId: "a1", reason: "nudity" });
    expect(out.viewers).toBe(42);
    const got = received.at(-1)!;
    expect(got.headers["idempotency-key"]).toBe("act-1");
    const ts = String(got.headers["x-floodwall-timestamp"]);
    expect(got.headers["x-floodwall-signature"]).toBe(signBody("s3cret-s3cret-s3cret", ts, got.body));
    expect(signBody("other-secret", ts, got.body)).not.toBe(got.headers["x-floodwall-signature"]);
    expect(JSON.parse(got.body)).toMatchObject({ kind: "room.end", roomId: "r1" });
  });

  it("treats a non-2xx answer as a failure", async () => {
    status = 503;
    const hook = new WebhookPlatform(url, "s3cret-s3cret-s3cret");
    await expect(hook.send({ kind: "room.end", idempotencyKey: "act-2", roomId: "r2" })).rejects.toThrow(/503/);
    status = 200;
  });
});
