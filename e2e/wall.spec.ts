import { card, expect, hotEvent, ingest, openWall, test } from "./fixtures";

test.describe("live wall", () => {
  test("two moderators see ingested rooms; one dismisses and it leaves the other's wall", async ({ request, signedInPage, tag }) => {
    const a = await signedInPage("MODERATOR");
    const b = await signedInPage("MODERATOR");
    await openWall(a, tag);
    await openWall(b, tag);

    const room = `wall-${tag}`;
    const res = await ingest(request, [hotEvent(room), hotEvent(room, { label: "sexual" })]);
    expect(res).toMatchObject({ status: 202, body: { accepted: 2, duplicates: 0, rejected: [] } });

    for (const p of [a, b]) {
      await expect(p.getByTestId("new-bar")).toBeVisible();
      await p.keyboard.press("n");
      await expect(card(p, room)).toBeVisible();
      await expect(card(p, room)).toContainText("2"); // two flags
    }
    await card(a, room).getByRole("button", { name: "Dismiss" }).click();
    await expect(card(a, room)).toHaveCount(0);
    await expect(card(b, room)).toHaveCount(0);
    await expect(a.getByTestId("wall-status")).toContainText("Dismissed 1 room");
  });

  test("keyboard triage: move, select, take down, undo", async ({ request, signedInPage, tag }) => {
    const page = await signedInPage("MODERATOR");
    await openWall(page, tag);
    const ids = [`kb-${tag}-1`, `kb-${tag}-2`, `kb-${tag}-3`];
    await ingest(
      request,
      ids.map((id) => hotEvent(id)),
    );
    await expect(page.getByTestId("new-bar")).toBeVisible();
    await page.keyboard.press("n");
    for (const id of ids) await expect(card(page, id)).toBeVisible();

    // The newest, highest-risk rooms are at the top; focus starts on the first card.
    const first = page.locator('[data-testid="room-card"]').first();
    await expect(first).toBeFocused();
    await page.keyboard.press("j");
    await expect(page.locator('[data-testid="room-card"]').nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(first).toBeFocused();
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await expect(page.getByText("2 selected")).toBeVisible();
    const chosen = [await first.getAttribute("data-room-id"), await page.locator('[data-testid="room-card"]').nth(1).getAttribute("data-room-id")];
    await page.keyboard.press("t");
    await expect(page.getByTestId("wall-status")).toContainText("Took down 2 rooms");
    for (const id of chosen) await expect(card(page, id!)).toHaveCount(0);

    await page.keyboard.press("u");
    await expect(page.getByTestId("wall-status")).toContainText("Undone: 2 rooms restored");
    // Restored rooms come back (behind the new bar), marked as restored.
    await expect(page.getByTestId("new-bar")).toBeVisible();
    await page.keyboard.press("n");
    for (const id of chosen) await expect(card(page, id!).getByText("Restored")).toBeVisible();

    await page.keyboard.press("Shift+?");
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  test("after the network drops and returns, the page catches up", async ({ request, signedInPage, tag }) => {
    // The page's websocket goes through this route, so the test can cut it like a network drop.
    let offline = false;
    const open: { close(): Promise<void> }[] = [];
    const page = await signedInPage("MODERATOR", {
      beforeSignIn: (p) =>
        p.routeWebSocket(/\/socket\.io\//, (ws) => {
          if (offline) return void ws.close();
          ws.connectToServer();
          open.push(ws);
        }),
    });
    await openWall(page, tag);
    const before = `net-${tag}-before`;
    await ingest(request, [hotEvent(before)]);
    await expect(page.getByTestId("new-bar")).toBeVisible();
    await page.keyboard.press("n");
    await expect(card(page, before)).toBeVisible();

    offline = true;
    for (const ws of open.splice(0)) await ws.close();
    await expect(page.getByText("Reconnecting…")).toBeVisible();
    const during = `net-${tag}-during`;
    await ingest(request, [hotEvent(during), hotEvent(during)]);
    await ingest(request, [hotEvent(before, { label: "violence" })]); // an update to a room already shown
    offline = false;

    await expect(page.getByText("Live", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("new-bar")).toBeVisible();
    await page.keyboard.press("n");
    await expect(card(page, during)).toHaveCount(1);
    await expect(card(page, before)).toContainText("Violence");
  });

  test("attacker-written titles and handles render as text", async ({ request, signedInPage, tag }) => {
    let alerted = false;
    const page = await signedInPage("MODERATOR", {
      beforeSignIn: (p) =>
        p.on("dialog", (d) => {
          alerted = true;
          void d.dismiss();
        }),
    });
    await openWall(page, tag);
    const id = `xss-${tag}`;
    const title = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    await ingest(request, [hotEvent(id, { title, handle: "\u202Egnp.exe<b>bold</b>" })]);
    await expect(page.getByTestId("new-bar")).toBeVisible();
    await page.keyboard.press("n");
    await expect(card(page, id)).toContainText(title);
    await expect(card(page, id).locator("img[src=x], script, b")).toHaveCount(0);
    expect(alerted).toBe(false);
  });

  test("a wall of 600 rooms keeps only the rows on screen in the page, and the keyboard walks past them", async ({ request, signedInPage, tag }) => {
    const page = await signedInPage("MODERATOR");
    await openWall(page, tag);
    // Slightly below the other tests' hot rooms, so they sort together after them.
    const events = Array.from({ length: 600 }, (_, i) => hotEvent(`vg-${tag}-${String(i).padStart(3, "0")}`, { score: 0.98 }));
    for (let i = 0; i < events.length; i += 200) expect((await ingest(request, events.slice(i, i + 200))).body.accepted).toBe(200);
    await expect(page.getByTestId("new-bar")).toBeVisible();
    await page.keyboard.press("n");
    await expect(page.getByTestId("wall-count")).toContainText(/^[\d,]+ shown/);
    const shown = Number((await page.getByTestId("wall-count").textContent())!.replace(/,/g, "").match(/^\d+/)![0]);
    expect(shown).toBeGreaterThanOrEqual(600);
    // Virtualised: a screenful of cards, not one element per room (a crisis wall holds 5,000).
    const inDom = await page.getByTestId("room-card").count();
    expect(inDom).toBeGreaterThan(0);
    expect(inDom).toBeLessThan(100);
    // Each card says where it sits in the whole list.
    await expect(page.getByRole("listitem").first()).toHaveAttribute("aria-setsize", String(shown));

    // j 120 times: the focused card is always on screen, the first one left the page.
    const first = await page.getByTestId("room-card").first().getAttribute("data-room-id");
    await page.locator('[data-testid="room-card"][tabindex="0"]').focus();
    for (let i = 0; i < 120; i++) await page.keyboard.press("j");
    const focused = page.locator('[data-testid="room-card"][tabindex="0"]');
    await expect(focused).toBeInViewport();
    await expect(focused).toBeFocused();
    await expect(page.getByRole("listitem").filter({ has: focused })).toHaveAttribute("aria-posinset", "121");
    await expect(card(page, first!)).toHaveCount(0);
    expect(await page.getByTestId("room-card").count()).toBeLessThan(100);
  });
});
