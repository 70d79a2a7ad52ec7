import { getRuntime, type Runtime } from "../app/runtime";
import { getSessionUser, type SessionUser } from "../auth/session";

export interface Context {
  rt: Runtime;
  user: SessionUser | null;
  headers: Headers;
  /** Caller's address as seen by the server (for the audit log). */
  ip: string | null;
}

export async function createContext({ req }: { req: Request }): Promise<Context> {
  const rt = getRuntime();
  const user = await getSessionUser(rt.auth, req.headers);
  return { rt, user, headers: req.headers, ip: req.headers.get("x-real-ip") };
}
