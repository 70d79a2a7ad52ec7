import { policyOf, type Auth } from "./auth";
import { isRole, type Role } from "../contracts/roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  /** When this session last proved who is behind it (sign-in, or a step-up re-confirmation). */
  authenticatedAt: Date;
  /** Until when the session counts as recently authenticated (step-up). */
  freshUntil: Date;
  signInMethod: string | null;
  twoFactorEnabled: boolean;
  /** Their saved language and time zone (null: the browser's language, UTC). */
  locale: string | null;
  timeZone: string | null;
}

/**
 * What a request's session amounts to. Only `active` may use the console; the two restricted
 * states may only see the page that tells them what is missing (a role an admin assigns, or a
 * second factor they set up themselves).
 */
export type SessionState =
  | { status: "signed-out" }
  | { status: "active"; user: SessionUser }
  | { status: "pending-role"; user: Omit<SessionUser, "role"> & { role: null } }
  | { status: "needs-two-factor"; user: SessionUser };

export async function getSessionState(auth: Auth, headers: Headers): Promise<SessionState> {
  let result: Awaited<ReturnType<Auth["api"]["getSession"]>>;
  try {
    result = await auth.api.getSession({ headers });
  } catch {
    return { status: "signed-out" };
  }
  if (!result) return { status: "signed-out" };
  const u = result.user as typeof result.user & {
    role?: unknown;
    deactivatedAt?: Date | null;
    twoFactorEnabled?: boolean | null;
    locale?: string | null;
    timeZone?: string | null;
  };
  if (u.deactivatedAt) return { status: "signed-out" };
  const s = result.session as typeof result.session & { signInMethod?: string | null; authenticatedAt?: Date | string | null };
  const policy = policyOf(auth);
  const authenticatedAt = new Date(s.authenticatedAt ?? s.createdAt);
  const base = {
    id: u.id,
    email: u.email,
    name: u.name,
    sessionId: result.session.id,
    authenticatedAt,
    freshUntil: new Date(authenticatedAt.getTime() + policy.stepUpMinutes * 60_000),
    signInMethod: s.signInMethod ?? null,
    twoFactorEnabled: u.twoFactorEnabled === true,
    locale: u.locale ?? null,
    timeZone: u.timeZone ?? null,
  };
  if (!isRole(u.role)) return { status: "pending-role", user: { ...base, role: null } };
  const user: SessionUser = { ...base, role: u.role };
  // Single sign-on leaves the second factor to the identity provider; password sign-ins of the
  // listed roles need TOTP, and until it is set up the session can do nothing else.
  if (policy.twoFactorRoles.includes(u.role) && !user.twoFactorEnabled && user.signInMethod !== "sso") return { status: "needs-two-factor", user };
  return { status: "active", user };
}

/** The signed-in, active user behind these request headers, or null (signed out, deactivated, or restricted). */
export async function getSessionUser(auth: Auth, headers: Headers): Promise<SessionUser | null> {
  const state = await getSessionState(auth, headers);
  return state.status === "active" ? state.user : null;
}
