import { expect, hotEvent, ingest, INGEST_TOKEN, refused, test } from "./fixtures";

test.describe("ingest API over HTTP", () => {
  test("401 without or with a wrong token, as JSON", async ({ request, tag }) => {
    const none = await request.post("/api/ingest/flags", { data: { events: [hotEvent(`${tag}-1`)] } });
    expect(none.status()).toBe(401);
    expect(await none.json()).toEqual({ error: "Missing or invalid bearer token" });
    expect((await ingest(request, [hotEvent(`${tag}-2`)], "wrong-token-000000")).status).toBe(401);
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

  test("202 with partial acceptance and duplicates", async ({ request, tag }) => {
    const ev = hotEvent(`api-${tag}`);
    const res = await ingest(request, [ev, { ...ev, eventId: "bad", score: 2 }, ev]);
    expect(res).toEqual({ status: 202, body: { accepted: 1, duplicates: 1, rejected: [{ index: 1, error: expect.stringMatching(/^score/) }] } });
    expect((await ingest(request, [ev])).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
  });

  test("an admin creates a token that works once shown and stops working when revoked", async ({ request, api, tag }) => {
    const admin = await api("ADMIN");
    const created = await admin.tokens.create.mutate({ name: `e2e-${tag}` });
    const token = created.token;
    expect(token).toMatch(/^fw_/);
    expect((await ingest(request, [hotEvent(`tok-${tag}-1`)], token)).status).toBe(202);
    const list = await admin.tokens.list.query();
    expect(JSON.stringify(list)).not.toContain(token);
    await admin.tokens.revoke.mutate({ id: created.id });
    expect((await ingest(request, [hotEvent(`tok-${tag}-2`)], token)).status).toBe(401);
  });

  test("an executive cannot act on the wall, a moderator cannot manage tokens", async ({ api }) => {
    const exec = await api("EXECUTIVE");
    const res = await refused(exec.wall.act.mutate({ kind: "DISMISS", roomIds: ["x"] }));
    expect(res.data?.httpStatus).toBe(403);
    expect(res.data?.code).toBe("FORBIDDEN");
    const snap = await refused(exec.wall.snapshot.query({ filter: {} }));
    expect(snap.data?.httpStatus).toBe(403);
    const mod = await api("MODERATOR");
    expect((await refused(mod.tokens.create.mutate({ name: "nope" }))).data?.httpStatus).toBe(403);
    // Bad input gets a 400 with the field named, not a 500.
    const bad = await refused(mod.wall.act.mutate({ kind: "TAKEDOWN", roomIds: [] }));
    expect(bad.data?.httpStatus).toBe(400);
    expect(JSON.stringify(bad.data?.zodError)).toContain("select at least one room");
  });
});
