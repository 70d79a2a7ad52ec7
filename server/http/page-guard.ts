import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getRuntime } from "../app/runtime";
import { getSessionUser, type SessionUser } from "../auth/session";
import { can, type Capability } from "../contracts/roles";

/** For server components: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser(getRuntime().auth, await headers());
  if (!user) redirect("/sign-in");
  return user;
}

/** The user if they hold the capability, else null (the page shows "no access"). */
export async function userWith(capability: Capability): Promise<{ user: SessionUser; allowed: boolean }> {
  const user = await requireUser();
  return { user, allowed: can(user.role, capability) };
}
