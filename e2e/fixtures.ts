import { test as base, expect, request as pwRequest, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { E2E_URL } from "../playwright.config";
import type { IngestEventInput } from "../server/contracts/ingest";

export const DEMO_PASSWORD = "floodwall-demo";
export const DEMO = {
  MODERATOR: "moderator@floodwall.local",
  SHIFT_LEAD: "lead@floodwall.local",
  EXECUTIVE: "exec@floodwall.local",
  ADMIN: "admin@floodwall.local",
} as const;
export type Role = keyof typeof DEMO;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** An API client signed in as the given user (cookies kept), sending our Origin like a page. */
export async function apiAs(email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL: E2E_URL, extraHTTPHeaders: { origin: E2E_URL } });
  const res = await ctx.post("/api/auth/sign-in/email", { data: { email, password } });
  expect(res.status(), `sign in ${email}`).toBe(200);
  return ctx;
}

/** Calls a tRPC procedure over HTTP, as the browser's client does (superjson envelope). */
export async function trpc(ctx: APIRequestContext, path: string, input: unknown, type: "query" | "mutation") {
  const res =
    type === "query"
      ? await ctx.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input ?? null }))}`)
      : await ctx.post(`/api/trpc/${path}`, { data: { json: input } });
  const body = await res.json();
  return { status: res.status(), body, data: body?.result?.data?.json, error: body?.error?.json };
}

interface Fixtures {
  /** Creates a fresh console user for this test (so tests never share mutable users). */
  makeUser: (role: Role) => Promise<{ id: string; email: string; password: string }>;
}

export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be an object
  // pattern; this one needs none, so it names `playwright` (worker-scoped, always set up already).
  makeUser: async ({ playwright: _playwright }, use) => {
    const admin = await apiAs(DEMO.ADMIN);
    await use(async (role) => {
      const email = `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@e2e.local`;
      const password = `pw-${randomBytes(8).toString("hex")}`;
      const res = await trpc(admin, "users.create", { email, name: `E2E ${role}`, role, password }, "mutation");
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { id: res.data.id as string, email, password };
    });
    await admin.dispose();
  },
});
export { expect };

export const INGEST_TOKEN = "e2e-ingest-token-0123456789";

/** A high-risk event for a fresh room, so it sorts to the top of any wall. */
export function hotEvent(
  roomId: string,
  o: { title?: string; handle?: string; label?: IngestEventInput["label"]; score?: number; eventId?: string; verified?: boolean } = {},
): IngestEventInput {
  const now = new Date().toISOString();
  return {
    eventId: o.eventId ?? `${roomId}-${Math.random().toString(36).slice(2)}`,
    occurredAt: now,
    source: "classifier",
    label: o.label ?? "minor_safety",
    score: o.score ?? 0.99,
    room: { id: roomId, title: o.title ?? `E2E room ${roomId}`, startedAt: now, viewerCount: 1234 },
    account: { id: `acct-${roomId}`, handle: o.handle ?? `handle_${roomId}`, registeredAt: now, realNameVerified: o.verified ?? false },
    evidence: { text: `evidence for ${roomId}` },
  };
}

export async function ingest(request: APIRequestContext, events: unknown[], token = INGEST_TOKEN) {
  const res = await request.post("/api/ingest/flags", { headers: { authorization: `Bearer ${token}` }, data: { events } });
  return { status: res.status(), body: await res.json() };
}

export const uid = () => randomBytes(4).toString("hex");

/** Opens the wall and waits until its snapshot has loaded. */
export async function openWall(page: Page) {
  await page.goto("/wall");
  await expect(page.getByTestId("wall-count")).toContainText("shown");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
}

/** Shows rooms waiting behind the "N new" bar, if any. */
export async function showNew(page: Page) {
  const bar = page.getByTestId("new-bar");
  if (await bar.isVisible()) await bar.click();
}

export const card = (page: Page, roomId: string) => page.locator(`[data-room-id="${roomId}"]`);
