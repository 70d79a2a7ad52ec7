import { E2E_URL } from "../playwright.config";
import { expect, test } from "./fixtures";

// Issue 18: each person's language is stored on them; the browser's language is only the default.
test.describe("language and time zone", () => {
  test("a saved zh-CN choice follows the person to a new browser that asks for English", async ({ browser, signedInPage, makeUser }) => {
    const user = await makeUser("MODERATOR");
    const page = await signedInPage(user);
    await page.getByTestId("prefs-button").click();
    await page.getByTestId("prefs-language").selectOption("zh-CN");
    await page.getByTestId("prefs-timezone").selectOption("Asia/Shanghai");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    // The cookies are set by the server (HttpOnly), not by page script.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "fw-locale")).toMatchObject({ value: "zh-CN", httpOnly: true });

    const fresh = await browser.newContext({ locale: "en-US", extraHTTPHeaders: { "accept-language": "en-US,en;q=0.9" } });
    try {
      const p = await fresh.newPage();
      await p.goto("/sign-in");
      await expect(p.locator("html")).toHaveAttribute("lang", "en");
      await p.getByLabel("Email").fill(user.email);
      await p.getByLabel("Password").fill(user.password);
      await p.getByRole("button", { name: "Sign in" }).click();
      const nav = p.getByRole("navigation", { name: "主导航" });
      await expect(nav).toBeVisible();
      await expect(nav.getByRole("link", { name: "事件" })).toBeVisible();
      await p.reload(); // the root layout (html lang) renders again only on a full load
      await expect(p.locator("html")).toHaveAttribute("lang", "zh-CN");
    } finally {
      await fresh.close();
    }
  });

  test("me.setPrefs refuses a language or time zone we do not have", async ({ api }) => {
    const client = await api("MODERATOR");
    await expect(client.me.setPrefs.mutate({ locale: "fr" as never, timeZone: "UTC" })).rejects.toThrow();
    await expect(client.me.setPrefs.mutate({ locale: "en", timeZone: "Mars/Olympus" })).rejects.toThrow();
    expect(await client.me.setPrefs.mutate({ locale: "en", timeZone: "Europe/Berlin" })).toEqual({ locale: "en", timeZone: "Europe/Berlin" });
  });

  test("a Chinese browser reads incidents, rules and playbooks in zh-CN, errors included", async ({ browser, makeUser }) => {
    const lead = await makeUser("SHIFT_LEAD");
    const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    try {
      const page = await context.newPage();
      const signIn = await page.request.post("/api/auth/sign-in/email", {
        data: { email: lead.email, password: lead.password },
        headers: { origin: E2E_URL },
      });
      expect(signIn.status()).toBe(200);
      await page.goto("/incidents");
      await expect(page.getByRole("heading", { name: "事件", exact: true })).toBeVisible();
      await page.getByRole("button", { name: "宣布事件" }).click();
      const dialog = page.getByRole("dialog", { name: "宣布事件" });
      await expect(dialog.getByText("关键功能不可用")).toBeVisible();
      await expect(dialog.getByRole("button", { name: "宣布 P1" })).toBeVisible();
      await page.goto("/rules");
      await expect(page.getByRole("heading", { name: "处置规则" })).toBeVisible();
      await page.goto("/rules/new");
      await expect(page.getByRole("heading", { name: "新建规则" })).toBeVisible();
      await expect(page.getByLabel("条件 1：事实")).toBeVisible();
      await page.goto("/playbooks");
      await expect(page.getByRole("heading", { name: "预案", exact: true })).toBeVisible();
      // A refusal in the reader's language (the browser's Accept-Language), with its stable key for machines.
      const input = encodeURIComponent(JSON.stringify({ json: { id: "00000000-0000-4000-8000-000000000000" } }));
      const body = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/trpc/incidents.get?input=${input}`)) as {
        error: { json: { message: string; data: { errorKey: string } } };
      };
      expect(body.error.json.message).toBe("事件不存在");
      expect(body.error.json.data.errorKey).toBe("incidents.notFound");
    } finally {
      await context.close();
    }
  });
});
