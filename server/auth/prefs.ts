import { z } from "zod";
import type { Db } from "../db/prisma";
import { isTimeZone, LOCALE_COOKIE, LOCALES, TZ_COOKIE } from "../contracts/i18n/locales";

/** A person's language and time zone, as the language menu sends them. */
export const ZPrefs = z.object({
  locale: z.enum(LOCALES),
  timeZone: z.string().refine(isTimeZone, { message: "not a time zone" }),
});
export type Prefs = z.infer<typeof ZPrefs>;

/** Saves them on the user: they follow the person to every browser (the cookies only speed up signed-out pages). */
export async function savePrefs(db: Db, userId: string, prefs: Prefs): Promise<Prefs> {
  await db.user.update({ where: { id: userId }, data: { locale: prefs.locale, timeZone: prefs.timeZone } });
  return prefs;
}

const YEAR_S = 365 * 24 * 3600;

/** Set-Cookie values for the saved choice (read by server/http/i18n.ts before the session is). */
export function prefsCookies(prefs: Prefs, secure: boolean): string[] {
  const attrs = `Path=/; Max-Age=${YEAR_S}; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
  return [`${LOCALE_COOKIE}=${encodeURIComponent(prefs.locale)}; ${attrs}`, `${TZ_COOKIE}=${encodeURIComponent(prefs.timeZone)}; ${attrs}`];
}
