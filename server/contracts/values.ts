import { z } from "zod";

// Value schemas shared by every input from outside (ingest, tRPC, sockets, query strings).
// Browser-safe: no I/O, importable from components.

/**
 * Every date any input may carry lies in [1970, 2200): each is storable as a Postgres
 * timestamptz (which refuses year 0, for one) and plausible for a live platform. A value outside
 * is refused where it arrives, never by the database halfway through a batch.
 */
export const MIN_DATE_MS = Date.UTC(1970, 0, 1);
export const MAX_DATE_MS = Date.UTC(2200, 0, 1);
const RANGE_MESSAGE = "must be between 1970-01-01 and 2199-12-31";
export const inDateRange = (ms: number) => Number.isFinite(ms) && ms >= MIN_DATE_MS && ms < MAX_DATE_MS;

/** An ISO-8601 date-time with an offset, in range; normalised to UTC with millisecond precision. */
export const ZIsoTime = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time" })
  .refine((s) => inDateRange(Date.parse(s)), RANGE_MESSAGE)
  .transform((s) => new Date(Date.parse(s)).toISOString());

/** A date from a form or a superjson Date, in range. */
export const ZDate = z.coerce.date().refine((d) => inDateRange(d.getTime()), RANGE_MESSAGE);

/**
 * An opaque id from outside (platform rooms, accounts, events): non-empty, bounded, no control
 * characters, and well-formed Unicode — a lone surrogate would be stored as U+FFFD, so ids that
 * differ only there would collide.
 */
/** C0 controls and DEL: never in an id (they would corrupt logs and CSV exports). */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export const ZExternalId = z
  .string()
  .min(1, "must not be empty")
  .max(128, "at most 128 characters")
  .refine((s) => !hasControlCharacter(s), "must not contain control characters")
  .refine((s) => s.isWellFormed(), "must be well-formed Unicode (no lone surrogates)");

/**
 * Text written by whoever sends it (titles, handles, notes): capped, NUL removed (Postgres
 * refuses it) and lone surrogates replaced by U+FFFD, exactly as they would be stored.
 */
export const ZFreeText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .transform((s) => s.replaceAll("\u0000", "").toWellFormed());
