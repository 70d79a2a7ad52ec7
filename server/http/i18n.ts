import { cookies, headers } from "next/headers";
import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, isLocale, isTimeZone, matchLocale, type Locale } from "../contracts/i18n/locales";
import { MESSAGES } from "../contracts/i18n/messages";

export const LOCALE_COOKIE = "fw-locale";
export const TZ_COOKIE = "fw-tz";

/**
 * The reader's language and time zone: their saved choice, else the browser's language (and
 * UTC). Read by the root layouts, which pass it to the client provider.
 */
export async function readerPrefs(saved?: { locale?: string | null; timeZone?: string | null }): Promise<{ locale: Locale; timeZone: string }> {
  const jar = await cookies();
  const h = await headers();
  const cookieLocale = jar.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(saved?.locale) ? saved.locale : isLocale(cookieLocale) ? cookieLocale : matchLocale(h.get("accept-language"));
  const tz = saved?.timeZone ?? jar.get(TZ_COOKIE)?.value;
  return { locale: locale ?? DEFAULT_LOCALE, timeZone: isTimeZone(tz) ? tz : "UTC" };
}

export function messagesFor(locale: Locale) {
  return MESSAGES[locale];
}

/** A translator for server components (page titles, "no access"). */
export async function serverT(namespace: string, saved?: { locale?: string | null }) {
  const { locale } = await readerPrefs(saved);
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: namespace as never });
}
