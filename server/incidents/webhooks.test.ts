import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { signBody } from "../enforcement/adapters/webhook";
import { incidentWebhookBody, postIncidentWebhook } from "./webhooks";

const inc = { id: "i1", number: 7, severity: "P0", title: "Bot wave", declaredBy: "lead@floodwall.local", url: "http://localhost:3000/incidents/i1" };

describe("incident webhooks", () => {
  it("posts an HMAC-signed body that a receiver can verify", async () => {
    let got: { headers: Record<string, unknown>; body: string } | null = null;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        got = { headers: req.headers, body };
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    expect(await postIncidentWebhook({ url, secret: "incident-secret-123", format: "slack" }, inc)).toBe(true);
    server.close();
    const g = got!;
    expect(g.headers["x-floodwall-signature"]).toBe(signBody("incident-secret-123", String(g.headers["x-floodwall-timestamp"]), g.body));
    expect(JSON.parse(g.body).text).toContain("P0 incident #7 declared: Bot wave");
  });
  it("has a plain JSON body option", () => {
    expect(incidentWebhookBody("json", inc)).toEqual({ event: "incident.declared", incident: inc });
  });
  it("reports a dead endpoint without throwing", async () => {
    expect(await postIncidentWebhook({ url: "http://127.0.0.1:9/none", secret: "x".repeat(16), format: "json" }, inc)).toBe(false);
  });
});
