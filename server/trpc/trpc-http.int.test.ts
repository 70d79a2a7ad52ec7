import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import superjson from "superjson";
import { createTestDb, type TestDb } from "../test/test-db";
import { startTestServer, TEST_ORIGIN } from "../test/test-server";
import { createUser } from "../auth/users";
import { GENERIC_ERROR } from "./init";
import { POST, GET } from "@/app/api/trpc/[trpc]/route";

// tRPC over HTTP as the browser speaks it (the real route handler, a real session), for what
// only shows at that level: batching limits, the per-user gate and what errors reveal.

let t: TestDb;
let server: Awaited<ReturnType<typeof startTestServer>>;
let lead = "";
let leadId = "";

beforeAll(async () => {
  t = await createTestDb();
  server = await startTestServer(t);
  leadId = (await createUser(t.db, null, { email: "lead@http.test", name: "Lead", role: "SHIFT_LEAD", password: "trpc-http-password" })).id;
  lead = await server.signIn("lead@http.test", "trpc-http-password");
}, 60_000);
afterAll(async () => {
  await server.close();
  await t.close();
});

const headers = () => ({ cookie: lead, origin: TEST_ORIGIN, "content-type": "application/json", "x-real-ip": "10.0.0.5" });
async function mutate(path: string, input: unknown) {
  const res = await POST(
    new Request(`${TEST_ORIGIN}/api/trpc/${path}`, { method: "POST", headers: headers(), body: JSON.stringify(superjson.serialize(input)) }),
  );
  return {
    status: res.status,
    body: (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; code: number; data: { code: string } } } },
  };
}
async function batchQuery(paths: string[], input: unknown) {
  const inputs = Object.fromEntries(paths.map((_, i) => [i, superjson.serialize(input)]));
  const url = `${TEST_ORIGIN}/api/trpc/${paths.join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
  const res = await GET(new Request(url, { headers: headers() }));
  return { status: res.status, body: (await res.json()) as { error?: { json: { data: { code: string } } } }[] | { error: { json: { message: string } } } };
}

describe("tRPC over HTTP", () => {
  it("every executive update is stored, not only the first", async () => {
    const declared = await mutate("incidents.declare", { title: "Wave", summary: "Bots", severity: "P1", commanderId: leadId });
    expect(declared.status).toBe(200);
    const id = (declared.body.result!.data.json as { id: string }).id;
    for (const n of [1, 2, 3]) {
      const res = await mutate("incidents.addUpdate", { id, status: `update ${n}`, impact: "rooms down", nextSteps: "watch" });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect(await t.db.statusUpdate.count({ where: { incidentId: id } })).toBe(3);
  });

  it("an unexpected failure answers a generic message and logs the real one", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    // An action item on an incident that does not exist: the database refuses the foreign key.
    const res = await mutate("incidents.addActionItem", { id: "00000000-0000-4000-8000-000000000000", title: "x", owner: "y", dueDate: new Date() });
    logged.mockRestore();
    expect([404, 500]).toContain(res.status);
    const message = res.body.error!.json.message;
    if (res.status === 500) expect(message).toBe(GENERIC_ERROR);
    expect(message).not.toMatch(/prisma|constraint|foreign key|incident_action_items/i);
  });

  it("a batch larger than the browser's link sends is refused", async () => {
    const res = await batchQuery(Array(11).fill("me.get"), undefined);
    expect(res.status).toBe(400);
  });

  it("a batch carries one large read: the others in it are refused with 429 before they run, smaller calls beside it are served", async () => {
    const res = await batchQuery(["wall.snapshot", "me.get", "wall.snapshot", "clusters.list", "me.get"], undefined);
    expect(res.status).toBe(207);
    const codes = (res.body as { error?: { json: { data: { code: string } } } }[]).map((r) => r.error?.json.data.code ?? "OK");
    // wall.snapshot's input is missing here (BAD_REQUEST): refused for its input, it still took the request's one large read.
    expect(codes).toEqual(["BAD_REQUEST", "OK", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS", "OK"]);
  });

  it("one user's large reads sent separately run one at a time; a burst beyond the short queue is refused with 429, not queued without end", async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => batchQuery(["wall.snapshot"], { filter: {} })));
    const codes = answers.map((a) => (a.body as { error?: { json: { data: { code: string } } } }[])[0].error?.json.data.code ?? "OK");
    expect(codes.filter((c) => c === "OK").length).toBeGreaterThanOrEqual(1);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === "OK" || c === "TOO_MANY_REQUESTS")).toBe(true);
  });
});
