import { rateLimitStore } from "./rate-limit-store";
import { betterAuth, type BetterAuthPlugin } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { twoFactor } from "better-auth/plugins/two-factor";
import type { Db } from "../db/prisma";
import { PASSWORDS_ONLY, type AuthPolicy } from "./policy";
import { auditOwnTwoFactor, auditSsoJoin, completeSsoSignIn, rememberSsoProfile, startSession } from "./sign-in-hooks";

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL: string;
  trustedOrigins: string[];
  /** Sign-in attempts allowed per IP per minute. */
  signInPerMinute?: number;
  /** Passwords, single sign-on, second factors, step-up (default: passwords only, nothing required). */
  policy?: AuthPolicy;
}

/** Session lifetime; an idle session is refreshed at most once per updateAge. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** The paths that finish a sign-in with a second factor: a trusted device would skip it for 30 days, so none is. */
const SECOND_FACTOR_PATHS = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code", "/two-factor/verify-otp"]);

/**
 * Floodwall's part of the auth pipeline, as a better-auth plugin: it carries the policy (read back
 * with policyOf), refuses "trust this device" (privileged roles prove the second factor at every
 * password sign-in), and finishes single sign-on sign-ins (role from the claim, authentication time).
 */
function floodwallPlugin(db: Db, policy: AuthPolicy) {
  return {
    id: "floodwall",
    options: policy,
    hooks: {
      before: [
        {
          matcher: (ctx) => SECOND_FACTOR_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            if ((ctx.body as { trustDevice?: unknown } | undefined)?.trustDevice === true)
              throw new APIError("BAD_REQUEST", { code: "TRUST_DEVICE_OFF", message: "Trusted devices are off: the second factor is asked at every sign-in" });
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => !!policy.sso && ctx.path === "/callback/:id" && ctx.params?.id === policy.sso.id,
          handler: createAuthMiddleware(async (ctx) => {
            const signedIn = ctx.context.newSession;
            if (signedIn && policy.sso) await completeSsoSignIn(db, policy.sso, signedIn.user.id, signedIn.session.id);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/** The policy an auth instance was made with (it travels with the instance, so every reader of sessions sees the same). */
export function policyOf(auth: Auth): AuthPolicy {
  const plugin = auth.options.plugins.find((p) => p.id === "floodwall") as { options?: AuthPolicy } | undefined;
  return plugin?.options ?? PASSWORDS_ONLY;
}

export function createAuth(o: AuthOptions) {
  const policy = o.policy ?? PASSWORDS_ONLY;
  const sso = policy.sso;
  const perMinute = o.signInPerMinute ?? 10;
  return betterAuth({
    appName: "Floodwall",
    baseURL: o.baseURL,
    basePath: "/api/auth",
    secret: o.secret,
    trustedOrigins: o.trustedOrigins,
    database: prismaAdapter(o.db, { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      // LOCAL_PASSWORDS=off: /sign-in/email answers an error for everyone; people sign in through SSO.
      enabled: policy.localPasswords,
      // Admins create accounts; nobody signs themselves up to a moderation console.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        // No default: someone who arrives through SSO with no mapped role has no access until an admin gives one.
        role: { type: "string", required: false, input: false },
        deactivatedAt: { type: "date", required: false, input: false },
        // Set through me.setPrefs only.
        locale: { type: "string", required: false, input: false },
        timeZone: { type: "string", required: false, input: false },
      },
    },
    session: {
      expiresIn: SESSION_MAX_AGE_S,
      updateAge: 60 * 60,
      // Every request reads the session row, so revocation and deactivation act at once.
      cookieCache: { enabled: false },
      additionalFields: {
        signInMethod: { type: "string", required: false, input: false },
        authenticatedAt: { type: "date", required: false, input: false },
      },
    },
    rateLimit: {
      enabled: true,
      // One atomic statement per request instead of better-auth's read-then-update transaction.
      customStorage: rateLimitStore(o.db),
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: perMinute },
        "/sign-in/social": { window: 60, max: perMinute },
        // Per IP; each sign-in challenge also allows 5 codes and an account locks after 10 wrong ones.
        "/two-factor/*": { window: 60, max: perMinute },
      },
    },
    onAPIError: { errorURL: `${o.baseURL}/sign-in` },
    advanced: {
      cookiePrefix: "floodwall",
      useSecureCookies: o.baseURL.startsWith("https://"),
      // Lax, not strict: the identity provider's redirect back to /api/auth/callback is a
      // cross-site top-level navigation that must carry the sign-in state cookie. Mutations stay
      // same-origin only (tRPC's origin check, better-auth's own origin check).
      defaultCookieAttributes: { httpOnly: true, sameSite: sso ? "lax" : "strict" },
      // server.ts overwrites x-real-ip with the socket's address, so clients cannot spoof it.
      ipAddress: { ipAddressHeaders: ["x-real-ip"] },
    },
    plugins: [
      floodwallPlugin(o.db, policy),
      twoFactor({
        issuer: "Floodwall",
        // The secret and recovery codes are encrypted with the session secret (the plugin's default).
        backupCodeOptions: { amount: 10, length: 10 },
      }),
      ...(sso
        ? [
            genericOAuth({
              config: [
                {
                  providerId: sso.id,
                  name: sso.name,
                  discoveryUrl: `${sso.issuer}/.well-known/openid-configuration`,
                  clientId: sso.clientId,
                  clientSecret: sso.clientSecret,
                  scopes: sso.scopes,
                  pkce: true,
                  // Identity comes from the ID token: refuse a provider whose discovery gives no keys to check it with.
                  requireIdTokenVerification: true,
                  mapProfileToUser: (profile) => {
                    rememberSsoProfile(sso, profile);
                    return {};
                  },
                },
              ],
            }),
          ]
        : []),
    ],
    databaseHooks: {
      session: {
        create: {
          // A deactivated user cannot start a session, even with the right password; a new
          // session records how it was signed in and when the person last proved who they are.
          before: async (session, ctx) => startSession(o.db, session, ctx?.path ?? null),
        },
      },
      user: {
        create: { after: async (user, ctx) => auditSsoJoin(o.db, user, ctx?.path ?? null) },
        update: { after: async (user, ctx) => auditOwnTwoFactor(o.db, user, ctx?.path ?? null, ctx?.headers?.get("x-real-ip") ?? null) },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
