import { getRuntime } from "../app/runtime";
import { getSessionUser, type SessionUser } from "../auth/session";
import { can, type Capability } from "../contracts/roles";
import { DomainError } from "../errors";

/** For route handlers: the signed-in user holding the capability, or a DomainError (401/403). */
export async function requireCapability(req: Request, capability: Capability): Promise<SessionUser> {
  const user = await getSessionUser(getRuntime().auth, req.headers);
  if (!user) throw DomainError.of("UNAUTHORIZED", "auth.signIn");
  if (!can(user.role, capability)) throw DomainError.of("FORBIDDEN", "auth.forbidden");
  return user;
}
