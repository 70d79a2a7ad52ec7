import { e2eDb, endRooms } from "./db";
import { expect, ingest, test } from "./fixtures";

/** Bot-like rooms of this test: one shared device, fresh accounts, a title that carries the tag. */
function wave(tag: string, from: number, to: number) {
  const now = new Date().toISOString();
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      eventId: `rl-${tag}-${i}`,
      occurredAt: now,
      source: "classifier",
      label: "sexual",
      score: 0.96,
      room: { id: `rl-${tag}-room-${i}`, title: `hot ${tag} show ${i}`, startedAt: now, viewerCount: 40 },
      account: {
        id: `rl-${tag}-acct-${i}`,
        handle: `hot${tag}x`,
        registeredAt: new Date(Date.now() - 3_600_000).toISOString(),
        realNameVerified: false,
        deviceId: `rl-dev-${tag}`,
      },
    };
  });
}

test.describe("response rules", () => {
  test("a lead writes a rule, backtests it, runs it in shadow and reads its hits; a second lead approves enforcement; it acts on the wave, trips its breaker, and its actions are undone", async ({
    request,
    signedInPage,
    makeUser,
    tag,
  }) => {
    test.setTimeout(180_000);
    const db = await e2eDb();
    const roomIds = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `rl-${tag}-room-${from + k}`);
    const count = async (from: number, to: number, status: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id = ANY($1::text[]) AND status = $2`, [roomIds(from, to), status]))
        .rows[0].n;
    try {
      // The first rooms of the wave are already in: the backtest has something to find.
      expect((await ingest(request, wave(tag, 0, 20))).body.accepted).toBe(20);

      const leadA = await makeUser("SHIFT_LEAD");
      const a = await signedInPage(leadA);
      await a.goto("/rules");
      await a.keyboard.press("n");
      await expect(a.getByRole("heading", { name: "New rule" })).toBeVisible();
      const form = a.getByRole("form", { name: "New rule" });
      await form.getByLabel("Name").fill(`Shared device wave ${tag}`);
      // The form for the common case: two conditions.
      await form.getByLabel("Condition 1: fact").selectOption("room.title");
      await form.getByLabel("Condition 1: comparison").selectOption("contains");
      await form.getByLabel("Condition 1: value").fill(tag);
      await form.getByRole("button", { name: "+ Add a condition" }).click();
      await form.getByLabel("Condition 2: fact").selectOption("account.deviceShared");
      await form.getByLabel("Condition 2: comparison").selectOption(">=");
      await form.getByLabel("Condition 2: value").fill("3");
      await expect(form.getByTestId("expression-check")).toHaveText("✓ A valid condition.");
      // A typo in the expression is shown as it is typed, with where it is.
      await form.getByRole("button", { name: "Expression (CEL)" }).click();
      const expr = form.getByTestId("expression-input");
      await expect(expr).toHaveValue(`room.title.contains("${tag}") && account.deviceShared >= 3`);
      await expr.fill(`room.title.contains("${tag}") && account.deviceShard >= 3`);
      await expect(form.getByTestId("expression-check")).toContainText("No such key: deviceShard");
      await expect(form.getByRole("button", { name: "Save rule (off)" })).toBeDisabled();
      await expr.fill(`room.title.contains("${tag}") && account.deviceShared >= 3`);
      await form.getByLabel("Action", { exact: true }).selectOption("TAKE_DOWN");
      await form.getByLabel(/Breaker: at most/).fill("30");

      // Backtest before saving: it finds the 20 rooms already in.
      await form.getByRole("button", { name: "Run backtest" }).click();
      await expect(form.getByTestId("bt-rooms")).toHaveText("20", { timeout: 30_000 });
      await expect(form.getByTestId("bt-restored")).toHaveText("0");

      await form.getByRole("button", { name: "Save rule (off)" }).click();
      await expect(a.getByTestId("rule-name")).toHaveText(`Shared device wave ${tag}`);
      const ruleUrl = a.url();

      // Shadow: new rooms are recorded as "would act", nothing is taken down.
      await a.getByRole("button", { name: "Shadow", exact: true }).click();
      // The mode as the page heading states it (the button itself also reads "Shadow").
      await expect(a.locator("h1").getByText("Shadow", { exact: true })).toBeVisible();
      expect((await ingest(request, wave(tag, 20, 30))).body.accepted).toBe(10);
      await expect(a.getByTestId("stat-would")).toHaveText("10", { timeout: 20_000 });
      await expect(a.getByTestId("rule-hit").filter({ hasText: "Would act" })).toHaveCount(10);
      expect(await count(0, 30, "LIVE")).toBe(30);

      // Enforcement takes rooms down: a second shift lead must approve; the one who asked cannot.
      await a.getByRole("button", { name: "Ask to enforce…" }).click();
      await expect(a.getByTestId("awaiting-approval")).toContainText("waiting for a second shift lead");
      const b = await signedInPage("SHIFT_LEAD");
      await b.goto(ruleUrl);
      await b.getByTestId("approve-enforcement").getByRole("button", { name: "Approve enforcement" }).click();
      await expect(b.getByText("Enforcing", { exact: true })).toBeVisible();
      await expect(a.getByText("Enforcing", { exact: true })).toBeVisible({ timeout: 20_000 });

      // The wave goes on: new rooms are taken down as they are flagged, with nobody clicking.
      expect((await ingest(request, wave(tag, 30, 40))).body.accepted).toBe(10);
      expect(await count(30, 40, "TAKEN_DOWN")).toBe(10);
      await expect(a.getByTestId("stat-acted")).toHaveText("10", { timeout: 20_000 });

      // A surge beyond its ceiling (30 a minute): 20 more act, the rest are held back, the rule drops to shadow and the lead is told.
      expect((await ingest(request, wave(tag, 40, 80))).body.accepted).toBe(40);
      expect(await count(40, 80, "TAKEN_DOWN")).toBe(20);
      await expect(a.getByTestId("rule-tripped")).toContainText("more than 30 actions in a minute", { timeout: 20_000 });
      await expect(a.getByText(/tripped its breaker and dropped to shadow/)).toBeVisible();

      // Undo everything it did: 30 rooms come back.
      await a.getByRole("tab", { name: "Undo" }).click();
      await a.getByTestId("undo-reason").fill("the wave was a sanctioned stress test");
      await a.getByRole("button", { name: /^Undo everything since/ }).click();
      await expect(a.getByText(/^Undone: 30 rooms restored/)).toBeVisible({ timeout: 30_000 });
      expect(await count(30, 80, "LIVE")).toBe(50);
      const history = await db.query(`SELECT action FROM audit_log WHERE "targetType" = 'rule' AND "targetId" = $1 ORDER BY id`, [ruleUrl.split("/").pop()]);
      expect(history.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(["rule.create", "rule.shadow", "rule.enforce_request", "rule.enforce_approve", "rule.act", "rule.trip", "rule.undo"]),
      );
    } finally {
      await db.end();
      await endRooms(`rl-${tag}-`);
    }
  });
});
