import { hashPassword } from "better-auth/crypto";
import { DomainError } from "../errors";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/prisma";
import { recordAudit, type Actor } from "../audit/audit-log";
import { ROLES, type Role } from "../contracts/roles";
import { accountKey, lockedUntil } from "./signin-throttle";
import { policyOf, type Auth } from "./auth";

export const ZEmail = z.string().trim().toLowerCase().email("a valid email address is required").max(254);
export const ZPassword = z.string().min(12, "at least 12 characters").max(256);
export const ZCreateUser = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, "a name is required").max(120),
  role: z.enum(ROLES),
  /** Omitted when local passwords are off: the person signs in through SSO with this email. */
  password: ZPassword.optional(),
});
export type CreateUserInput = z.infer<typeof ZCreateUser>;

/**
 * Creates a console user: with a credential account (password hashed with scrypt), or — when
 * local passwords are off — with none, so their first SSO sign-in with this (verified) email
 * links to it and they arrive with the role given here.
 */
export async function createUser(db: Db, actor: Actor | null, raw: CreateUserInput, o: { localPasswords?: boolean } = {}) {
  const input = ZCreateUser.parse(raw); // normalises the email for every caller, not just tRPC
  const localPasswords = o.localPasswords ?? true;
  if (localPasswords && !input.password) throw DomainError.of("BAD_REQUEST", "users.passwordRequired");
  if (!localPasswords && input.password) throw DomainError.of("BAD_REQUEST", "users.passwordsOff");
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) throw DomainError.of("CONFLICT", "users.emailTaken", { email: input.email });
  const id = randomUUID();
  const password = input.password ? await hashPassword(input.password) : null;
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { id, email: input.email, name: input.name, role: input.role, emailVerified: true },
    });
    if (password) {
      await tx.account.create({
        data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password },
      });
    }
    if (actor) {
      await recordAudit(tx, actor, {
        action: "user.create",
        targetType: "user",
        targetId: id,
        details: { email: input.email, role: input.role, ...(password ? {} : { via: "sso" }) },
      });
    }
    return user;
  });
}

/** What the user services need: the database, a way to end a user's open pages at once, and how people sign in. */
export interface UserDeps {
  db: Db;
  sessions: { end(userId: string, reason: string): void };
  /** The auth instance (its policy: passwords, SSO, second factors, step-up). */
  auth: Auth;
}

/**
 * Every console user with their open sessions, sign-in lock, second factor and ways of signing
 * in (the admin page). People who arrived through SSO with no role come first: they wait for one.
 */
export async function listUsers(deps: UserDeps) {
  const users = await deps.db.user.findMany({
    orderBy: [{ role: { sort: "asc", nulls: "first" } }, { deactivatedAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, deactivatedAt: true, createdAt: true, twoFactorEnabled: true, lastSignInAt: true },
  });
  const policy = policyOf(deps.auth);
  const [sessions, accounts] = await Promise.all([
    deps.db.session.groupBy({ by: ["userId"], where: { expiresAt: { gt: new Date() } }, _count: { _all: true } }),
    deps.db.account.findMany({ select: { userId: true, providerId: true } }),
  ]);
  const active = new Map(sessions.map((s) => [s.userId, s._count._all]));
  const ways = new Map<string, Set<string>>();
  for (const a of accounts) ways.set(a.userId, (ways.get(a.userId) ?? new Set()).add(a.providerId === "credential" ? "password" : "sso"));
  const locks = await signInLocks(
    deps.db,
    users.map((u) => u.email),
  );
  return users.map((u) => ({
    ...u,
    activeSessions: active.get(u.id) ?? 0,
    signInLockedUntil: locks.get(u.email) ?? null,
    signIn: { password: ways.get(u.id)?.has("password") ?? false, sso: ways.get(u.id)?.has("sso") ?? false },
    twoFactorRequired: !!u.role && policy.twoFactorRoles.includes(u.role),
  }));
}

/**
 * An admin removes someone's second factor (a lost phone): the TOTP secret and recovery codes go,
 * every session of theirs ends, and — if their role requires one — their next password sign-in
 * can do nothing but set up a new one. Audited.
 */
export async function resetTwoFactor(deps: UserDeps, actor: Actor, userId: string, reason: string) {
  if (actor.id === userId) throw DomainError.of("BAD_REQUEST", "users.resetOwn");
  const out = await deps.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, twoFactorEnabled: true } });
    if (!user) throw DomainError.of("NOT_FOUND", "users.notFound");
    const { count } = await tx.twoFactor.deleteMany({ where: { userId } });
    if (!user.twoFactorEnabled && count === 0) throw DomainError.of("CONFLICT", "users.noSecondFactor", { email: user.email });
    await tx.user.update({ where: { id: userId }, data: { twoFactorEnabled: false } });
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, { action: "user.two-factor.reset", targetType: "user", targetId: userId, reason, details: { email: user.email } });
    return user;
  });
  deps.sessions.end(userId, "Your second factor was reset by an admin. Please sign in again.");
  return { ok: true, email: out.email };
}

