/**
 * The one error a domain service throws when the caller asked for something it may not have or
 * cannot get. Transports map it once (tRPC in server/trpc/init.ts, route handlers in
 * server/http/): its code becomes the status and its message is shown to the person. Anything
 * else thrown is a bug: logged in full and answered with a generic message.
 */
export type DomainErrorCode = "UNAUTHORIZED" | "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "PRECONDITION_FAILED" | "TOO_MANY_REQUESTS";

/**
 * Stable reasons a client acts on (beyond showing the message): STEP_UP_REQUIRED opens the
 * re-confirm dialog. tRPC answers it as the error's `data.reason`.
 */
export type DomainErrorReason = "STEP_UP_REQUIRED";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly reason?: DomainErrorReason,
  ) {
    super(message);
  }
}

/** HTTP status of each code, for route handlers. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  UNAUTHORIZED: 401,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
};
