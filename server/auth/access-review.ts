import type { Db } from "../db/prisma";
import type { Role } from "../contracts/roles";
import { policyOf, type Auth } from "./auth";

/** The window an access review looks back over. */
export const REVIEW_DAYS = 30;

/**
 * What counts as a privileged action: everything the audit log records a person doing (it
 * records only privileged actions: takedowns, orders, rules, playbooks, controls, incidents,
 * users, tokens, exports…), except their own step-up re-confirmations.
 */
const NOT_PRIVILEGED = ["session."];

export type TwoFactorState = "on" | "off" | "missing";

export interface AccessReviewRow {
  id: string;
  email: string;
  name: string;
  role: Role | null;
  deactivatedAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  lastSignInMethod: string | null;
  signIn: { password: boolean; sso: boolean };
  /** on; off (not required); missing: their role requires it for password sign-ins and it is not set up. */
  twoFactor: TwoFactorState;
  privileged: { total: number; lastAt: Date | null; byAction: { action: string; count: number }[] };
}

/**
 * The access review an auditor asks for after an incident: every person, their role, how they
 * sign in, their second factor, their last sign-in and their privileged actions over the last
 * 30 days (from the hash-chained audit log).
 */
export async function accessReview(deps: { db: Db; auth: Auth }, now = new Date()) {
  const policy = policyOf(deps.auth);
  const since = new Date(now.getTime() - REVIEW_DAYS * 86_400_000);
  const [users, accounts, actions] = await Promise.all([
    deps.db.user.findMany({
      orderBy: [{ role: { sort: "asc", nulls: "first" } }, { email: "asc" }],
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        deactivatedAt: true,
        createdAt: true,
        lastSignInAt: true,
        lastSignInMethod: true,
        twoFactorEnabled: true,
      },
    }),
    deps.db.account.findMany({ select: { userId: true, providerId: true, password: true } }),
    deps.db.auditEntry.groupBy({
      by: ["actorId", "action"],
      where: { at: { gte: since }, actorId: { not: null }, NOT: NOT_PRIVILEGED.map((p) => ({ action: { startsWith: p } })) },
      _count: { _all: true },
      _max: { at: true },
    }),
  ]);
  const ways = new Map<string, { password: boolean; sso: boolean }>();
  for (const a of accounts) {
    const w = ways.get(a.userId) ?? { password: false, sso: false };
    if (a.providerId === "credential") w.password ||= !!a.password;
    else w.sso = true;
    ways.set(a.userId, w);
  }
  const byActor = new Map<string, AccessReviewRow["privileged"]>();
  for (const g of actions) {
    const p = byActor.get(g.actorId!) ?? { total: 0, lastAt: null, byAction: [] };
    p.total += g._count._all;
    p.byAction.push({ action: g.action, count: g._count._all });
    if (g._max.at && (!p.lastAt || g._max.at > p.lastAt)) p.lastAt = g._max.at;
    byActor.set(g.actorId!, p);
  }
  const rows: AccessReviewRow[] = users.map((u) => {
    const privileged = byActor.get(u.id) ?? { total: 0, lastAt: null, byAction: [] };
    privileged.byAction.sort((a, b) => b.count - a.count || a.action.localeCompare(b.action));
    const required = !!u.role && policy.twoFactorRoles.includes(u.role);
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      deactivatedAt: u.deactivatedAt,
      createdAt: u.createdAt,
      lastSignInAt: u.lastSignInAt,
      lastSignInMethod: u.lastSignInMethod,
      signIn: ways.get(u.id) ?? { password: false, sso: false },
      twoFactor: u.twoFactorEnabled ? "on" : required ? "missing" : "off",
      privileged,
    };
  });
  return {
    generatedAt: now,
    since,
    policy: {
      localPasswords: policy.localPasswords,
      sso: policy.sso?.name ?? null,
      twoFactorRoles: policy.twoFactorRoles,
      stepUpMinutes: policy.stepUpMinutes,
    },
    rows,
  };
}

/** One line per person, as the CSV export writes it (formula-safe cells come from toCsv). */
export function accessReviewCsvRows(review: Awaited<ReturnType<typeof accessReview>>) {
  return review.rows.map((r) => ({
    email: r.email,
    name: r.name,
    role: r.role ?? "none (awaiting an admin)",
    status: r.deactivatedAt ? "deactivated" : "active",
    sign_in: [r.signIn.password ? "password" : null, r.signIn.sso ? "sso" : null].filter(Boolean).join("+") || "none",
    two_factor: r.twoFactor,
    last_sign_in_at: r.lastSignInAt,
    last_sign_in_method: r.lastSignInMethod,
    created_at: r.createdAt,
    privileged_actions_30d: r.privileged.total,
    last_privileged_action_at: r.privileged.lastAt,
    actions_30d: r.privileged.byAction.map((a) => `${a.action} x${a.count}`).join("; "),
  }));
}

/** Every privileged action of the window, newest first (the second export: what exactly each person did). */
export async function privilegedActions(db: Db, now = new Date(), limit = 50_000) {
  const since = new Date(now.getTime() - REVIEW_DAYS * 86_400_000);
  const rows = await db.auditEntry.findMany({
    where: { at: { gte: since }, actorId: { not: null }, NOT: NOT_PRIVILEGED.map((p) => ({ action: { startsWith: p } })) },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, at: true, actorEmail: true, actorRole: true, action: true, targetType: true, targetId: true, reason: true, origin: true },
  });
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    actor: r.actorEmail,
    role: r.actorRole,
    action: r.action,
    target: r.targetType ? `${r.targetType}:${r.targetId ?? ""}` : "",
    reason: r.reason,
    origin: r.origin,
  }));
}
