import { createTranslator } from "use-intl/core";
import type { Locale } from "./contracts/i18n/locales";
import enErrors from "./contracts/i18n/en/errors.json";
import zhErrors from "./contracts/i18n/zh-CN/errors.json";

/**
 * The one error a domain service throws when the caller asked for something it may not have or
 * cannot get. Transports map it once (tRPC in server/trpc/init.ts, route handlers in
 * server/http/): its code becomes the status and its message is shown to the person. Anything
 * else thrown is a bug: logged in full and answered with a generic message.
 *
 * Errors people see are made with `DomainError.of(code, key, params)`: the key names a message
 * in the "errors" catalog (server/contracts/i18n/<locale>/errors.json), the English text is the
 * error's message (logs, tests) and the transports answer in the caller's language, with the
 * key as a stable code for machines.
 */
export type DomainErrorCode = "UNAUTHORIZED" | "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "PRECONDITION_FAILED" | "TOO_MANY_REQUESTS";

/**
 * Stable reasons a client acts on (beyond showing the message): STEP_UP_REQUIRED opens the
 * re-confirm dialog. tRPC answers it as the error's `data.reason`.
 */
export type DomainErrorReason = "STEP_UP_REQUIRED";

// i18n-keys: errors.* (the ErrorKey type holds every use to the en catalog; check-i18n holds zh-CN to en)
type KeysOf<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${KeysOf<T[K]>}` }[keyof T & string];
/** A message of the errors catalog ("takedown.notRunning"); also the machine-readable `errorKey`. */
export type ErrorKey = KeysOf<typeof enErrors>;
export type ErrorParams = Record<string, string | number>;

const ERROR_MESSAGES: Record<Locale, Record<string, unknown>> = { en: enErrors, "zh-CN": zhErrors };
const translators = new Map<Locale, (key: string, params?: ErrorParams) => string>();

/** The text of an errors-catalog message in a locale. */
export function errorText(locale: Locale, key: ErrorKey, params?: ErrorParams): string {
  let t = translators.get(locale);
  if (!t) {
    const tr = createTranslator({ locale, messages: { errors: ERROR_MESSAGES[locale] } as never, namespace: "errors" as never });
    t = (k, p) => (tr as unknown as (k: string, p?: ErrorParams) => string)(k, p);
    translators.set(locale, t);
  }
  return t(key, params);
}

export class DomainError extends Error {
  override name = "DomainError";
  /** The catalog message this error was made from (null: an English-only message). */
  key: ErrorKey | null = null;
  params: ErrorParams | undefined;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly reason?: DomainErrorReason,
  ) {
    super(message);
  }

  /** An error from the errors catalog: English message, translated by the transports. */
  static of(code: DomainErrorCode, key: ErrorKey, params?: ErrorParams, reason?: DomainErrorReason): DomainError {
    const e = new DomainError(code, errorText("en", key, params), reason);
    e.key = key;
    e.params = params;
    return e;
  }

  /** The message in a reader's language. */
  messageIn(locale: Locale): string {
    return this.key ? errorText(locale, this.key, this.params) : this.message;
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
