import { isLocale, LOCALE_COOKIE, matchLocale, type Locale } from "../contracts/i18n/locales";

export { LOCALE_COOKIE, TZ_COOKIE } from "../contracts/i18n/locales";

/**
 * The language to answer a request in when no page renders it (tRPC errors, API error bodies):
 * the fw-locale cookie if it names one of our locales, else the best match for Accept-Language.
 */
export function requestLocale(headers: Headers): Locale {
  const cookie = headers
    .get("cookie")
    ?.split(";")
    .map((c) => c.trim().split("="))
    .find(([k]) => k === LOCALE_COOKIE)?.[1];
  const fromCookie = cookie ? decodeURIComponent(cookie) : null;
  return isLocale(fromCookie) ? fromCookie : matchLocale(headers.get("accept-language"));
}