/** Changes a user's role; their sessions and open pages end so no page keeps powers it no longer has. */
export async function changeUserRole(deps: UserDeps, actor: Actor, userId: string, role: Role, reason?: string) {
  await setUserRole(deps.db, actor, userId, role, reason);
  deps.sessions.end(userId, "Your role changed. Please sign in again.");
  return { ok: true };
}

/** Deactivates or reactivates a user; a deactivated user's open pages are signed out at once. */
export async function changeUserActive(deps: UserDeps, actor: Actor, userId: string, active: boolean, reason?: string) {
  await setUserActive(deps.db, actor, userId, active, reason);
  if (!active) deps.sessions.end(userId, "Your account was deactivated.");
  return { ok: true };
}

export async function setUserRole(db: Db, actor: Actor, userId: string, role: Role, reason?: string) {
  if (actor.id === userId) throw DomainError.of("BAD_REQUEST", "users.ownRole");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw DomainError.of("NOT_FOUND", "users.notFound");
    const user = await tx.user.update({ where: { id: userId }, data: { role } });
    // A role change ends the user's sessions so no page keeps powers it no longer has.
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, {
      action: "user.role.change",
      targetType: "user",
      targetId: userId,
      reason: reason ?? null,
      details: { email: before.email, from: before.role, to: role },
    });
    return user;
  });
}

/** Deactivates (or reactivates) a user. Deactivation deletes every session at once. */
export async function setUserActive(db: Db, actor: Actor, userId: string, active: boolean, reason?: string) {
  if (actor.id === userId && !active) throw DomainError.of("BAD_REQUEST", "users.deactivateSelf");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw DomainError.of("NOT_FOUND", "users.notFound");
    const user = await tx.user.update({ where: { id: userId }, data: { deactivatedAt: active ? null : new Date() } });
    if (!active) await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, {
      action: active ? "user.reactivate" : "user.deactivate",
      targetType: "user",
      targetId: userId,
      reason: reason ?? null,
      details: { email: before.email },
    });
    return user;
  });
}

/** Accounts whose sign-in is locked by failed attempts (per-account throttle), by email. */
export async function signInLocks(db: Db, emails: string[], now = Date.now()): Promise<Map<string, Date>> {
  const rows = await db.rateLimit.findMany({ where: { key: { in: emails.map(accountKey) } } });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out = new Map<string, Date>();
  for (const e of emails) {
    const until = lockedUntil(byKey.get(accountKey(e)), now);
    if (until) out.set(e, until);
  }
  return out;
}

/**
 * Lifts a sign-in lock. Attackers can lock a moderator out on purpose by failing sign-ins on
 * their account; an admin who has checked with the moderator lets them back in at once.
 */
export async function unlockSignIn(db: Db, actor: Actor, userId: string, reason?: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw DomainError.of("NOT_FOUND", "users.notFound");
    const { count } = await tx.rateLimit.deleteMany({ where: { key: accountKey(user.email) } });
    await recordAudit(tx, actor, {
      action: "user.signin-unlock",
      targetType: "user",
      targetId: userId,
      reason: reason ?? null,
      details: { email: user.email, cleared: count > 0 },
    });
    return { cleared: count > 0 };
  });
}
