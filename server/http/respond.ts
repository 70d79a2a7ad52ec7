import { DOMAIN_ERROR_STATUS, DomainError } from "../errors";
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
 * message; anything else is a bug, logged in full and answered generically.
 */
export function routeHandler<A extends unknown[]>(name: string, fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof DomainError) return json(DOMAIN_ERROR_STATUS[e.code], { error: e.message, code: e.code });
      reportBug(name, e);
      return json(500, { error: GENERIC_HTTP_ERROR });
    }
  };
}
