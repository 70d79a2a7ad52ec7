"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";
import { SeverityBadge, StatusBadge } from "./badges";
import { IncidentCharts } from "./incident-charts";
import { IncidentTimeline } from "./incident-timeline";
import { IncidentManage } from "./incident-manage";
import { IncidentReview } from "./incident-review";
import { IncidentHeadline } from "./incident-headline";
import { ContainedSuggestion } from "./contained-suggestion";

/**
 * One incident. Executives read it (headline numbers, charts, the latest update, a printable
 * report); shift leads also run it. It refetches whenever the server says it changed.
 */
export function IncidentPage({ id, canManage }: { id: string; canManage: boolean }) {
  const t = useTranslations("incidents");
  const f = useFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.incidents.get.queryOptions({ id }));
  if (q.error)
    return (
      <p role="alert" className="m-6 text-danger">
        {q.error.message}
      </p>
    );
  const v = q.data;
  if (!v) return <p className="m-6 text-muted">{t("loading")}</p>;
  const latest = v.updates[0];
  // i18n-keys: incidents.severity.*
  const commander = v.roles.find((r) => r.role === "COMMANDER" && !r.endedAt);
  return (
    <article className="mx-auto flex w-full max-w-7xl flex-col gap-5 p-6 print:max-w-none print:p-0" data-testid="incident-page">
      <header className="flex flex-wrap items-center gap-3">
        <SeverityBadge severity={v.severity} />
        <h1 className="text-xl font-semibold">
          #{v.number} <span className="untrusted">{v.title}</span>
        </h1>
        <StatusBadge status={v.status} />
        <span className="text-sm text-muted">{t("page.commander", { email: commander?.userEmail ?? "—" })}</span>
        <Button className="no-print ml-auto" onClick={() => window.print()}>
          {t("page.print")}
        </Button>
      </header>
      <p className="untrusted text-sm text-muted">
        {v.summary} <span className="text-xs">({t(`severity.${v.severity}.definition`)})</span>
      </p>
      {v.updateDue?.overdue ? (
        <p role="alert" className="rounded border border-warn/50 bg-warn/10 px-3 py-2 text-sm text-warn">
          {t("page.overdue", { severity: v.severity, minutes: v.updateDue.everyMin })}
        </p>
      ) : null}
      {canManage ? <ContainedSuggestion id={id} /> : null}
      <IncidentHeadline impact={v.impact} durations={v.durations} />
      <div className="grid grid-cols-[2fr_1fr] gap-5">
        <IncidentCharts series={v.series} metrics={v.metrics} marks={v.timeline} from={v.startedAt} to={v.resolvedAt} />
        <section aria-labelledby="update-h" className="rounded border border-line bg-panel p-3 text-sm">
          <h2 id="update-h" className="font-semibold">
            {t("page.latest")}
          </h2>
          {latest ? (
            <div className="mt-2 flex flex-col gap-1" data-testid="latest-update">
              <p className="text-xs text-muted">
                {f.dateTime(latest.at.getTime())} · {latest.authorEmail}
              </p>
              <p>
                <span className="text-muted">{t("page.statusLabel")}</span> <span className="untrusted">{latest.status}</span>
              </p>
              <p>
                <span className="text-muted">{t("page.impactLabel")}</span> <span className="untrusted">{latest.impact}</span>
              </p>
              <p>
                <span className="text-muted">{t("page.nextLabel")}</span> <span className="untrusted">{latest.nextSteps}</span>
              </p>
            </div>
          ) : (
            <p className="mt-2 text-muted">{t("page.noneYet")}</p>
          )}
          <dl className="mt-3 grid grid-cols-2 gap-1 text-xs">
            {(
              [
                ["began", v.startedAt],
                ["detected", v.detectedAt],
                ["declared", v.declaredAt],
                ["acknowledged", v.acknowledgedAt],
                ["contained", v.containedAt],
                ["resolved", v.resolvedAt],
              ] as const
            ).map(([k, d]) => (
              <div key={k} className="contents">
                {/* i18n-keys: incidents.page.* */}
                <dt className="text-muted">{t(`page.${k}`)}</dt>
                <dd className="tabular">{d ? f.dateTime(d.getTime()) : "—"}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      {canManage ? <IncidentManage v={v} /> : null}
      <IncidentTimeline incidentId={v.id} entries={v.timeline} />
      <section aria-labelledby="roles-h">
        <h2 id="roles-h" className="font-semibold">
          {t("page.roles")}
        </h2>
        <ul className="mt-1 text-sm">
          {v.roles.map((r) => (
            <li key={r.id} className={r.endedAt ? "text-muted" : ""}>
              {/* i18n-keys: incidents.role.* */}
              {t("page.roleLine", { role: t(`role.${r.role}`), email: r.userEmail, from: f.dateTime(r.startedAt.getTime()) })}
              {r.endedAt ? t("page.roleTo", { to: f.dateTime(r.endedAt.getTime()) }) : t("page.roleNow")}
            </li>
          ))}
        </ul>
      </section>
      <IncidentReview v={v} canManage={canManage} />
    </article>
  );
}
