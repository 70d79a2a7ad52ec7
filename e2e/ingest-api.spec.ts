import { apiAs, DEMO, expect, hotEvent, ingest, INGEST_TOKEN, test, trpc, uid } from "./fixtures";

test.describe("ingest API over HTTP", () => {
  test("401 without or with a wrong token, as JSON", async ({ request }) => {
    const none = await request.post("/api/ingest/flags", { data: { events: [hotEvent(uid())] } });
    expect(none.status()).toBe(401);
    expect(await none.json()).toEqual({ error: "Missing or invalid bearer token" });
    expect((await ingest(request, [hotEvent(uid())], "wrong-token-000000")).status).toBe(401);
  });

  test("400 for a body that is not JSON or has no events array", async ({ request }) => {
    const auth = { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" };
    const bad = await request.post("/api/ingest/flags", { headers: auth, data: Buffer.from("{not json") });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(/JSON/);
    const noEvents = await request.post("/api/ingest/flags", { headers: auth, data: { flags: [] } });
    expect(noEvents.status()).toBe(400);
  });

  test("413 for a body over 5 MB or more than 5,000 events", async ({ request }) => {
    const big = await request.post("/api/ingest/flags", {
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      data: JSON.stringify({ events: [{ pad: "x".repeat(5 * 1024 * 1024 + 10) }] }),
    });
    expect(big.status()).toBe(413);
    const many = await ingest(
      request,
      Array.from({ length: 5001 }, () => ({})),
    );
    expect(many.status).toBe(413);
  });

  test("202 with partial acceptance and duplicates", async ({ request }) => {
    const ev = hotEvent(`api-${uid()}`);
    const res = await ingest(request, [ev, { ...ev, eventId: "bad", score: 2 }, ev]);
    expect(res).toEqual({ status: 202, body: { accepted: 1, duplicates: 1, rejected: [{ index: 1, error: expect.stringMatching(/^score/) }] } });
    expect((await ingest(request, [ev])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
  });

  test("an admin creates a token that works once shown and stops working when revoked", async ({ request }) => {
    const admin = await apiAs(DEMO.ADMIN);
    const created = await trpc(admin, "tokens.create", { name: `e2e-${uid()}` }, "mutation");
    const token: string = created.data.token;
    expect(token).toMatch(/^fw_/);
    expect((await ingest(request, [hotEvent(`tok-${uid()}`)], token)).status).toBe(202);
    const list = await trpc(admin, "tokens.list", undefined, "query");
    expect(JSON.stringify(list.data)).not.toContain(token);
    await trpc(admin, "tokens.revoke", { id: created.data.id }, "mutation");
    expect((await ingest(request, [hotEvent(`tok-${uid()}`)], token)).status).toBe(401);
    await admin.dispose();
  });

  test("an executive cannot act on the wall, a moderator cannot manage tokens", async () => {
    const exec = await apiAs(DEMO.EXECUTIVE);
    const res = await trpc(exec, "wall.act", { kind: "DISMISS", roomIds: ["x"] }, "mutation");
    expect(res.status).toBe(403);
    expect(res.error.data.code).toBe("FORBIDDEN");
    const snap = await trpc(exec, "wall.snapshot", { filter: {} }, "query");
    expect(snap.status).toBe(403);
    const mod = await apiAs(DEMO.MODERATOR);
    expect((await trpc(mod, "tokens.create", { name: "nope" }, "mutation")).status).toBe(403);
    // Bad input gets a 400 with the field named, not a 500.
    const bad = await trpc(mod, "wall.act", { kind: "TAKEDOWN", roomIds: [] }, "mutation");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.error.data.zodError)).toContain("select at least one room");
    await exec.dispose();
    await mod.dispose();
  });
});
