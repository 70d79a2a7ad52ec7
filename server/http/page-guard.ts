import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getRuntime } from "../app/runtime";
import { getSessionUser, type SessionUser } from "../auth/session";
import { can, type Capability } from "../contracts/roles";
import { currentAlert } from "../clusters/wave-detector";

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

/** For pages that show themselves only when signed out (sign-in): the user, if any. */
export async function currentUser(): Promise<SessionUser | null> {
  return getSessionUser(getRuntime().auth, await headers());
}

/** What the console's frame renders with the page (so nothing appears later and shifts it). */
export async function shellData(user: SessionUser) {
  return { initialAlert: can(user.role, "alerts:read") ? await currentAlert(getRuntime().pool) : null };
}

/** Settings the browser needs and may know (thumbnail hosts the CSP allows). */
export function publicSettings() {
  return { thumbnailHosts: getRuntime().env.THUMBNAIL_HOSTS };
}
