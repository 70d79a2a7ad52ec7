import { io } from "socket.io-client";
import { E2E_URL } from "../playwright.config";
import { apiAs, DEMO, expect, signIn, test, trpc } from "./fixtures";

const NAV: Record<keyof typeof DEMO, string[]> = {
  MODERATOR: ["Overview", "Live wall", "Clusters", "Takedowns", "Incidents"],
  SHIFT_LEAD: ["Overview", "Live wall", "Clusters", "Takedowns", "Incidents", "Controls"],
  EXECUTIVE: ["Overview", "Incidents", "Controls"],
  ADMIN: ["Overview", "Live wall", "Clusters", "Takedowns", "Incidents", "Controls", "Users", "Ingest tokens"],
};

test.describe("foundation", () => {
  for (const role of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
    test(`${role} signs in and sees only their navigation`, async ({ page }) => {
      await signIn(page, DEMO[role]);
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText(NAV[role]);
      await expect(page.getByTestId("shell-role")).toBeVisible();
      await expect(page.getByText("Live", { exact: true })).toBeVisible(); // socket connected
    });
  }

  test("the sign-in page rejects a wrong password with a message", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(DEMO.MODERATOR);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText(/Wrong email or password/)).toBeVisible();
  });

  test("an executive calling moderator-only and admin-only procedures directly gets FORBIDDEN", async () => {
    const exec = await apiAs(DEMO.EXECUTIVE);
    for (const [path, input, type] of [
      ["wall.act", { kind: "TAKEDOWN", roomIds: ["r1"], reason: "test" }, "mutation"],
      ["users.list", undefined, "query"],
    ] as const) {
      const res = await trpc(exec, path, input, type);
      expect(res.status, path).toBe(403);
      expect(res.error.data.code).toBe("FORBIDDEN");
    }
    await exec.dispose();
  });

  test("a mutation from a foreign origin is refused (CSRF)", async () => {
    const admin = await apiAs(DEMO.ADMIN);
    const res = await admin.post("/api/trpc/users.create", {
      headers: { origin: "https://evil.example" },
      data: { json: { email: "x@y.z", name: "x", role: "ADMIN", password: "123456789012345" } },
    });
    expect(res.status()).toBe(403);
    await admin.dispose();
  });

  test("an anonymous socket is refused", async () => {
    const socket = io(E2E_URL, { path: "/socket.io", transports: ["websocket"], reconnection: false });
    const err = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
    expect(err.message).toBe("unauthorized");
    expect(socket.connected).toBe(false);
    socket.close();
  });

  test("health reports the database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok" });
    expect(res.headers()["content-security-policy"]).toContain("script-src 'self' 'nonce-");
  });

  test("an admin deactivates a user whose open page is signed out at once", async ({ browser, makeUser }) => {
    const mod = await makeUser("MODERATOR");
    const modCtx = await browser.newContext();
    const modPage = await modCtx.newPage();
    await signIn(modPage, mod.email, mod.password);
    await expect(modPage.getByText("Live", { exact: true })).toBeVisible();

    const adminCtx = await browser.newContext();
    const adminPage = await adminCtx.newPage();
    await signIn(adminPage, DEMO.ADMIN);
    await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    const row = adminPage.getByTestId(`user-row-${mod.email}`);
    adminPage.once("dialog", (d) => d.accept());
    await row.getByRole("button", { name: "Deactivate" }).click();
    await expect(row.getByText("Deactivated")).toBeVisible();

    // The moderator's page is sent to the sign-in page with the reason, without a reload.
    await expect(modPage).toHaveURL(/\/sign-in/);
    await expect(modPage.getByText("Your account was deactivated.")).toBeVisible();
    // And the password no longer works.
    await modPage.getByLabel("Email").fill(mod.email);
    await modPage.getByLabel("Password").fill(mod.password);
    await modPage.getByRole("button", { name: "Sign in" }).click();
    await expect(modPage.getByText(/Wrong email or password/)).toBeVisible();
    await modCtx.close();
    await adminCtx.close();
  });

  test("a moderator locked out by failed sign-ins is unlocked by an admin and signs in at once", async ({ browser, page, request, makeUser }) => {
    const mod = await makeUser("MODERATOR");
    // Someone guesses the moderator's password: after 8 failures the account is locked.
    const attempt = (password: string) => request.post("/api/auth/sign-in/email", { headers: { origin: E2E_URL }, data: { email: mod.email, password } });
    for (let i = 0; i < 8; i++) expect((await attempt("guessed-wrong-password")).status()).toBe(401);
    expect((await attempt(mod.password)).status()).toBe(429);

    await signIn(page, DEMO.ADMIN);
    await page.goto("/admin/users");
    const row = page.getByTestId(`user-row-${mod.email}`);
    await expect(row.getByText(/Sign-in locked until/)).toBeVisible();
    await row.getByRole("button", { name: `Unlock sign-in for ${mod.email}` }).click();
    await expect(row.getByText(/Sign-in locked until/)).toHaveCount(0);

    const modCtx = await browser.newContext();
    await signIn(await modCtx.newPage(), mod.email, mod.password);
    await modCtx.close();
  });

  test("an admin creates a user with validation messages", async ({ page }) => {
    await signIn(page, DEMO.ADMIN);
    await page.goto("/admin/users");
    const form = page.getByRole("form", { name: "New user" });
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByLabel("Name").fill("N");
    await form.getByLabel(/Initial password/).fill("short");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("a valid email address is required")).toBeVisible();
    await expect(form.getByText("at least 12 characters")).toBeVisible();
    await form.getByLabel("Email").fill("new.person@e2e.local");
    await form.getByLabel(/Initial password/).fill("a-good-long-password");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("Created new.person@e2e.local")).toBeVisible();
    await expect(page.getByTestId("user-row-new.person@e2e.local")).toBeVisible();
  });

  test("a moderator opening the admin page sees no access", async ({ page }) => {
    await signIn(page, DEMO.MODERATOR);
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  });
});
