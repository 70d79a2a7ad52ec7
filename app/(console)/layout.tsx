import { AppProviders } from "@/components/providers/app-providers";
import { AppShell } from "@/components/shell/app-shell";
import { navFor } from "@/components/shell/nav-items";
import { requireUser, shellData } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { messagesFor, readerPrefs } from "@/server/http/i18n";
import { I18nProvider } from "@/components/providers/i18n-provider";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // Rendered with the page, so the alert banner never appears later and shifts the page.
  const { initialAlert } = await shellData(user);
  const { locale, timeZone } = await readerPrefs({ locale: user.locale, timeZone: user.timeZone });
  return (
    <I18nProvider locale={locale} timeZone={timeZone} messages={messagesFor(locale)}>
      <AppProviders>
        <AppShell
          nav={navFor(user.role)}
          canApprove={can(user.role, "takedown:approve")}
          seesAlerts={can(user.role, "alerts:read")}
          leads={can(user.role, "playbooks:manage")}
          initialAlert={initialAlert}
          user={{ name: user.name, email: user.email, role: user.role }}
        >
          {children}
        </AppShell>
      </AppProviders>
    </I18nProvider>
  );
}
