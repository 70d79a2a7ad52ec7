import AxeBuilder from "@axe-core/playwright";
import { rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { startConsole, type ConsoleProcess } from "../scripts/console-process";
import { ssoConsoleEnv, startTestIdp, type TestIdp } from "../server/test/oidc-idp";
import { secretOf, totp } from "../server/test/totp";

// Single sign-on in a browser. The shared e2e server runs in demo mode without SSO, so this spec
// starts a console of its own (the same build, its own embedded Postgres) configured for a real
// OpenID Connect provider process (oidc-provider, as in the integration test), and with second
// factors required of shift leads and admins.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
const PG_PORT = Number(process.env.E2E_PG_PORT ?? 54339) + 1;
const DATA_DIR = `${process.env.E2E_DATA_DIR ?? ".data/e2e"}-sso`;
const URL_ = `http://localhost:${PORT}`;

let idp: TestIdp;
let server: ConsoleProcess | undefined;

async function problems(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${where}: ${v.id} on ${v.nodes[0]?.target.join(" ")}`);
}

async function query<T extends Record<string, unknown>>(text: string, params: unknown[] = []) {
  const db = new pg.Client({ host: "127.0.0.1", port: PG_PORT, user: "postgres", password: "floodwall-embedded", database: "floodwall" });
  await db.connect();
  try {
    return (await db.query<T>(text, params)).rows;
  } finally {
    await db.end();
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  idp = await startTestIdp({
    redirectUris: [`${URL_}/api/auth/callback/sso`],
    accounts: {
      lee: { password: "idp-password-lee", email: "lee@corp.test", name: "Lee Lead", groups: ["staff", "fw-leads"] },
      nia: { password: "idp-password-nia", email: "nia@corp.test", name: "Nia New", groups: ["staff"] },
    },
  });
  rmSync(DATA_DIR, { recursive: true, force: true });
  // The build the shared e2e server just made (NEXT_DIST_DIR), run directly: no second build.
  server = await startConsole({
    name: "sso-test server",
    entry: "server.ts",
    url: URL_,
    startTimeoutMs: 90_000,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      FLOODWALL_DATA_DIR: DATA_DIR,
      EMBEDDED_PG_PORT: String(PG_PORT),
      FLOODWALL_DEMO_TRAFFIC: "off",
      SIGNIN_RATE_PER_MINUTE: "1000",
      ...ssoConsoleEnv(idp),
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  await idp?.close();
  rmSync(DATA_DIR, { recursive: true, force: true });
});

/** "Sign in with Corp IdP", then the provider's own login and consent pages. */
async function ssoSignIn(page: Page, login: string, password: string) {
  await page.goto(`${URL_}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Corp IdP" }).click();
  await page.getByLabel("Username").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
}

test.describe("single sign-on and required second factors", () => {
  test("a shift lead signs in with the identity provider and gets the role its groups map to", async ({ page }) => {
    await page.goto(`${URL_}/sign-in`);
    // Both ways in: the provider's button and, with local passwords on, the password form.
    await expect(page.getByRole("button", { name: "Sign in with Corp IdP" })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
    expect(await problems(page, "sign-in with SSO")).toEqual([]);
    await ssoSignIn(page, "lee", "idp-password-lee");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.getByTestId("shell-role")).toHaveText("Shift lead");
    const rows = await query<{ lastSignInMethod: string; role: string }>(`SELECT "lastSignInMethod", role FROM users WHERE email = 'lee@corp.test'`);
    expect(rows[0]).toEqual({ lastSignInMethod: "sso", role: "SHIFT_LEAD" });
  });

  test("someone whose groups map to no role waits on /account", async ({ page }) => {
    await ssoSignIn(page, "nia", "idp-password-nia");
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("pending-role")).toContainText("Waiting for an admin to give you a role");
    await page.goto(`${URL_}/wall`);
    await expect(page).toHaveURL(/\/account$/);
    expect(await problems(page, "account waiting for a role")).toEqual([]);
  });

  test("a shift lead signing in with a password must set up an authenticator app before anything else", async ({ page }) => {
    await page.goto(`${URL_}/sign-in`);
    await page.getByLabel("Email").fill("lead@floodwall.local");
    await page.getByLabel("Password").fill("floodwall-demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("needs-two-factor")).toContainText("Set up an authenticator app first");
    await page.goto(`${URL_}/incidents`);
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await page.getByLabel("Your password").fill("floodwall-demo");
    await page.getByRole("button", { name: "Continue" }).click();
    const key = secretOf((await page.getByTestId("totp-uri").textContent()) ?? "");
    await page.getByLabel("6-digit code from the app").fill(totp(key));
    await page.getByRole("button", { name: "Verify and turn on" }).click();
    await expect(page.getByTestId("recovery-code")).toHaveCount(10);
    // Required for the role: it cannot be turned off here.
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.goto(`${URL_}/account`);
    await expect(page.getByTestId("two-factor-state")).toHaveText("On");
    await expect(page.getByRole("button", { name: "Turn off" })).toHaveCount(0);
  });
});
