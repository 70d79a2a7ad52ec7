import { hashPassword } from "better-auth/crypto";
import { DomainError } from "../errors";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/prisma";
import { recordAudit, type Actor } from "../audit/audit-log";
import { ROLES, type Role } from "../contracts/roles";
import { accountKey, lockedUntil } from "./signin-throttle";

export const ZEmail = z.string().trim().toLowerCase().email("a valid email address is required").max(254);
export const ZPassword = z.string().min(12, "at least 12 characters").max(256);
export const ZCreateUser = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, "a name is required").max(120),
  role: z.enum(ROLES),
  password: ZPassword,
});
export type CreateUserInput = z.infer<typeof ZCreateUser>;

/** Creates a console user with a credential account (password hashed with scrypt). */
export async function createUser(db: Db, actor: Actor | null, raw: CreateUserInput) {
  const input = ZCreateUser.parse(raw); // normalises the email for every caller, not just tRPC
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) throw new DomainError("CONFLICT", `A user with email ${input.email} already exists`);
  const id = randomUUID();
  const password = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { id, email: input.email, name: input.name, role: input.role, emailVerified: true },
    });
    await tx.account.create({
      data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password },
    });
    if (actor) {
      await recordAudit(tx, actor, {
        action: "user.create",
        targetType: "user",
        targetId: id,
        details: { email: input.email, role: input.role },
      });
    }
    return user;
  });
}

/** What the user services need: the database, and a way to end a user's open pages at once. */
export interface UserDeps {
  db: Db;
  sessions: { end(userId: string, reason: string): void };
}

/** Every console user with their open sessions and sign-in lock (the admin page). */
export async function listUsers(deps: UserDeps) {
  const users = await deps.db.user.findMany({
    orderBy: [{ deactivatedAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, deactivatedAt: true, createdAt: true },
  });
  const sessions = await deps.db.session.groupBy({ by: ["userId"], where: { expiresAt: { gt: new Date() } }, _count: { _all: true } });
  const active = new Map(sessions.map((s) => [s.userId, s._count._all]));
  const locks = await signInLocks(
    deps.db,
    users.map((u) => u.email),
  );
  return users.map((u) => ({ ...u, activeSessions: active.get(u.id) ?? 0, signInLockedUntil: locks.get(u.email) ?? null }));
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
  if (actor.id === userId) throw new DomainError("BAD_REQUEST", "You cannot change your own role");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw new DomainError("NOT_FOUND", "No such user");
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
  if (actor.id === userId && !active) throw new DomainError("BAD_REQUEST", "You cannot deactivate yourself");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId } });
    if (!before) throw new DomainError("NOT_FOUND", "No such user");
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
    if (!user) throw new DomainError("NOT_FOUND", "No such user");
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
