import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { secretOf, totp, wrongCode } from "../server/test/totp";
import { E2E_URL } from "../playwright.config";
import { e2eDb } from "./db";
import { expect, test, type E2EUser } from "./fixtures";

/** Serious and critical WCAG 2.1 A/AA problems on what the page shows now (as accessibility.spec.ts). */
async function axe(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.impact}) on ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(" ")}`);
}

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const db = await e2eDb();
  try {
    return (await db.query<T>(text, params)).rows;
  } finally {
    await db.end();
  }
}

/** The password form, as a person fills it (the fixture's signIn also waits for the console, which a code step does not show). */
async function submitPassword(page: Page, user: Pick<E2EUser, "email" | "password">) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Sets up an authenticator app over HTTP, as the account page does (password, then a code): returns its key. */
async function enableTotpOverHttp(user: E2EUser) {
  const headers = { "content-type": "application/json", origin: E2E_URL };
  const signIn = await fetch(`${E2E_URL}/api/auth/sign-in/email`, {
    method: "POST",
    headers,
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const enable = await fetch(`${E2E_URL}/api/auth/two-factor/enable`, {
    method: "POST",
    headers: { ...headers, cookie },
    body: JSON.stringify({ password: user.password }),
  });
  expect(enable.status).toBe(200);
  const key = secretOf(((await enable.json()) as { totpURI: string }).totpURI);
  const verify = await fetch(`${E2E_URL}/api/auth/two-factor/verify-totp`, {
    method: "POST",
    headers: { ...headers, cookie },
    body: JSON.stringify({ code: totp(key) }),
  });
  expect(verify.status).toBe(200);
  return key;
}

test.describe("sign-in security", () => {
  test("a shift lead sets up an authenticator app on /account, then signs in with password and code, and with a recovery code", async ({
    signedInPage,
    makeUser,
  }) => {
    test.setTimeout(120_000);
    const found: string[] = [];
    const lead = await makeUser("SHIFT_LEAD");
    const page = await signedInPage(lead);

    // The user menu leads to the account page.
    await page.getByRole("link", { name: /your account and sign-in security/ }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(page.getByTestId("two-factor-state")).toHaveText("Off");
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await page.getByLabel("Your password").fill(lead.password);
    await page.getByRole("button", { name: "Continue" }).click();

    // The secret as a QR code and as text; the test is the authenticator app.
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    await expect(page.getByTestId("totp-secret")).not.toBeEmpty();
    const key = secretOf((await page.getByTestId("totp-uri").textContent()) ?? "");
    found.push(...(await axe(page, "account: scan step")));
    await page.getByLabel("6-digit code from the app").fill(wrongCode(key));
    await page.getByRole("button", { name: "Verify and turn on" }).click();
    await expect(page.getByText("That code did not match").first()).toBeVisible();
    await page.getByLabel("6-digit code from the app").fill(totp(key));
    await page.getByRole("button", { name: "Verify and turn on" }).click();

    // Ten recovery codes, shown once.
    const codes = page.getByTestId("recovery-code");
    await expect(codes).toHaveCount(10);
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    found.push(...(await axe(page, "account: recovery codes")));
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByTestId("two-factor-state")).toHaveText("On");
    found.push(...(await axe(page, "account: two-factor on")));
    const audited = await sql<{ action: string }>(`SELECT action FROM audit_log WHERE "targetId" = $1 OR "actorId" = $1`, [
      (await sql<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [lead.email]))[0].id,
    ]);
    expect(audited.map((a) => a.action).join(" ")).toMatch(/two-factor/);

    // Signing in again now asks for a code: a wrong one is refused, the app's code lets them in.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await submitPassword(page, lead);
    await expect(page.getByRole("heading", { name: "Enter your authentication code" })).toBeVisible();
    found.push(...(await axe(page, "sign-in: code step")));
    await page.getByLabel("6-digit code").fill(wrongCode(key));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByText("That code did not match").first()).toBeVisible();
    await page.getByLabel("6-digit code").fill(totp(key));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

    // A lost phone: a recovery code instead, once.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await submitPassword(page, lead);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code", { exact: true }).fill(recovery[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

    const methods = await sql<{ signInMethod: string }>(
      `SELECT s."signInMethod" FROM sessions s JOIN users u ON u.id = s."userId" WHERE u.email = $1 ORDER BY s."createdAt"`,
      [lead.email],
    );
    expect(methods.map((m) => m.signInMethod)).toContain("password+recovery-code");
    const last = await sql<{ lastSignInMethod: string }>(`SELECT "lastSignInMethod" FROM users WHERE email = $1`, [lead.email]);
    expect(last[0].lastSignInMethod).toBe("password+recovery-code");
    expect(found).toEqual([]);
  });

  test("step-up: an old session asking to enforce a rule re-confirms in a dialog and the action goes through", async ({ signedInPage, makeUser, api, tag }) => {
    const lead = await makeUser("SHIFT_LEAD");
    const rule = await (await api(lead)).rules.create.mutate({
      name: `Step-up rule ${tag}`,
      description: "",
      expression: `room.title.contains("${tag}")`,
      action: { kind: "FLAG_FOR_REVIEW" },
      ceilingPerMin: 100,
    });
    const page = await signedInPage(lead);
    // Every session of the lead signed in two hours ago, as far as step-up is concerned.
    await sql(`UPDATE sessions SET "authenticatedAt" = now() - interval '2 hours' WHERE "userId" = (SELECT id FROM users WHERE email = $1)`, [lead.email]);

    await page.goto(`/rules/${rule.id}`);
    await expect(page.getByTestId("rule-name")).toHaveText(`Step-up rule ${tag}`);
    await page.getByRole("button", { name: "Enforce", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await expect(dialog).toBeVisible();
    expect(await axe(page, "step-up dialog")).toEqual([]);
    await dialog.getByLabel("Your password").fill("not-the-password");
    await dialog.getByRole("button", { name: "Confirm and continue" }).click();
    await expect(dialog.getByText(/That did not match/).first()).toBeVisible();
    expect((await sql<{ mode: string }>(`SELECT mode FROM rules WHERE id = $1`, [rule.id]))[0].mode).toBe("OFF");
    await dialog.getByLabel("Your password").fill(lead.password);
    await dialog.getByRole("button", { name: "Confirm and continue" }).click();
    await expect(dialog).toBeHidden();
    // The held request was sent again once, without another click.
    await expect.poll(async () => (await sql<{ mode: string }>(`SELECT mode FROM rules WHERE id = $1`, [rule.id]))[0].mode).toBe("ENFORCE");
    const requests = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log WHERE "targetId" = $1 AND action LIKE 'rule.enforce%'`, [rule.id]);
    expect(Number(requests[0].n)).toBeGreaterThanOrEqual(1);
  });

  test("step-up: an admin with an old session changing a role can cancel, or re-confirm and the change goes through", async ({ signedInPage, makeUser }) => {
    const admin = await makeUser("ADMIN");
    const mod = await makeUser("MODERATOR");
    const page = await signedInPage(admin);
    await sql(`UPDATE sessions SET "authenticatedAt" = now() - interval '2 hours' WHERE "userId" = $1`, [admin.id]);
    await page.goto("/admin/users");
    const role = page.getByLabel(`Role of ${mod.email}`);
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    const roleNow = async () => (await sql<{ role: string }>(`SELECT role FROM users WHERE id = $1`, [mod.id]))[0].role;

    // Cancelled: nothing changes, and the page says why.
    await role.selectOption("SHIFT_LEAD");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("alert").first()).toBeVisible();
    expect(await roleNow()).toBe("MODERATOR");
    await expect(role).toHaveValue("MODERATOR");

    // Re-confirmed: the held change is sent again and goes through.
    await role.selectOption("SHIFT_LEAD");
    await dialog.getByLabel("Your password").fill(admin.password);
    await dialog.getByRole("button", { name: "Confirm and continue" }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(roleNow).toBe("SHIFT_LEAD");
    await expect(role).toHaveValue("SHIFT_LEAD");
    const fresh = await sql<{ at: Date }>(`SELECT "authenticatedAt" AS at FROM sessions WHERE "userId" = $1 ORDER BY "authenticatedAt" DESC LIMIT 1`, [
      admin.id,
    ]);
    expect(Date.now() - new Date(fresh[0].at).getTime()).toBeLessThan(60_000);
  });
  test("an admin resets a lost second factor (audited), gives a role to someone waiting, and exports the access review", async ({
    browser,
    signedInPage,
    makeUser,
  }) => {
    test.setTimeout(120_000);
    const found: string[] = [];
    const mod = await makeUser("MODERATOR");
    await enableTotpOverHttp(mod);
    // Someone whose single sign-on groups mapped to no role: signed in, waiting.
    const waiting = await makeUser("MODERATOR");
    await sql(`UPDATE users SET role = NULL WHERE email = $1`, [waiting.email]);
    const waitingContext = await browser.newContext();
    const waitingPage = await waitingContext.newPage();
    await submitPassword(waitingPage, waiting);
    await expect(waitingPage).toHaveURL(/\/account/);
    await expect(waitingPage.getByTestId("pending-role")).toContainText("Waiting for an admin to give you a role");
    found.push(...(await axe(waitingPage, "account: waiting for a role")));
    await waitingPage.goto("/wall");
    await expect(waitingPage).toHaveURL(/\/account/);

    const admin = await signedInPage("ADMIN");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    // People waiting for a role come first, with a way to give one.
    const pending = admin.getByTestId(`pending-${waiting.email}`);
    await expect(pending).toBeVisible();
    found.push(...(await axe(admin, "users page with people waiting")));
    await pending.getByLabel(`Role to give ${waiting.email}`).selectOption("MODERATOR");
    await pending.getByRole("button", { name: "Give role" }).click();
    await expect(admin.getByText(`Role given to ${waiting.email}`)).toBeVisible();

    const row = admin.getByTestId(`user-row-${mod.email}`);
    await expect(row.getByTestId("two-factor-cell")).toContainText("On");
    await row.getByRole("button", { name: `Reset second factor of ${mod.email}` }).click();
    const dialog = admin.getByRole("dialog");
    await expect(dialog).toBeVisible();
    found.push(...(await axe(admin, "reset second factor dialog")));
    await dialog.getByLabel("Reason (kept in the audit log)").fill("Lost phone, checked by a call");
    await dialog.getByRole("button", { name: "Reset second factor" }).click();
    await expect(admin.getByText(`The second factor of ${mod.email} was reset`)).toBeVisible();
    await expect(row.getByTestId("two-factor-cell")).toContainText("Off");
    const reset = await sql<{ reason: string; actorEmail: string }>(
      `SELECT reason, "actorEmail" FROM audit_log WHERE action = 'user.two-factor.reset' AND "targetId" = (SELECT id FROM users WHERE email = $1)`,
      [mod.email],
    );
    expect(reset).toHaveLength(1);
    expect(reset[0].reason).toBe("Lost phone, checked by a call");

    // The access review, and its export.
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access review" }).click();
    await expect(admin.getByRole("heading", { name: "Access review" })).toBeVisible();
    const reviewRow = admin.getByTestId(`review-row-${mod.email}`);
    await expect(reviewRow).toContainText("Moderator");
    await expect(reviewRow).toContainText("Off");
    found.push(...(await axe(admin, "access review")));
    const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByTestId("export-people").click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\n")[0]).toContain("email,name,role,status,sign_in,two_factor");
    const line = csv.split("\n").find((l) => l.startsWith(`"${mod.email}",`));
    expect(line).toContain(`,"MODERATOR","active","password","off",`);
    const exported = await sql(`SELECT 1 FROM audit_log WHERE action = 'access-review.export' AND "actorEmail" LIKE 'admin-%'`);
    expect(exported.length).toBeGreaterThan(0);
    await waitingContext.close();
    expect(found).toEqual([]);
  });

  test("the sign-in and account pages in Simplified Chinese", async ({ browser, makeUser }) => {
    const lead = await makeUser("SHIFT_LEAD");
    const context = await browser.newContext({ locale: "zh-CN" });
    await context.addCookies([{ name: "fw-locale", value: "zh-CN", url: E2E_URL }]);
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await page.getByLabel("邮箱").fill(lead.email);
    await page.getByLabel("密码").fill("wrong-password-here");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByText("邮箱或密码错误").first()).toBeVisible();
    await page.getByLabel("密码").fill(lead.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "我的账户" })).toBeVisible();
    await expect(page.getByRole("button", { name: "设置身份验证器应用" })).toBeVisible();
    await expect(page).toHaveTitle(/我的账户/);
    await context.close();
  });
});
