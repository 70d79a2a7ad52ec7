import { DOMAIN_ERROR_STATUS, DomainError, errorText } from "../errors";
import { requestLocale } from "./request-locale";
import { errField, logger } from "../observability/log";

const log = logger("http");

/** A JSON answer that no cache keeps. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/** What an unexpected failure tells the caller (the error itself is logged in full). */
export const GENERIC_HTTP_ERROR = "Something went wrong on the server. It has been logged; try again.";

/** An unexpected failure (a bug): logged in full, with the request's id, never shown to the caller. */
export function reportBug(where: string, e: unknown) {
  log.error({ err: errField(e), where }, "unexpected error");
}

/**
 * The one mapping of domain errors for route handlers: a DomainError becomes its status and
 * message (in the caller's language, with its catalog key as `errorKey` for machines); anything
 * else is a bug, logged in full and answered generically.
 */
export function routeHandler<A extends unknown[]>(name: string, fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (e) {
      const locale = args[0] instanceof Request ? requestLocale(args[0].headers) : "en";
      if (e instanceof DomainError) return json(DOMAIN_ERROR_STATUS[e.code], { error: e.messageIn(locale), code: e.code, errorKey: e.key });
      reportBug(name, e);
      return json(500, { error: locale === "en" ? GENERIC_HTTP_ERROR : errorText(locale, "generic"), errorKey: "generic" });
    }
  };
}
