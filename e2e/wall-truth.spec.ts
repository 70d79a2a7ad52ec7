import { e2eDb, endRooms } from "./db";
import { card, expect, hotEvent, ingest, openWall, test } from "./fixtures";

test.describe("the wall tells the truth", () => {
  test("search finds rooms by title, handle and id; the whole wall is never one click from a takedown", async ({ request, signedInPage, tag }) => {
    const ids = Array.from({ length: 5 }, (_, i) => `sr-${tag}-${i}`);
    await ingest(
      request,
      ids.map((id, i) => hotEvent(id, { title: i === 0 ? `Night market ${tag.toUpperCase()} special` : `plain stream ${i}`, handle: `srch_${tag}_${i}` })),
    );
    const lead = await signedInPage("SHIFT_LEAD");
    await openWall(lead);
    // No filter: only a selection can be taken down in bulk.
    await expect(lead.getByTestId("mass-takedown")).toHaveCount(0);
    await lead.keyboard.press("/");
    await expect(lead.getByTestId("wall-search")).toBeFocused();
    // The title, in another case.
    await lead.keyboard.type(`market ${tag}`);
    await expect(lead.getByTestId("wall-count")).toHaveText("1 shown · 1 matching");
    await expect(card(lead, ids[0])).toBeVisible();
    expect(new URL(lead.url()).searchParams.get("q")).toBe(`market ${tag}`);
    await expect(lead.getByTestId("mass-takedown")).toHaveText("Take down all matching (1)…");
    // A handle, then a room id.
    await lead.getByTestId("wall-search").fill(`srch_${tag}_3`);
    await expect(lead.getByTestId("wall-count")).toHaveText("1 shown · 1 matching");
    await expect(card(lead, ids[3])).toBeVisible();
    await lead.getByTestId("wall-search").fill(`sr-${tag}-`);
    await expect(lead.getByTestId("wall-count")).toHaveText("5 shown · 5 matching");
    // Wildcards are text, not patterns.
    await lead.getByTestId("wall-search").fill(`sr%${tag}`);
    await expect(lead.getByTestId("wall-count")).toHaveText("0 shown · 0 matching");
  });

  test("two moderators: a claim shows who handles a room and keeps the other's hands off it; presence shows who is looking; my queue", async ({
    request,
    signedInPage,
    makeUser,
    tag,
  }) => {
    const ids = Array.from({ length: 4 }, (_, i) => `cm-${tag}-${i}`);
    await ingest(
      request,
      ids.map((id) => hotEvent(id, { title: `claim ${tag}` })),
    );
    const miaUser = await makeUser("MODERATOR");
    const mia = await signedInPage(miaUser);
    const ola = await signedInPage("MODERATOR");
    for (const p of [mia, ola]) {
      await p.goto(`/wall?q=claim+${tag}`);
      await expect(p.getByTestId("wall-count")).toHaveText("4 shown · 4 matching");
    }
    // Mia focuses a room and claims it with c.
    await card(mia, ids[0]).click();
    await mia.keyboard.press("c");
    await expect(mia.getByTestId("claim-status")).toHaveText("Yours: 1 room.");
    await expect(card(mia, ids[0]).getByTestId("claim")).toHaveText("Yours");
    // Ola sees it is Mia's, sees Mia looking at it, and cannot act on it.
    await expect(card(ola, ids[0]).getByTestId("claim")).toContainText("has it");
    await expect(card(ola, ids[0]).getByTestId("viewers")).toBeVisible();
    await expect(card(ola, ids[0]).getByRole("button", { name: "Take down" })).toBeDisabled();
    await card(ola, ids[0]).click();
    await ola.keyboard.press("d");
    await expect(ola.getByTestId("claim-status")).toContainText("1 skipped (claimed by");
    await expect(card(ola, ids[0])).toBeVisible();
    // Ola takes the next rooms into her queue: Mia's room is not among them.
    await ola.keyboard.press("Shift+C");
    await expect(ola.getByTestId("claim-status")).toHaveText("Yours: 3 rooms.");
    await ola.getByTestId("my-queue").click();
    await expect(ola.getByTestId("wall-count")).toHaveText("3 shown · 3 matching");
    await expect(card(ola, ids[0])).toHaveCount(0);
    // Mia dismisses her room: it leaves both walls and the claim goes with it.
    await card(mia, ids[0]).getByRole("button", { name: "Dismiss" }).click();
    await expect(card(mia, ids[0])).toHaveCount(0);
  });

  test("a long-open wall agrees with a fresh load after a flood bigger than the page holds", async ({ request, signedInPage, tag }) => {
    test.setTimeout(120_000);
    const label = "fraud" as const;
    const q = `flood ${tag}`;
    const page = await signedInPage("MODERATOR");
    await page.goto(`/wall?q=${encodeURIComponent(q)}`);
    await expect(page.getByTestId("wall-count")).toHaveText("0 shown · 0 matching");
    // 2,600 rooms (the page keeps 2,000 waiting), then every one of them flagged twice more.
    const ids = Array.from({ length: 2600 }, (_, i) => `fl-${tag}-${i}`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ids.length; i += 1000) {
        const res = await ingest(
          request,
          ids.slice(i, i + 1000).map((id) => hotEvent(id, { title: `${q} ${id}`, label })),
        );
        expect(res.status).toBe(202);
      }
    }
    const fresh = await signedInPage("MODERATOR");
    await fresh.goto(`/wall?q=${encodeURIComponent(q)}`);
    await expect(fresh.getByTestId("wall-count")).toHaveText(/ · 2,600 matching$/);
    await expect(page.getByTestId("wall-count")).toHaveText("0 shown · 2,600 matching", { timeout: 20_000 });
    await expect(page.getByTestId("new-bar")).toHaveText("2,600 new · show (n)");
    // Half of them are taken down elsewhere: both pages say so.
    const db = await e2eDb();
    try {
      await db.query(`UPDATE live_rooms SET status = 'ENDED', version = nextval('live_rooms_version_seq') WHERE id = ANY($1::text[])`, [ids.slice(0, 1300)]);
    } finally {
      await db.end();
    }
    await expect(page.getByTestId("wall-count")).toHaveText("0 shown · 1,300 matching", { timeout: 30_000 });
    await page.keyboard.press("n");
    await expect(page.getByTestId("wall-count")).toHaveText("1,300 shown · 1,300 matching");
    await endRooms(`fl-${tag}-`);
  });
});
