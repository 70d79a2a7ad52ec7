"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { authClient } from "@/components/providers/auth-client";
import { Button } from "@/components/ui/button";
import type { Role } from "@/server/contracts/roles";
import { TwoFactorPanel } from "./two-factor-panel";

export interface AccountUser {
  name: string;
  email: string;
  role: Role | null;
  signInMethod: string | null;
  twoFactorEnabled: boolean;
}

/**
 * The account page: what the session may do now (waiting for a role, or an authenticator app
 * to set up first) and the person's second factor. Restricted sessions see only this page.
 */
export function AccountPage({
  status,
  user,
  twoFactorRequired,
  hasPassword,
}: {
  status: "active" | "pending-role" | "needs-two-factor";
  user: AccountUser;
  twoFactorRequired: boolean;
  hasPassword: boolean;
}) {
  const t = useTranslations("auth.account");
  const tr = useTranslations("shell.roles");
  // i18n-keys: auth.account.method.*
  const [signingOut, setSigningOut] = useState(false);
  const method =
    user.signInMethod && ["password", "password+totp", "password+recovery-code", "sso"].includes(user.signInMethod) ? user.signInMethod : "unknown";

  async function signOut() {
    setSigningOut(true);
    await authClient.signOut().catch(() => {});
    window.location.assign("/sign-in");
  }

  return (
    <main id="main" className="mx-auto flex min-h-screen w-full max-w-3xl flex-col gap-5 p-6">
      <header className="flex flex-wrap items-center gap-3">
        <span className="font-semibold tracking-tight">
          <span aria-hidden="true" className="mr-1 text-accent">
            ▮
          </span>
          {"Floodwall"}
        </span>
        <div className="ml-auto flex items-center gap-2">
          {status === "active" ? (
            <a href="/" className="rounded border border-line px-3 py-1.5 text-sm hover:bg-panel-2">
              {t("toConsole")}
            </a>
          ) : null}
          <Button variant="ghost" onClick={signOut} disabled={signingOut}>
            {t("signOut")}
          </Button>
        </div>
      </header>
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg border border-line bg-panel p-4 text-sm">
        <dt className="text-muted">{t("name")}</dt>
        <dd className="untrusted">{user.name}</dd>
        <dt className="text-muted">{t("email")}</dt>
        <dd className="untrusted">{user.email}</dd>
        <dt className="text-muted">{t("role")}</dt>
        <dd data-testid="account-role">{user.role ? tr(user.role) : t("noRole")}</dd>
        <dt className="text-muted">{t("signedInWith")}</dt>
        <dd>{t(`method.${method}`)}</dd>
      </dl>

      {status === "pending-role" ? (
        <div role="status" className="rounded-lg border border-warn/40 bg-warn/10 p-4" data-testid="pending-role">
          <h2 className="font-semibold text-warn">{t("pendingTitle")}</h2>
          <p className="mt-1 text-sm">{t("pendingBody")}</p>
        </div>
      ) : null}
      {status === "needs-two-factor" ? (
        <div role="status" className="rounded-lg border border-warn/40 bg-warn/10 p-4" data-testid="needs-two-factor">
          <h2 className="font-semibold text-warn">{t("needsTitle")}</h2>
          <p className="mt-1 text-sm">{t("needsBody")}</p>
        </div>
      ) : null}

      {user.signInMethod === "sso" && !hasPassword ? (
        <p className="text-sm text-muted">{t("ssoSecondFactor")}</p>
      ) : (
        <TwoFactorPanel
          email={user.email}
          enabled={user.twoFactorEnabled}
          required={twoFactorRequired}
          hasPassword={hasPassword}
          onEnabled={() => window.location.assign(status === "needs-two-factor" ? "/" : "/account")}
        />
      )}
    </main>
  );
}
