import type { Browser, Page } from "@playwright/test";
import { e2eDb, endRooms } from "./db";
import { expect, ingest, test, type E2EUser } from "./fixtures";

/**
 * Issue 18: a Chinese-speaking shift lead runs the containment flow in zh-CN. The browser asks for
 * Simplified Chinese (Accept-Language from the context's locale) and the reader chose Shanghai
 * time (the fw-tz cookie): every word is the zh-CN catalog's and every number, time and date is
 * formatted for zh-CN in that zone. Handles and titles are attacker-written and stay as sent.
 */
const ZONE = "Asia/Shanghai";
const BIG_AUDIENCE = 123_456;

/** A ring as the simulator's bots look: one device pool, one network, one handle template, registered in one burst. */
function ringEvents(tag: string, from: number, to: number) {
  const now = new Date().toISOString();
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      eventId: `zh-${tag}-${i}`,
      occurredAt: now,
      source: "classifier",
      label: "sexual",
      score: 0.97,
      room: { id: `zh-${tag}-room-${i}`, title: `深夜直播 ${i}`, startedAt: now, viewerCount: i === 0 ? BIG_AUDIENCE : 300 + i },
      account: {
        id: `zh-${tag}-acct-${i}`,
        handle: `yeban${tag}_${3000 + i}`,
        registeredAt: new Date(Date.now() - 8 * 86_400_000 + i * 500).toISOString(),
        realNameVerified: false,
        deviceId: `zhdev-${tag}-${i % 4}`,
        ip: `198.51.100.${(i % 200) + 1}`,
      },
    };
  });
}

/** A browser that asks for Simplified Chinese, signed in over HTTP (the sign-in page is not what this spec is about). */
async function chinesePage(browser: Browser, user: E2EUser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: ZONE });
  await context.addCookies([{ name: "fw-tz", value: ZONE, url: baseURL }]);
  const res = await context.request.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL },
    data: { email: user.email, password: user.password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return context.newPage();
}

/** What the reader's browser makes of a number or an instant with the console's formats (components/ui/format.ts). */
const zhFormat = (page: Page, kind: "compact" | "dateTime", value: number) =>
  page.evaluate(
    ([k, v, zone]) =>
      k === "compact"
        ? new Intl.NumberFormat("zh-CN", { notation: "compact", maximumFractionDigits: 1 }).format(v)
        : new Intl.DateTimeFormat("zh-CN", {
            year: "numeric",
            month: "short",
            day: "numeric",
            hour: "2-digit",
            minute: "2-digit",
            hourCycle: "h23",
            timeZone: zone,
            timeZoneName: "short",
          }).format(v),
    [kind, value, ZONE] as const,
  );

