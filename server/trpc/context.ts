import { getRuntime } from "../app/runtime";
import type { Services } from "../app/services";
import { getSessionUser, type SessionUser } from "../auth/session";

/**
 * What a procedure sees: who is calling (from the session, never from input), the domain
 * services, and the two facts of the request the CSRF check and the audit log need. Never the
 * runtime, the pools or the socket server.
 */
export interface Context {
  user: SessionUser | null;
  services: Services;
  request: {
    /** The page's origin is one the console is served from (mutations require it). */
    sameOrigin: boolean;
    /** The caller's address as the server saw it (server.ts replaces any client-sent value). */
    ip: string | null;
  };
}

export async function createContext({ req }: { req: Request }): Promise<Context> {
  const rt = getRuntime();
  const user = await getSessionUser(rt.auth, req.headers);
  const origin = req.headers.get("origin");
  return { user, services: rt.services, request: { sameOrigin: !!origin && rt.trustedOrigins.includes(origin), ip: req.headers.get("x-real-ip") } };
}
