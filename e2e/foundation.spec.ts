import { io } from "socket.io-client";
import { E2E_URL } from "../playwright.config";
import { DEMO, DEMO_PASSWORD, expect, refused, type Role, test } from "./fixtures";

const NAV: Record<Role, string[]> = {
  MODERATOR: ["Overview", "Live wall", "Clusters", "Takedowns", "Incidents", "Rules"],
  SHIFT_LEAD: ["Overview", "Live wall", "Clusters", "Takedowns", "Incidents", "Controls", "Rules", "Playbooks"],
  EXECUTIVE: ["Overview", "Incidents", "Controls"],
  ADMIN: ["Overview", "Live wall", "Clusters", "Takedowns", "Incidents", "Controls", "Rules", "Playbooks", "Users", "Access review", "Ingest tokens"],
};
const ROLES = Object.keys(NAV) as Role[];

test.describe("foundation", () => {
  for (const role of ROLES) {
    test(`${role} signs in and sees only their navigation`, async ({ signedInPage }) => {
      const page = await signedInPage(role);
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText(NAV[role]);
      await expect(page.getByTestId("shell-role")).toBeVisible();
      await expect(page.getByText("Live", { exact: true })).toBeVisible(); // socket connected
    });
  }

  // The one test that signs in as the shared demo accounts, on purpose: it is about them. The
  // README documents these four accounts and their password; `npm start` must create them with
  // their roles. Every other test acts as users of its own.
  test("the documented demo accounts sign in with the demo password, each with its role's navigation", async ({ signedInPage }) => {
    for (const role of ROLES) {
      const page = await signedInPage({ email: DEMO[role], password: DEMO_PASSWORD });
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(NAV[role]);
      await expect(page.getByTestId("shell-role")).toBeVisible();
    }
    // The second shift lead: four eyes (enforcing rules, arming playbooks) needs two.
    const second = await signedInPage({ email: "lead2@floodwall.local", password: DEMO_PASSWORD });
    await expect(second.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(NAV.SHIFT_LEAD);
  });

  test("the sign-in page rejects a wrong password with a message", async ({ page, makeUser }) => {
    const mod = await makeUser("MODERATOR");
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(mod.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText(/Wrong email or password/)).toBeVisible();
  });

  test("an executive calling moderator-only and admin-only procedures directly gets FORBIDDEN", async ({ api }) => {
    const exec = await api("EXECUTIVE");
    for (const [path, call] of [
      ["wall.act", () => exec.wall.act.mutate({ kind: "TAKEDOWN", roomIds: ["r1"], reason: "test" })],
      ["users.list", () => exec.users.list.query()],
    ] as const) {
      const e = await refused(call());
      expect(e.data?.httpStatus, path).toBe(403);
      expect(e.data?.code).toBe("FORBIDDEN");
    }
  });

  test("a mutation from a foreign origin is refused (CSRF)", async ({ api, tag }) => {
    // An admin's valid session, sending a foreign page's Origin.
    const admin = await api("ADMIN", { origin: "https://evil.example" });
    const e = await refused(admin.users.create.mutate({ email: `csrf-${tag}@e2e.local`, name: "x", role: "ADMIN", password: "123456789012345" }));
    expect(e.data?.httpStatus).toBe(403);
    expect(e.data?.code).toBe("FORBIDDEN");
    expect(e.message).toBe("Cross-origin request refused");
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
    // Answered by the server before the pages: data only, nothing in it may load or run.
    expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    // Pages carry the console's policy, with a fresh nonce for their scripts.
    const page = await request.get("/sign-in");
    expect(page.headers()["content-security-policy"]).toContain("script-src 'self' 'nonce-");
  });

  test("an admin deactivates a user whose open page is signed out at once", async ({ makeUser, signedInPage }) => {
    const mod = await makeUser("MODERATOR");
    const modPage = await signedInPage(mod);
    await expect(modPage.getByText("Live", { exact: true })).toBeVisible();

    const adminPage = await signedInPage("ADMIN");
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
  });

  test("a moderator locked out by failed sign-ins is unlocked by an admin and signs in at once", async ({ request, makeUser, signedInPage }) => {
    const mod = await makeUser("MODERATOR");
    // Someone guesses the moderator's password: after 8 failures the account is locked.
    const attempt = (password: string) => request.post("/api/auth/sign-in/email", { headers: { origin: E2E_URL }, data: { email: mod.email, password } });
    for (let i = 0; i < 8; i++) expect((await attempt("guessed-wrong-password")).status()).toBe(401);
    expect((await attempt(mod.password)).status()).toBe(429);

    const page = await signedInPage("ADMIN");
    await page.goto("/admin/users");
    const row = page.getByTestId(`user-row-${mod.email}`);
    await expect(row.getByText(/Sign-in locked until/)).toBeVisible();
    await row.getByRole("button", { name: `Unlock sign-in for ${mod.email}` }).click();
    await expect(row.getByText(/Sign-in locked until/)).toHaveCount(0);

    // Signs in through the form (the fixture waits for the console's navigation).
    await signedInPage(mod);
  });

  test("an admin creates a user with validation messages", async ({ signedInPage, tag }) => {
    const email = `new.person.${tag}@e2e.local`;
    const page = await signedInPage("ADMIN");
    await page.goto("/admin/users");
    const form = page.getByRole("form", { name: "New user" });
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByLabel("Name").fill("N");
    await form.getByLabel(/Initial password/).fill("short");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("a valid email address is required")).toBeVisible();
    await expect(form.getByText("at least 12 characters")).toBeVisible();
    await form.getByLabel("Email").fill(email);
    await form.getByLabel(/Initial password/).fill("a-good-long-password");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText(`Created ${email}`)).toBeVisible();
    await expect(page.getByTestId(`user-row-${email}`)).toBeVisible();
  });

  test("a moderator opening the admin page sees no access", async ({ signedInPage }) => {
    const page = await signedInPage("MODERATOR");
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  });
});
