"use client";
import { createAuthClient } from "better-auth/react";
import { twoFactorClient } from "better-auth/client/plugins";

// Same-origin: the auth routes live at /api/auth on the page's own host. The two-factor plugin
// adds the authenticator endpoints; a password sign-in that needs a code answers
// `twoFactorRedirect`, which the sign-in form turns into its code step (no page change).
export const authClient = createAuthClient({ basePath: "/api/auth", plugins: [twoFactorClient()] });

/** Starts a single sign-on sign-in: the provider's page, then back to `callbackURL` on this console. */
export async function startSso(provider: string, callbackURL: string): Promise<{ ok: true } | { ok: false; status: number }> {
  const res = await fetch("/api/auth/sign-in/social", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ provider, callbackURL, errorCallbackURL: "/sign-in", disableRedirect: true }),
  });
  const body = (await res.json().catch(() => null)) as { url?: string } | null;
  if (!res.ok || !body?.url) return { ok: false, status: res.status };
  window.location.assign(body.url);
  return { ok: true };
}
