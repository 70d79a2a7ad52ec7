import type { Auth } from "./auth";
import { isRole, type Role } from "../contracts/roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
}

/** The signed-in, active user behind these request headers, or null. */
export async function getSessionUser(auth: Auth, headers: Headers): Promise<SessionUser | null> {
  let result: Awaited<ReturnType<Auth["api"]["getSession"]>>;
  try {
    result = await auth.api.getSession({ headers });
  } catch {
    return null;
  }
  if (!result) return null;
  const u = result.user as typeof result.user & { role?: unknown; deactivatedAt?: Date | null };
  if (u.deactivatedAt || !isRole(u.role)) return null;
  return { id: u.id, email: u.email, name: u.name, role: u.role, sessionId: result.session.id };
}
