import { getRuntime } from "../app/runtime";
import { getSessionUser } from "../auth/session";
import { can, type Capability } from "../contracts/roles";

/** For route handlers: the user with a capability and a valid incident id, or an error Response. */
export async function guardIncidentRoute(req: Request, id: string, capability: Capability) {
  const rt = getRuntime();
  const user = await getSessionUser(rt.auth, req.headers);
  if (!user) return { error: Response.json({ error: "Sign in first" }, { status: 401 }) };
  if (!can(user.role, capability)) return { error: Response.json({ error: "Forbidden" }, { status: 403 }) };
  if (!/^[0-9a-f-]{36}$/i.test(id)) return { error: Response.json({ error: "Bad incident id" }, { status: 400 }) };
  return { rt, user };
}
