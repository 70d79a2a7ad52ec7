import { createOTP } from "@better-auth/utils/otp";
import { base32 } from "@better-auth/utils/base32";
import { symmetricDecrypt, verifyPassword } from "better-auth/crypto";
import { z } from "zod";
import type { Db } from "../db/prisma";
import { DomainError } from "../errors";
import { recordAudit, type Actor } from "../audit/audit-log";
import type { Auth } from "./auth";
import type { AuthPolicy } from "./policy";
import type { SessionUser } from "./session";

/** Wrong re-confirmations a session may make before it is ended (a stolen session cannot guess a password for long). */
export const STEP_UP_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

export const STEP_UP_MESSAGE = "Confirm it's you: this action needs a recent sign-in. Re-enter your password or a code from your authenticator app.";

/**
 * The step-up check: the most consequential actions (mass takedowns over the four-eyes
 * threshold, enforcing rules, arming playbooks, changing who may do what) need a session that
 * proved who is behind it within STEP_UP_MINUTES. The page turns the reason into its re-confirm dialog.
 */
export function requireRecentAuth(user: Pick<SessionUser, "freshUntil">, now = Date.now()) {
  if (user.freshUntil.getTime() > now) return;
  throw DomainError.of("PRECONDITION_FAILED", "auth.stepUp", undefined, "STEP_UP_REQUIRED");
}

export const ZReconfirm = z.union([
  z.object({ password: z.string().min(1, "enter your password").max(256) }),
  z.object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "enter the 6-digit code from your authenticator app"),
  }),
]);
export type ReconfirmInput = z.infer<typeof ZReconfirm>;

export interface StepUpDeps {
  db: Db;
  auth: Auth;
  policy: AuthPolicy;
  /** Ends the user's open pages when a session is ended for too many wrong tries. */
  sessions: { end(userId: string, reason: string): void };
}

/** How this user can re-confirm: with their password, a TOTP code, or by signing in again at the identity provider. */
export async function stepUpMethods(deps: Pick<StepUpDeps, "db" | "policy">, userId: string) {
  const [credential, sso, user] = await Promise.all([
    deps.policy.localPasswords
      ? deps.db.account.findFirst({ where: { userId, providerId: "credential", password: { not: null } }, select: { id: true } })
      : null,
    deps.policy.sso ? deps.db.account.findFirst({ where: { userId, providerId: deps.policy.sso.id }, select: { id: true } }) : null,
    deps.db.user.findUnique({ where: { id: userId }, select: { twoFactorEnabled: true } }),
  ]);
  return {
    password: !!credential,
    totp: user?.twoFactorEnabled === true,
    sso: sso && deps.policy.sso ? { id: deps.policy.sso.id, name: deps.policy.sso.name } : null,
  };
}

async function checkPassword(db: Db, userId: string, password: string) {
  const account = await db.account.findFirst({ where: { userId, providerId: "credential" }, select: { password: true } });
  return !!account?.password && (await verifyPassword({ hash: account.password, password }));
}

async function checkCode(deps: StepUpDeps, userId: string, code: string) {
  const row = await deps.db.twoFactor.findFirst({ where: { userId, verified: true } });
  if (!row) return false;
  // Decrypted and checked exactly as better-auth's own /two-factor/verify-totp does.
  const { secretConfig } = await deps.auth.$context;
  const stored = await symmetricDecrypt({ key: secretConfig, data: row.secret });
  const secret = stored.startsWith("base32:") ? base32.decode(stored.slice(7).toUpperCase()) : stored;
  return createOTP(secret, { digits: 6, period: 30 }).verify(code);
}

/**
 * Re-confirms the person behind a session with their password or a TOTP code, which makes the
 * session fresh again for STEP_UP_MINUTES. Wrong answers are counted per session; the fifth in
 * 15 minutes ends the session (and is audited), so a stolen session cannot guess for long.
 */
export async function reconfirm(deps: StepUpDeps, user: SessionUser, actor: Actor, input: ReconfirmInput) {
  const methods = await stepUpMethods(deps, user.id);
  let ok: boolean;
  if ("password" in input) {
    if (!methods.password) throw DomainError.of("BAD_REQUEST", "auth.noPassword");
    ok = await checkPassword(deps.db, user.id, input.password);
  } else {
    if (!methods.totp) throw DomainError.of("BAD_REQUEST", "auth.noAuthenticator");
    ok = await checkCode(deps, user.id, input.code);
  }
  const key = `step-up:${user.sessionId}`;
  if (ok) {
    await deps.db.$transaction([
      deps.db.session.update({ where: { id: user.sessionId }, data: { authenticatedAt: new Date() } }),
      deps.db.rateLimit.deleteMany({ where: { key } }),
    ]);
    return { ok: true as const, freshUntil: new Date(Date.now() + deps.policy.stepUpMinutes * 60_000) };
  }
  const now = Date.now();
  const prior = await deps.db.rateLimit.findUnique({ where: { key } });
  const count = prior && now - Number(prior.lastRequest) < FAILURE_WINDOW_MS ? prior.count + 1 : 1;
  await deps.db.rateLimit.upsert({ where: { key }, create: { id: key, key, count, lastRequest: BigInt(now) }, update: { count, lastRequest: BigInt(now) } });
  if (count >= STEP_UP_FAILURES) {
    await deps.db.$transaction(async (tx) => {
      await tx.session.deleteMany({ where: { id: user.sessionId } });
      await tx.rateLimit.deleteMany({ where: { key } });
      await recordAudit(tx, actor, { action: "session.step-up.locked", targetType: "user", targetId: user.id, details: { failures: count } });
    });
    deps.sessions.end(user.id, "Too many wrong confirmations. Please sign in again.");
    throw DomainError.of("UNAUTHORIZED", "auth.tooManyWrong");
  }
  throw DomainError.of("BAD_REQUEST", "auth.noMatch");
}