test.describe("the console in Simplified Chinese", () => {
  test("a Chinese-speaking shift lead sees the wave on the wall, contains its rings and lifts the order, all in zh-CN", async ({
    browser,
    request,
    makeUser,
    api,
    baseURL,
    tag,
  }) => {
    test.setTimeout(120_000);
    const db = await e2eDb();
    let incidentId: string | null = null;
    try {
      const leadUser = await makeUser("SHIFT_LEAD");
      const lead = await chinesePage(browser, leadUser, baseURL!);
      await lead.goto(`/wall?q=${tag}`);
      await expect(lead.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(lead.getByRole("heading", { name: "实时墙" })).toBeVisible();
      await expect(lead.getByTestId("wall-counters")).toContainText("被标记的在播直播间");

      // The wave: 150 ring accounts go live within seconds.
      const events = ringEvents(tag, 0, 150);
      for (let i = 0; i < 150; i += 50) expect((await ingest(request, events.slice(i, i + 50))).body.accepted).toBe(50);

      // The attack-wave alert reaches the open page, in Chinese.
      const banner = lead.getByTestId("wave-alert");
      await expect(banner).toBeVisible({ timeout: 30_000 });
      await expect(banner).toContainText("检测到攻击波");
      // Why it fired, recorded in English, read in Chinese.
      await expect(banner).toContainText(/标记速率 [\d,]+ 次\/秒|个账号团伙在过去一分钟内新增/);

      // The wall, in Chinese: counts, the label, the ring badge; the audience in zh-CN's short form (12.3万, not 123.5K).
      const roomId = `zh-${tag}-room-0`;
      await lead.goto(`/wall?q=${roomId}`);
      await expect(lead.getByTestId("wall-count")).toHaveText("显示 1 个 · 共 1 个符合", { timeout: 15_000 });
      const first = lead.locator(`[data-room-id="${roomId}"]`);
      await expect(first).toContainText("深夜直播 0"); // attacker-written title: as sent
      await expect(first).toContainText("色情");
      await expect(first).toContainText("未实名");
      expect(await zhFormat(lead, "compact", BIG_AUDIENCE)).toBe("12.3万");
      await expect(first).toContainText("12.3万");
      await expect(first.getByRole("button", { name: "下架" })).toBeVisible();
      await expect(first.getByTestId("cluster-badge")).toContainText(/团伙 ×\d+/, { timeout: 30_000 });
      const clusterHref = await first.getByTestId("cluster-badge").getAttribute("href");

      // What the alert says and offers.
      await expect(banner.getByTestId("wave-numbers")).toContainText(/峰值 [\d,]+ 次标记\/秒（30 秒均值）· \d+ 个团伙 · /);
      const contain = banner.getByTestId("contain-all");
      await expect(contain).toBeVisible({ timeout: 30_000 });
      await expect(contain).toHaveText(/^处置全部 \d+ 个团伙(（拒绝新开播）)?…$/);
      await contain.click();

      // The dialog: read once, at a time shown in Shanghai time; the ring's reason preselected (its value stays the recorded English reason).
      const dialog = lead.getByRole("dialog", { name: "处置本波攻击的团伙" });
      await expect(dialog).toContainText("常设处置令");
      await expect(dialog.getByTestId("contain-live")).not.toHaveText("0");
      await expect(dialog.getByTestId("contain-live")).toHaveText(/^\d{1,3}(,\d{3})*$/);
      await expect(dialog.getByTestId("contain-as-of")).toHaveText(/^数据时间 .*\d{2}:\d{2}:\d{2}/);
      const asOf = ((await dialog.getByTestId("contain-as-of").textContent()) ?? "").replace("数据时间 ", "");
      expect(asOf).toContain("GMT+8"); // Shanghai, as chosen — not UTC
      const reason = dialog.getByLabel(/违规原因（必填）/);
      await expect(reason).toHaveValue("Coordinated inauthentic behaviour (bot ring)");
      await expect(reason.locator("option:checked")).toHaveText("协同造假行为（机器人团伙）（推荐）");
      await expect(dialog.getByLabel("封禁这些账号（现有及新加入的）")).toBeChecked();
      await expect(dialog.getByLabel("拒绝具有这些团伙特征的账号开播")).toBeChecked();
      await expect(dialog.getByLabel("告警未关闭期间，同时处置新加入本波攻击的团伙")).toBeChecked();
      await dialog.getByRole("button", { name: /^处置 \d+ 个团伙$/ }).click();
      await expect(dialog).toBeHidden();

      // The result, in Chinese: the toast, the banner and the rooms themselves.
      await expect(lead.getByText(/^正在处置 \d+ 个团伙：已关停 [\d,]+ 个直播间，封禁 [\d,]+ 个账号。新成员一出现即被下架。/)).toBeVisible();
      await expect(banner.getByTestId("wave-contained")).toContainText("正在处置本波攻击");
      await expect(banner.getByTestId("wave-contained")).toContainText("已关停");
      await expect
        .poll(
          async () =>
            (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM live_rooms WHERE id LIKE $1 AND status = 'LIVE'`, [`zh-${tag}-room-%`])).rows[0].n,
          { timeout: 30_000 },
        )
        .toBe(0);

      // The P0, declared once the rings are contained: its timeline is written by the server and
      // read in Chinese (the catalog's words; the title and emails as written).
      // Declared from the wave's alert: its impact starts with the rings' first rooms, so what was
      // done before the declaration (the alert, the order) is backfilled onto the timeline.
      const alert = await db.query<{ id: string }>(`SELECT id FROM attack_alerts WHERE "closedAt" IS NULL ORDER BY "openedAt" DESC LIMIT 1`);
      const incident = await (await api(leadUser)).incidents.declare.mutate({
        title: `夜间浪潮 ${tag}`,
        summary: "机器人团伙",
        severity: "P0",
        commanderId: leadUser.id,
        alertId: alert.rows[0]?.id,
      });
      incidentId = incident.id;

      // The ring's page: its members' registrations as zh-CN dates in Shanghai time.
      expect(clusterHref).toMatch(/^\/clusters\/C-/);
      await lead.goto(clusterHref!);
      await expect(lead.getByRole("heading", { name: /^团伙 C-/ })).toBeVisible();
      await expect(lead.getByText("这些账号为何被关联")).toBeVisible();
      await expect(lead.getByTestId("cluster-explanations")).toContainText(/个账号共用设备|个账号位于网络|集中注册/, { timeout: 15_000 });
      const members = lead.getByRole("table", { name: "团伙成员" });
      await expect(members.getByRole("columnheader", { name: `注册时间（${ZONE}）` })).toBeVisible();
      const registered = await zhFormat(lead, "dateTime", Date.parse(events[0].account.registeredAt));
      expect(registered).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日/);
      await expect(members.getByRole("row").filter({ hasText: events[0].account.handle })).toContainText(registered);

      // The standing order, lifted with restore, in Chinese.
      await lead.goto("/clusters");
      await expect(lead.getByRole("heading", { name: "账号团伙" })).toBeVisible();
      const order = lead.getByTestId("order").filter({ hasText: "新加入本波攻击的团伙" }).first();
      await expect(order).toContainText("生效中");
      await expect(order.getByTestId("order-counts")).toContainText(/已关停 [\d,]+ 个直播间/);
      await order.getByRole("button", { name: "解除…" }).click();
      const lift = lead.getByRole("dialog", { name: "解除处置令" });
      await lift.getByLabel("原因（必填）").fill("演练结束：恢复");
      await lift.getByLabel(/同时撤销/).check();
      await lift.getByRole("button", { name: "解除并恢复" }).click();
      await expect(lift).toBeHidden();
      await expect(lead.getByText(/^处置令已解除并撤销：恢复 [\d,]+ 个直播间，解封 [\d,]+ 个账号。$/)).toBeVisible();

      // The incident's story, in Chinese: the declaration and the lifted order.
      await lead.goto(`/incidents/${incident.id}`);
      const timeline = lead.getByTestId("incident-timeline");
      await expect(timeline).toContainText(`${leadUser.email} 宣布 P0：夜间浪潮 ${tag}。指挥官 ${leadUser.email}。`);
      await expect(timeline).toContainText(/的遏制令（\d+ 个团伙）已由 \S+ 解除；恢复 [\d,]+ 个房间，解封 [\d,]+ 个账号 — 演练结束：恢复/);
      // Backfilled from before the declaration, in Chinese too.
      await expect(timeline).toContainText("检测到攻击浪潮：");
      await expect(timeline).toContainText(/\S+ 的遏制令：\d+ 个团伙及本轮浪潮新增的团伙 — /);
      await expect(timeline).not.toContainText(/declared by|Containment order|Attack wave detected/);
      await lead.context().close();
    } finally {
      // Never leave a standing order behind for later specs.
      await db.query(`UPDATE containment_orders SET status = 'LIFTED', "liftedAt" = now() WHERE status IN ('ACTIVE', 'PENDING_APPROVAL')`);
      if (incidentId) await db.query(`UPDATE incidents SET status = 'CLOSED', "closedAt" = now() WHERE id = $1`, [incidentId]);
      await db.end();
      await endRooms(`zh-${tag}-`);
    }
  });
});
