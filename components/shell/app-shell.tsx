"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/components/providers/auth-client";
import { useSocket } from "@/components/providers/socket-provider";
import { Button } from "@/components/ui/button";
import type { NavItem } from "./nav-items";
import { ApprovalsBadge } from "@/components/takedown/approvals-badge";
import { WaveAlertBanner } from "@/components/clusters/wave-alert-banner";
import { DeclaredBanner } from "@/components/incidents/declared-banner";
import type { WaveAlert } from "@/server/contracts/alerts";
import type { Role } from "@/server/contracts/roles";
import { useTranslations } from "use-intl";
import { PrefsMenu } from "./prefs-menu";
import { LeadAlerts, PlaybookBanner } from "@/components/playbooks/playbook-banner";

export interface ShellUser {
  name: string;
  email: string;
  role: Role;
}

export function AppShell({
  nav,
  user,
  canApprove,
  seesAlerts,
  leads,
  initialAlert,
  children,
}: {
  /** Shift leads and admins: playbook runs (with cancel) and rule alerts on every page. */
  leads: boolean;
  initialAlert: WaveAlert | null;
  nav: NavItem[];
  user: ShellUser;
  canApprove: boolean;
  seesAlerts: boolean;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const { state } = useSocket();
  const t = useTranslations("shell");
  // i18n-keys: shell.nav.*
  // i18n-keys: shell.socket.*
  // i18n-keys: shell.roles.*
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    await authClient.signOut().catch(() => {});
    window.location.assign("/sign-in");
  }

  return (
    // The shell is exactly the viewport and pages scroll inside <main>: the wall's virtualised
    // grid needs a bounded scroll container, or every card would be rendered.
    <div className="flex h-dvh flex-col print:block print:h-auto">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-accent focus:px-3 focus:py-1 focus:text-bg"
      >
        {t("skip")}
      </a>
      <header className="no-print flex h-11 shrink-0 items-center gap-4 border-b border-line bg-panel px-4">
        <span className="font-semibold tracking-tight">
          <span aria-hidden="true" className="mr-1 text-accent">
            ▮
          </span>
          {"Floodwall"}
        </span>
        <nav aria-label={t("mainNav")} className="flex items-center gap-1">
          {nav.map((item) => {
            const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`rounded px-2.5 py-1 text-sm ${active ? "bg-panel-2 text-ink" : "text-muted hover:text-ink"}`}
              >
                {t(`nav.${item.key}`)}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-xs">
          {canApprove ? <ApprovalsBadge /> : null}
          <span role="status" aria-live="polite" className="flex items-center gap-1.5 text-muted">
            <span
              aria-hidden="true"
              className={`inline-block h-2 w-2 rounded-full ${state === "online" ? "bg-ok" : state === "offline" ? "bg-danger" : "bg-warn"}`}
            />
            {t(`socket.${state}`)}
          </span>
          {/* The person's own page: their authenticator app and recovery codes. */}
          <Link href="/account" className="rounded px-1 text-muted hover:text-ink" aria-label={t("account", { name: user.name })}>
            <span className="untrusted text-ink" data-testid="shell-user">
              {user.name}
            </span>{" "}
            · <span data-testid="shell-role">{t(`roles.${user.role}`)}</span>
          </Link>
          <PrefsMenu />
          <Button size="sm" variant="ghost" onClick={signOut} disabled={signingOut}>
            {t("signOut")}
          </Button>
        </div>
      </header>
      <DeclaredBanner />
      {seesAlerts ? <WaveAlertBanner canAct={canApprove} initial={initialAlert} /> : null}
      {leads ? (
        <>
          <PlaybookBanner />
          <LeadAlerts />
        </>
      ) : null}
      <main id="main" tabIndex={-1} className="flex min-h-0 flex-1 flex-col overflow-y-auto print:block print:overflow-visible">
        {children}
      </main>
    </div>
  );
}
