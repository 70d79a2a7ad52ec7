import { z, ZodError } from "zod";
import type { Locale } from "../contracts/i18n/locales";

type Issue = ZodError["issues"][number];
type LocaleError = (issue: never) => string | { message: string } | undefined | null;

// zod's own catalogs (z.locales); English is what the schemas produced.
const LOCALE_ERRORS: Partial<Record<Locale, LocaleError>> = { "zh-CN": z.locales.zhCN().localeError as LocaleError };
const enError = z.locales.en().localeError as LocaleError;

const text = (m: ReturnType<LocaleError>) => (typeof m === "string" ? m : (m?.message ?? null));

/**
 * A validation error in the caller's language, applied per request (zod's global `z.config` would
 * change every caller's). Only zod's default messages are replaced; a schema's own message
 * ("a name is required") stays as written. Issues keep no input, so "received …" is not repeated.
 */
export function localiseZodError(error: ZodError, locale: Locale): { error: ZodError<Record<string, unknown>>; message: string } {
  const localeError = LOCALE_ERRORS[locale];
  if (!localeError) return { error: error as ZodError<Record<string, unknown>>, message: error.message };
  const issues = error.issues.map((issue): Issue => {
    const isDefault = issue.code === "invalid_type" ? /^Invalid input: expected /.test(issue.message) : text(enError(issue as never)) === issue.message;
    if (!isDefault) return issue;
    const raw = issue.code === "invalid_type" ? { ...issue, input: undefined } : issue;
    let message = text(localeError(raw as never)) ?? issue.message;
    // Without the input zod's text ends "实际接收 undefined"; say only what was expected.
    if (issue.code === "invalid_type") message = message.replace(/，实际接收 .*$/, "");
    return { ...issue, message };
  });
  const localised = new ZodError(issues) as ZodError<Record<string, unknown>>;
  return { error: localised, message: issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ") };
}
