import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import { randomBytes } from "node:crypto";
import superjson from "superjson";
import { E2E_URL } from "../playwright.config";
import type { Role } from "../server/contracts/roles";
import type { IngestEventInput } from "../server/contracts/ingest";
import type { AppRouter } from "../server/trpc/root";

export type { Role };

/**
 * The demo accounts `npm start` creates (README). Specs do not act as them: each test makes users
 * of its own. They are used only to bootstrap (the demo admin creates the per-test users) and by
 * the one test about the demo accounts themselves.
 */
export const DEMO_PASSWORD = "floodwall-demo";
export const DEMO: Record<Role, string> = {
  MODERATOR: "moderator@floodwall.local",
  SHIFT_LEAD: "lead@floodwall.local",
  EXECUTIVE: "exec@floodwall.local",
  ADMIN: "admin@floodwall.local",
};

/** A console user made for one test. */
export interface E2EUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** Who a page or client signs in as: a user of the test's own, or (only in the test about them) a demo account. */
export type Credentials = Pick<E2EUser, "email" | "password">;

/** A typed tRPC client signed in as one user. */
export type Api = TRPCClient<AppRouter>;

/** Signs in through the real sign-in form and waits for the console's navigation. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** Signs in over HTTP (`POST /api/auth/sign-in/email`, as JSON) and returns the session cookie. */
async function sessionCookie(email: string, password: string): Promise<string> {
  const res = await fetch(`${E2E_URL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: E2E_URL },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status, `sign in ${email}: ${await res.text()}`).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  expect(cookies.length, `sign in ${email} set no cookie`).toBeGreaterThan(0);
  return cookies.join("; ");
}

/**
 * The typed client the console's own pages use, over single requests (no batching) with the
 * session cookie and an Origin header: ours by default (mutations require a same-origin Origin),
 * another one to check that cross-site mutations are refused.
 */
function apiClient(cookie: string, origin = E2E_URL): Api {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${E2E_URL}/api/trpc`,
        transformer: superjson,
        fetch: (url, init) => {
          const headers = new Headers(init?.headers as HeadersInit | undefined);
          headers.set("cookie", cookie);
          headers.set("origin", origin);
          return fetch(url, { ...(init as RequestInit), headers });
        },
      }),
    ],
  });
}

/** The error a tRPC call was refused with; fails the test if the call succeeded or failed otherwise. */
export async function refused(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected the call to be refused, it answered ${JSON.stringify(outcome.value)?.slice(0, 300)}`);
  if (!(outcome.error instanceof TRPCClientError)) throw outcome.error;
  return outcome.error as TRPCClientError<AppRouter>;
}

/** Letters only: a tag must not add digits to handles (handle templates turn digits into NNNN). */
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join("");

interface TestFixtures {
  /** A short string unique to this test (lowercase letters), for room, account and other ids. */
  tag: string;
  /** Creates a fresh console user for this test through the admin API (tests never share mutable users). */
  makeUser: (role: Role) => Promise<E2EUser>;
  /**
   * A page in a browser context of its own, signed in through the sign-in form as a fresh user of
   * the role (or as the given user). `beforeSignIn` runs on the new page first (listeners, routes).
   * The fixture closes every context it opened.
   */
  signedInPage: (who: Role | Credentials, o?: { beforeSignIn?: (page: Page) => unknown }) => Promise<Page>;
  /** A typed tRPC client signed in as a fresh user of the role (or as the given user). */
  api: (who: Role | Credentials, o?: { origin?: string }) => Promise<Api>;
}

interface WorkerFixtures {
  /** The demo admin's client: the one account that exists before any test, so it creates the others. */
  bootstrapAdmin: Api;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be an object
  // pattern; these need none, so they name `playwright` (worker-scoped, always set up already).
  bootstrapAdmin: [
    async ({ playwright: _playwright }, use) => {
      await use(apiClient(await sessionCookie(DEMO.ADMIN, DEMO_PASSWORD)));
    },
    { scope: "worker" },
  ],

  tag: async ({ playwright: _playwright }, use) => {
    await use(letters(8));
  },

  makeUser: async ({ bootstrapAdmin, tag }, use) => {
    let n = 0;
    await use(async (role) => {
      const email = `${role.toLowerCase().replace("_", "-")}-${tag}-${++n}@e2e.local`;
      const password = `pw-${randomBytes(8).toString("hex")}`;
      const { id } = await bootstrapAdmin.users.create.mutate({ email, name: `E2E ${role} ${tag}-${n}`, role, password });
      return { id, email, password, role };
    });
  },

  signedInPage: async ({ browser, makeUser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who, o = {}) => {
      const user = typeof who === "string" ? await makeUser(who) : who;
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await o.beforeSignIn?.(page);
      await signIn(page, user.email, user.password);
      return page;
    });
    await Promise.all(contexts.map((c) => c.close()));
  },

  api: async ({ makeUser }, use) => {
    await use(async (who, o = {}) => {
      const user = typeof who === "string" ? await makeUser(who) : who;
      return apiClient(await sessionCookie(user.email, user.password), o.origin);
    });
  },
});
export { expect };

export const INGEST_TOKEN = "e2e-ingest-token-0123456789";

/** A high-risk event for a fresh room, so it sorts to the top of any wall. */
export function hotEvent(
  roomId: string,
  o: { title?: string; handle?: string; label?: IngestEventInput["label"]; score?: number; eventId?: string; verified?: boolean; registeredAt?: string } = {},
): IngestEventInput {
  const now = new Date().toISOString();
  return {
    eventId: o.eventId ?? `${roomId}-${Math.random().toString(36).slice(2)}`,
    occurredAt: now,
    source: "classifier",
    label: o.label ?? "minor_safety",
    score: o.score ?? 0.99,
    room: { id: roomId, title: o.title ?? `E2E room ${roomId}`, startedAt: now, viewerCount: 1234 },
    account: { id: `acct-${roomId}`, handle: o.handle ?? `handle_${roomId}`, registeredAt: o.registeredAt ?? now, realNameVerified: o.verified ?? false },
    evidence: { text: `evidence for ${roomId}` },
  };
}

export async function ingest(request: APIRequestContext, events: unknown[], token = INGEST_TOKEN) {
  const res = await request.post("/api/ingest/flags", { headers: { authorization: `Bearer ${token}` }, data: { events } });
  return { status: res.status(), body: await res.json() };
}

/** Opens the wall (searching for `q`, e.g. the test's tag, so other tests' rooms stay out of it) and waits until its snapshot has loaded. */
export async function openWall(page: Page, q?: string) {
  await page.goto(q ? `/wall?q=${encodeURIComponent(q)}` : "/wall");
  await expect(page.getByTestId("wall-count")).toContainText("shown");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
}

/** Shows rooms waiting behind the "N new" bar, if any. */
export async function showNew(page: Page) {
  const bar = page.getByTestId("new-bar");
  if (await bar.isVisible()) await bar.click();
}

export const card = (page: Page, roomId: string) => page.locator(`[data-room-id="${roomId}"]`);
