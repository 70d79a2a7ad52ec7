import { test as base, expect, request as pwRequest, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { E2E_URL } from "../playwright.config";

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
  makeUser: async ({}, use) => {
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
