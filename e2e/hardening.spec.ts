import fc from "fast-check";
import { appendFileSync, mkdirSync } from "node:fs";
import { apiAs, card, DEMO, expect, hotEvent, ingest, signIn, test, trpc } from "./fixtures";
import { e2eDb } from "./db";

/** Figures for the README's "Reliability and security" section, written by the tests that measure them. */
function report(line: string) {
  mkdirSync("test-results", { recursive: true });
  appendFileSync("test-results/reliability.txt", `${line}\n`);
}

test.describe("hardening", () => {
  test("10,000 malformed, oversized, mistyped and unicode-heavy ingest payloads: only 4xx for bad input, nothing partial stored", async ({ request }) => {
    test.setTimeout(300_000);
    const admin = await apiAs(DEMO.ADMIN);
    const created = await trpc(admin, "tokens.create", { name: `fuzz-${Date.now()}` }, "mutation");
    const token: string = created.data.token;
    await admin.dispose();
    const base = hotEvent("fuzz-base");
    const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary", maxLength: 300 }), fc.constant("\u202E\u0000<script>"), fc.constant("x".repeat(10_000)));
    const wrong = fc.oneof(fc.anything(), text, fc.double(), fc.integer(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }));
    const paths = ["eventId", "occurredAt", "source", "label", "score", "room", "account", "room.id", "room.title", "room.viewerCount", "room.startedAt", "room.thumbnailUrl", "account.id", "account.handle", "account.ip", "account.registeredAt", "account.realNameVerified", "evidence", "evidence.url"];
    const mutated = fc.record({ path: fc.constantFrom(...paths), value: wrong, id: fc.uuid() }).map(({ path, value, id }) => {
      const ev = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
      ev.eventId = `fz-${id}` as never;
      (ev.room as Record<string, unknown>).id = `fz-room-${id.slice(0, 8)}`;
      const [a, b] = path.split(".");
      if (b) (ev[a] ??= {})[b] = value;
      else (ev as Record<string, unknown>)[a] = value;
      return ev;
    });
    const body = fc.oneof(
      { weight: 3, arbitrary: fc.record({ events: fc.array(mutated, { minLength: 1, maxLength: 5 }) }).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
      { weight: 1, arbitrary: fc.record({ events: wrong }).map((b) => JSON.stringify(b)) },
    );
    let sent = 0;
    let acceptedSum = 0;
    const statuses = new Map<number, number>();
    // 10,000 generated payloads (fixed seed, so a failure replays), 8 requests in flight.
    const payloads = fc.sample(body, { numRuns: 10_000, seed: 20261122 });
    let next = 0;
    const bad: string[] = [];
    const worker = async () => {
      while (next < payloads.length) {
        const payload = payloads[next++];
        const res = await request.post("/api/ingest/flags", { headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, data: Buffer.from(payload) });
        sent++;
        statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
        const json = await res.json().catch(() => null);
        if (res.status() === 202) acceptedSum += json.accepted;
        else if (![400, 413].includes(res.status()) || typeof json?.error !== "string") bad.push(`${res.status()} for ${payload.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(bad).toEqual([]);
    // A few too-large bodies and counts, and invalid UTF-8.
    expect((await request.post("/api/ingest/flags", { headers: { authorization: `Bearer ${token}` }, data: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20) })).status()).toBe(413);
    expect((await request.post("/api/ingest/flags", { headers: { authorization: `Bearer ${token}` }, data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })).status()).toBe(400);
    expect((await request.get("/api/health")).status()).toBe(200);
    const db = await e2eDb();
    const stored = (await db.query(`SELECT count(*)::int AS n FROM flags f JOIN ingest_tokens t ON t.id = f."senderId" WHERE t."tokenHash" = encode(sha256($1::bytea), 'hex')`, [token])).rows[0].n;
    await db.end();
    expect(stored).toBe(acceptedSum); // every 2xx-accepted event is stored, nothing from refused ones
    report(`ingest fuzzing: ${sent} generated payloads, statuses ${JSON.stringify(Object.fromEntries(statuses))}, 0 server errors, ${acceptedSum} accepted events all stored, server healthy after`);
  });

  test("attacker-written text on every page: no script runs, layout holds, strict CSP", async ({ browser, request }) => {
    test.setTimeout(120_000);
    const corpus = [
      `<script>console.log("XSS-FIRED")</script>`,
      `"><img src=x onerror="console.log('XSS-FIRED');alert(1)">`,
      `<svg onload="alert('XSS-FIRED')"></svg>`,
      `javascript:alert('XSS-FIRED')`,
      `\u202Egnp.exe\u202C <b onmouseover=alert(1)>hover</b>`,
      "W".repeat(10_000),
    ];
    const tag = Math.random().toString(36).slice(2, 8).replace(/\d/g, "x");
    const events = corpus.map((s, i) => ({
      ...hotEvent(`xss-${tag}-${i}`, { title: s, handle: s.slice(0, 100) || "h" }),
      room: { id: `xss-${tag}-${i}`, title: s.slice(0, 500), startedAt: new Date().toISOString(), viewerCount: 10, category: s.slice(0, 100), thumbnailUrl: "https://evil.invalid/x.png?\"><script>alert(1)</script>" },
      account: { id: `xss-${tag}-a${i}`, handle: s.slice(0, 100), registeredAt: new Date().toISOString(), realNameVerified: false, deviceId: `xss-dev-${tag}` },
      evidence: { text: s.slice(0, 2000), url: `https://evil.invalid/"><script>alert(1)</script>` },
    }));
    const res = await ingest(request, events);
    expect(res.body.accepted).toBe(corpus.length);
    const lead = await apiAs(DEMO.SHIFT_LEAD);
    const me = await trpc(lead, "me.get", undefined, "query");
    const inc = await trpc(lead, "incidents.declare", { title: corpus[1], summary: corpus[0], severity: "P3", commanderId: me.data.id }, "mutation");
    await trpc(lead, "incidents.addNote", { id: inc.data.id, text: corpus[2] }, "mutation");
    const p = await trpc(lead, "takedown.preview", { selection: { kind: "manual", roomIds: [`xss-${tag}-5`] } }, "mutation");
    await trpc(lead, "takedown.confirm", { batchId: p.data.batchId, reason: `Spam: ${corpus[1]}` }, "mutation");
    await lead.dispose();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const fired: string[] = [];
    page.on("dialog", (d) => {
      fired.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => m.text().includes("XSS-FIRED") && fired.push(`console: ${m.text()}`));
    await signIn(page, DEMO.SHIFT_LEAD);
    // Wait until the cluster worker has linked the two accounts on one device.
    let clusterId = "";
    await expect(async () => {
      await page.goto("/wall?labels=minor_safety");
      await page.keyboard.press("n");
      clusterId = (await card(page, `xss-${tag}-0`).getByTestId("cluster-badge").getAttribute("href"))!.split("/").pop()!;
    }).toPass({ timeout: 20_000 });
    const pages = ["/wall?labels=minor_safety", "/clusters", `/clusters/${clusterId}`, "/takedowns", `/takedowns/${p.data.batchId}`, "/incidents", `/incidents/${inc.data.id}`, "/controls"];
    for (const path of pages) {
      const r = await page.goto(path);
      const csp = r!.headers()["content-security-policy"];
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(csp).not.toContain("unsafe-inline' 'strict");
      expect(csp).toContain("object-src 'none'");
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(1);
      // Inline scripts must carry the nonce (chunks loaded later by our own scripts are allowed by strict-dynamic).
      expect(await page.locator("script:not([nonce]):not([src])").count(), `${path} has an inline script without nonce`).toBe(0);
    }
    await page.goto("/wall?labels=minor_safety");
    await page.keyboard.press("n");
    await card(page, `xss-${tag}-1`).hover();
    expect(fired).toEqual([]);
    report(`attacker-written text: ${corpus.length} hostile strings as titles, handles, categories, evidence, thumbnail URLs, an incident and a batch reason, viewed on ${pages.length} pages: 0 scripts ran, no page scrolled sideways, CSP with nonce and strict-dynamic on every page`);
    await ctx.close();
  });
});
