import { card, expect, hotEvent, ingest, openWall, refused, test } from "./fixtures";

test.describe("mass takedown", () => {
  test("a shift lead takes down everything matching a filter in one click; a moderator watches them vanish", async ({ request, signedInPage, tag }) => {
    // Rooms with a label no other spec uses, so the filter selects exactly these.
    const ids = Array.from({ length: 60 }, (_, i) => `mt-${tag}-${i}`);
    const res = await ingest(
      request,
      ids.map((id) => hotEvent(id, { label: "gambling", score: 0.97 })),
    );
    expect(res.body.accepted).toBe(60);

    const mod = await signedInPage("MODERATOR");
    await mod.goto(`/wall?labels=gambling&q=${tag}`);
    await expect(mod.getByTestId("wall-count")).toContainText("60 matching");

    const lead = await signedInPage("SHIFT_LEAD");
    await lead.goto(`/wall?labels=gambling&q=${tag}`);
    await expect(lead.getByTestId("wall-count")).toContainText("60 matching");
    await lead.getByRole("button", { name: /Take down all matching \(60\)/ }).click();
    const dialog = lead.getByRole("dialog");
    await expect(dialog.getByTestId("preview-count")).toHaveText("60");
    await dialog.getByLabel("Policy reason (required)").selectOption("Illegal gambling");
    await dialog.getByLabel("Also ban the accounts").check();
    await dialog.getByRole("button", { name: "Take down 60 rooms" }).click();
    // One confirm, one batch: the dialog closes and says what was done.
    await expect(dialog).toBeHidden();
    await expect(lead.getByText("Taking down 60 rooms and banning their accounts; the platform is being told.")).toBeVisible();

    // The moderator's wall empties, and the batch's progress bar reaches the end there too.
    await expect(mod.locator('[data-testid="room-card"]')).toHaveCount(0);
    const bar = mod.getByTestId("batch-progress").first();
    await expect(bar).toHaveAttribute("data-status", "COMPLETED", { timeout: 30_000 });
    // 60 rooms ended and 60 accounts banned: 120 platform calls.
    await expect(bar).toContainText("120 decided · 120 confirmed by the platform · 0 not yet");
    await expect(bar.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "120");
  });

  test("a moderator's 500-room batch waits for approval and runs after a shift lead approves it", async ({ request, makeUser, signedInPage, tag }) => {
    const ids = Array.from({ length: 500 }, (_, i) => `ap-${tag}-${i}`);
    expect(
      (
        await ingest(
          request,
          // Accounts of every age, not one registration burst: ordinary rooms, not a ring.
          ids.map((id, i) => hotEvent(id, { label: "hate", score: 0.96, registeredAt: new Date(Date.now() - (i + 1) * 7 * 86_400_000).toISOString() })),
        )
      ).body.accepted,
    ).toBe(500);

    const lead = await signedInPage("SHIFT_LEAD");
    await lead.goto("/takedowns");
    await expect(lead.getByRole("heading", { name: /Waiting for approval/ })).toBeVisible();

    const modUser = await makeUser("MODERATOR");
    const mod = await signedInPage(modUser);
    await mod.goto(`/wall?labels=hate&minScore=0.9&q=${tag}`);
    await expect(mod.getByTestId("wall-count")).toContainText("500 matching");
    await mod.keyboard.press("Shift+T");
    const dialog = mod.getByRole("dialog");
    await expect(dialog.getByTestId("preview-count")).toHaveText("500");
    // The rooms' labels suggest the reason; nothing is preselected without one.
    await expect(dialog.getByLabel(/Policy reason/)).toHaveValue("Hate");
    await dialog.getByRole("button", { name: "Request approval for 500 rooms" }).click();
    await expect(dialog).toBeHidden();
    await expect(mod.getByText("Sent to the shift leads for approval: 500 rooms.")).toBeVisible();

    // The request appears live on the lead's open page and in the header badge.
    await expect(lead.getByTestId("approvals-badge")).toBeVisible();
    const req = lead.getByTestId("approval-request").filter({ hasText: modUser.email });
    await expect(req).toContainText("500");
    await expect(mod.getByTestId("wall-count")).toContainText("500 matching"); // nothing ran yet

    await req.getByLabel("Reason").fill("sample checked: all hate streams");
    await req.getByRole("button", { name: "Approve and run" }).click();
    await expect(mod.locator('[data-testid="room-card"]')).toHaveCount(0);
    await expect(mod.getByTestId("wall-count")).toContainText("0 matching");
  });

  test("undo: a shift lead restores a whole batch and the rooms come back marked restored", async ({ request, makeUser, api, signedInPage, tag }) => {
    const ids = Array.from({ length: 5 }, (_, i) => `un-${tag}-${i}`);
    await ingest(
      request,
      ids.map((id) => hotEvent(id, { label: "fraud", score: 0.98 })),
    );
    // One shift lead takes the batch down over the API and restores it on the page.
    const lead = await makeUser("SHIFT_LEAD");
    const leadApi = await api(lead);
    const p = await leadApi.takedown.preview.mutate({ selection: { kind: "manual", roomIds: ids } });
    const c = await leadApi.takedown.confirm.mutate({ batchId: p.batchId, reason: "Fraud or scam", banAccounts: true, endOtherRooms: false });
    expect(c.status).toBe("RUNNING");
    // A retried confirm is the same batch.
    expect(await leadApi.takedown.confirm.mutate({ batchId: p.batchId, reason: "Fraud or scam", banAccounts: true, endOtherRooms: false })).toMatchObject({
      batchId: p.batchId,
      repeated: true,
    });

    const page = await signedInPage(lead);
    await page.goto(`/takedowns/${p.batchId}`);
    await expect(page.getByText("Rooms taken down")).toBeVisible();
    await page.getByLabel("Restore reason").fill("false positive: payment test streams");
    await page.getByRole("button", { name: "Restore the whole batch" }).click();
    await expect(page.getByText("Restored 5 rooms.")).toBeVisible();

    await openWall(page, tag);
    await expect(page.getByTestId("wall-count")).toContainText("shown");
    for (const id of ids) await expect(card(page, id).getByText("Restored")).toBeVisible();
  });

  test("bad input: empty selection, missing reason, executive refused", async ({ api }) => {
    const lead = await api("SHIFT_LEAD");
    const empty = await refused(lead.takedown.preview.mutate({ selection: { kind: "manual", roomIds: [] } }));
    expect(empty.data?.httpStatus).toBe(400);
    const none = await refused(lead.takedown.preview.mutate({ selection: { kind: "filter", filter: { labels: ["other"], minScore: 1 } } }));
    expect(none.data?.httpStatus).toBe(400);
    expect(none.message).toMatch(/selection is empty/);
    const noReason = await refused(lead.takedown.confirm.mutate({ batchId: "00000000-0000-4000-8000-000000000000", reason: "" }));
    expect(noReason.data?.httpStatus).toBe(400);
    expect(JSON.stringify(noReason.data?.zodError)).toContain("a policy reason is required");
    const exec = await api("EXECUTIVE");
    expect((await refused(exec.takedown.preview.mutate({ selection: { kind: "manual", roomIds: ["x"] } }))).data?.httpStatus).toBe(403);
    const mod = await api("MODERATOR");
    expect(
      (await refused(mod.takedown.decide.mutate({ batchId: "00000000-0000-4000-8000-000000000000", approve: true, reason: "yes" }))).data?.httpStatus,
    ).toBe(403);
  });
});
