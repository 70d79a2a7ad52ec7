import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Db } from "../db/prisma";

export interface AuthOptions {
  db: Db;
  secret: string;
  baseURL: string;
  trustedOrigins: string[];
  /** Sign-in attempts allowed per IP per minute. */
  signInPerMinute?: number;
}

/** Session lifetime; an idle session is refreshed at most once per updateAge. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export function createAuth(o: AuthOptions) {
  return betterAuth({
    appName: "Floodwall",
    baseURL: o.baseURL,
    basePath: "/api/auth",
    secret: o.secret,
    trustedOrigins: o.trustedOrigins,
    database: prismaAdapter(o.db, { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Admins create accounts; nobody signs themselves up to a moderation console.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, input: false, defaultValue: "MODERATOR" },
        deactivatedAt: { type: "date", required: false, input: false },
      },
    },
    session: {
      expiresIn: SESSION_MAX_AGE_S,
      updateAge: 60 * 60,
      // Every request reads the session row, so revocation and deactivation act at once.
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: o.signInPerMinute ?? 10 } },
    },
    advanced: {
      cookiePrefix: "floodwall",
      useSecureCookies: o.baseURL.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "strict" },
      // server.ts overwrites x-real-ip with the socket's address, so clients cannot spoof it.
      ipAddress: { ipAddressHeaders: ["x-real-ip"] },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user cannot start a session, even with the right password.
          before: async (session) => {
            const user = await o.db.user.findUnique({ where: { id: session.userId }, select: { deactivatedAt: true } });
            if (!user || user.deactivatedAt) return false;
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
