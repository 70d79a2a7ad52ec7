import { getRuntime } from "../app/runtime";
import type { Services } from "../app/services";
import { getSessionUser, type SessionUser } from "../auth/session";
import { isLocale, type Locale } from "../contracts/i18n/locales";
import { requestLocale } from "../http/request-locale";

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
    /** Served over https (cookies the response sets are Secure). */
    secure: boolean;
    /** Large reads (contracts/heavy.ts) this request has started: one is allowed per request. */
    heavyCalls: number;
  };
  /** The caller's language for error messages: their saved choice (the fw-locale cookie), else the browser's. */
  locale: Locale;
  /** Headers of the response (a procedure sets cookies through them); absent in direct calls. */
  resHeaders?: Headers;
}

export async function createContext({ req, resHeaders }: { req: Request; resHeaders?: Headers }): Promise<Context> {
  const rt = getRuntime();
  const user = await getSessionUser(rt.auth, req.headers);
  const origin = req.headers.get("origin");
  return {
    user,
    services: rt.services,
    request: {
      sameOrigin: !!origin && rt.trustedOrigins.includes(origin),
      ip: req.headers.get("x-real-ip"),
      secure: origin?.startsWith("https://") === true,
      heavyCalls: 0,
    },
    locale: isLocale(user?.locale) ? user.locale : requestLocale(req.headers),
    resHeaders,
  };
}
