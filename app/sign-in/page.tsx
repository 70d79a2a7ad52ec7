import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/shell/sign-in-form";
import { I18nProvider } from "@/components/providers/i18n-provider";
import { currentSessionState, signInOptions } from "@/server/http/page-guard";
import { messagesFor, readerPrefs, serverT } from "@/server/http/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("auth");
  return { title: t("signIn.title" as never) };
}

/** better-auth's error codes when a single sign-on sign-in comes back refused (?error=…). */
const SSO_ERRORS = new Set(["access_denied", "signup_disabled", "account_not_linked", "unable_to_link_account", "state_mismatch", "invalid_callback_request"]);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = await currentSessionState();
  if (state.status === "active") redirect("/");
  if (state.status !== "signed-out") redirect("/account");
  const { reason, error } = await searchParams;
  const t = await serverT("auth");
  const { locale, timeZone } = await readerPrefs();
  const { passwords, sso } = signInOptions();
  const ssoError = typeof error === "string" && error ? (SSO_ERRORS.has(error.toLowerCase()) ? error.toLowerCase() : "other") : null;
  // i18n-keys: auth.signIn.ssoErrors.*
  return (
    <I18nProvider locale={locale} timeZone={timeZone} messages={messagesFor(locale)}>
      <main className="flex min-h-screen items-center justify-center p-6">
        <div className="w-full max-w-sm rounded-lg border border-line bg-panel p-6 shadow-xl">
          <h1 className="text-xl font-semibold">
            <span aria-hidden="true" className="mr-1 text-accent">
              ▮
            </span>
            {"Floodwall"}
          </h1>
          <p className="mb-5 mt-1 text-sm text-muted">{t("signIn.tagline" as never)}</p>
          {typeof reason === "string" && reason ? (
            // A reason the server gave when it ended the session (role changed, deactivated…).
            <p role="status" className="mb-4 rounded border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-warn">
              {reason.slice(0, 200)}
            </p>
          ) : null}
          {ssoError ? (
            <p role="alert" className="mb-4 rounded border border-danger/40 bg-danger-bg px-3 py-2 text-sm text-danger">
              {t(`signIn.ssoErrors.${ssoError}` as never)}
            </p>
          ) : null}
          <SignInForm passwords={passwords} sso={sso} />
        </div>
      </main>
    </I18nProvider>
  );
}
