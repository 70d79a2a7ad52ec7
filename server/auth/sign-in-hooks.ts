import type { Db } from "../db/prisma";
import { recordAudit } from "../audit/audit-log";
import { systemActor } from "../contracts/actor";
import { isRole, type Role } from "../contracts/roles";
import type { SsoConfig } from "./policy";
import { claimValues, mappedRole } from "./sso-roles";

/** How a session was signed in; the access review shows the last one per person. */
export type SignInMethod = "password" | "password+totp" | "password+recovery-code" | "sso";

const METHOD_BY_PATH: Record<string, SignInMethod> = {
  "/sign-in/email": "password",
  "/two-factor/verify-totp": "password+totp",
  "/two-factor/verify-backup-code": "password+recovery-code",
  "/callback/:id": "sso",
};

/**
 * better-auth's session.create.before hook. Refuses deactivated users. A session made by a
 * sign-in records its method and the user's last sign-in; one re-issued in place of another
 * (setting up or turning off the second factor) keeps its method. A password sign-in of a user
 * with a second factor is not a sign-in yet: that session is deleted at once and the code asked for.
 */
export async function startSession(db: Db, session: { userId: string; signInMethod?: unknown }, path: string | null) {
  const user = await db.user.findUnique({ where: { id: session.userId }, select: { deactivatedAt: true, twoFactorEnabled: true } });
  if (!user || user.deactivatedAt) return false;
  const now = new Date();
  const reissued = typeof session.signInMethod === "string";
  const method = reissued ? (session.signInMethod as string) : (METHOD_BY_PATH[path ?? ""] ?? null);
  const completes = !reissued && method !== null && !(method === "password" && user.twoFactorEnabled);
  if (completes) await db.user.update({ where: { id: session.userId }, data: { lastSignInAt: now, lastSignInMethod: method } });
  return { data: { signInMethod: method, authenticatedAt: now } };
}

interface SsoProfile {
  role: Role | null;
  values: string[] | null;
  at: number;
}

// The profile of a sign-in in flight, by the provider's subject: better-auth hands the profile to
// mapProfileToUser during the callback and the session to the after-hook of the same request.
const profiles = new Map<string, SsoProfile>();
const PROFILE_TTL_MS = 5 * 60_000;

/** mapProfileToUser: keeps what the role claim says until the callback has made the session. */
export function rememberSsoProfile(sso: SsoConfig, profile: Record<string, unknown>) {
  const now = Date.now();
  for (const [k, v] of profiles) if (now - v.at > PROFILE_TTL_MS) profiles.delete(k);
  const subject = String(profile.sub ?? profile.id ?? "");
  if (!subject) return;
  const values = sso.roleClaim ? claimValues(profile, sso.roleClaim) : null;
  profiles.set(subject, { role: mappedRole(values, sso.roleMap), values, at: now });
}

/** The `auth_time` of an ID token (seconds), when the provider sent one. Verified already by better-auth in this callback. */
function authTime(idToken: string | null): number | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const t = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { auth_time?: unknown }).auth_time;
    return typeof t === "number" && Number.isFinite(t) ? t : null;
  } catch {
    return null;
  }
}

/**
 * After an SSO callback made a session: a role the claim maps to is the person's role (the
 * provider decides while it says so; changes are audited and end their other sessions); with no
 * mapped value the role stays what an admin gave, or none for someone new. The session's
 * authentication time is the provider's `auth_time`, so step-up can ask for a fresh login there.
 */
export async function completeSsoSignIn(db: Db, sso: SsoConfig, userId: string, sessionId: string, now = new Date()) {
  const account = await db.account.findFirst({ where: { userId, providerId: sso.id }, orderBy: { updatedAt: "desc" } });
  if (!account) return;
  const profile = profiles.get(account.accountId);
  profiles.delete(account.accountId);
  const at = authTime(account.idToken);
  if (at !== null && at * 1000 < now.getTime()) await db.session.update({ where: { id: sessionId }, data: { authenticatedAt: new Date(at * 1000) } });
  if (!profile?.role) return;
  const role = profile.role;
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user || user.role === role) return;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await tx.session.deleteMany({ where: { userId, id: { not: sessionId } } });
    await recordAudit(tx, systemActor("sso"), {
      action: "user.role.change",
      targetType: "user",
      targetId: userId,
      reason: `mapped from the ${sso.roleClaim} claim at sign-in`,
      details: { email: user.email, from: user.role, to: role, claim: sso.roleClaim, values: profile.values },
    });
  });
}

/** user.create.after: someone new arrived through SSO (with no role until the callback maps one, or an admin gives one). */
export async function auditSsoJoin(db: Db, user: { id: string; email: string }, path: string | null) {
  if (path !== "/callback/:id") return;
  await recordAudit(db, systemActor("sso"), { action: "user.create", targetType: "user", targetId: user.id, details: { email: user.email, via: "sso" } });
}

/** user.update.after: a person turned their own second factor on or off (better-auth's endpoints). */
export async function auditOwnTwoFactor(
  db: Db,
  user: { id: string; email: string; role?: unknown; twoFactorEnabled?: unknown },
  path: string | null,
  origin: string | null,
) {
  const action =
    path === "/two-factor/verify-totp" && user.twoFactorEnabled === true
      ? "user.two-factor.enable"
      : path === "/two-factor/disable" && user.twoFactorEnabled === false
        ? "user.two-factor.disable"
        : null;
  if (!action) return;
  const actor = { id: user.id, email: user.email, role: isRole(user.role) ? user.role : "NONE", origin };
  await recordAudit(db, actor, { action, targetType: "user", targetId: user.id, details: { email: user.email } });
}
