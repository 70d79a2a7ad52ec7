import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountPage } from "@/components/account/account-page";
import { I18nProvider } from "@/components/providers/i18n-provider";
import { accountMethods, currentSessionState, signInOptions } from "@/server/http/page-guard";
import { messagesFor, readerPrefs, serverT } from "@/server/http/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const state = await currentSessionState();
  const t = await serverT("auth", state.status === "signed-out" ? undefined : { locale: state.user.locale });
  return { title: t("account.title" as never) };
}

/**
 * The one page a restricted session may open (requireUser sends it here): someone waiting for a
 * role, or whose role needs an authenticator app they have not set up yet. Everyone else manages
 * their second factor here too. It reads the session state itself, so it never redirects back.
 */
export default async function Account() {
  const state = await currentSessionState();
  if (state.status === "signed-out") redirect("/sign-in");
  const options = signInOptions();
  const methods = await accountMethods(state.user.id);
  const { user } = state;
  // Their saved language and time zone, else the browser's (as the console's own layout).
  const { locale, timeZone } = await readerPrefs({ locale: user.locale, timeZone: user.timeZone });
  const required = !!user.role && options.twoFactorRoles.includes(user.role) && user.signInMethod !== "sso";
  return (
    <I18nProvider locale={locale} timeZone={timeZone} messages={messagesFor(locale)}>
      <AccountPage
        status={state.status}
        user={{ name: user.name, email: user.email, role: user.role, signInMethod: user.signInMethod, twoFactorEnabled: user.twoFactorEnabled }}
        twoFactorRequired={required}
        hasPassword={methods.password}
      />
    </I18nProvider>
  );
}
