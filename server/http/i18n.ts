import { cookies, headers } from "next/headers";
import { cache } from "react";
import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, isLocale, isTimeZone, matchLocale, type Locale } from "../contracts/i18n/locales";
import { MESSAGES } from "../contracts/i18n/messages";

import { LOCALE_COOKIE, TZ_COOKIE } from "./request-locale";

export { LOCALE_COOKIE, TZ_COOKIE };

/**
 * The reader's language and time zone: their saved choice, else the browser's language (and
 * UTC). Read by the root layouts, which pass it to the client provider. Without `saved`, the
 * signed-in reader's saved choice is looked up (once per request).
 */
export async function readerPrefs(saved?: { locale?: string | null; timeZone?: string | null }): Promise<{ locale: Locale; timeZone: string }> {
  saved ??= (await signedInPrefs()) ?? undefined;
  const jar = await cookies();
  const h = await headers();
  const cookieLocale = jar.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(saved?.locale) ? saved.locale : isLocale(cookieLocale) ? cookieLocale : matchLocale(h.get("accept-language"));
  const tz = saved?.timeZone ?? jar.get(TZ_COOKIE)?.value;
  return { locale: locale ?? DEFAULT_LOCALE, timeZone: isTimeZone(tz) ? tz : "UTC" };
}

/** The signed-in person's saved choice (me.setPrefs), once per request; null when signed out. */
const signedInPrefs = cache(async () => {
  const { currentSessionState } = await import("./page-guard");
  const state = await currentSessionState().catch(() => null);
  return state && state.status !== "signed-out" ? { locale: state.user.locale, timeZone: state.user.timeZone } : null;
});

export function messagesFor(locale: Locale) {
  return MESSAGES[locale];
}

/** A translator for server components (page titles, "no access"). */
export async function serverT(namespace: string, saved?: { locale?: string | null }) {
  const { locale } = await readerPrefs(saved);
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: namespace as never });
}
