"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { SeverityBadge, StatusBadge } from "@/components/incidents/badges";
import { IncidentHeadline } from "@/components/incidents/incident-headline";
import { Badge } from "@/components/ui/badge";
import { WallCounters } from "@/components/wall/wall-counters";
import { ActiveBatches } from "@/components/takedown/active-batches";
import { OrdersPanel } from "@/components/orders/orders-panel";
import { useTranslations } from "use-intl";
import { useScopeText } from "@/components/controls/controls-panel";
import { isOpen, SEVERITIES } from "@/server/contracts/incidents";
import { useFormat } from "@/components/ui/format";

const SEVERITY_ORDER = Object.keys(SEVERITIES);
/**
 * The first page everyone sees: the situation now. Open incidents (the most severe with its
 * impact in plain numbers), the live counters and running takedowns for the floor, and the
 * platform controls in effect — each part only for the roles that may read it.
 */
export function Overview({ canSeeWall, canSeeControls, canLead }: { canSeeWall: boolean; canSeeControls: boolean; canLead: boolean }) {
  const t = useTranslations("overview");
  const f = useFormat();
  const scopeText = useScopeText();
  const trpc = useTRPC();
  const incidents = useQuery(trpc.incidents.list.queryOptions());
  const open = (incidents.data ?? [])
    .filter((i) => isOpen(i.status))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.declaredAt.getTime() - a.declaredAt.getTime());
  const top = open[0];
  const topView = useQuery({ ...trpc.incidents.get.queryOptions({ id: top?.id ?? "" }), enabled: Boolean(top) });
  const controls = useQuery({ ...trpc.controls.list.queryOptions(), enabled: canSeeControls });
  const inEffect = (controls.data ?? []).filter((c) => c.mode !== "OPEN");
  const now = Date.now();

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6 p-6">
      <h1 className="text-lg font-semibold">{t("title")}</h1>

      <section aria-labelledby="ov-incidents" className="flex flex-col gap-3">
        <h2 id="ov-incidents" className="text-sm font-semibold text-muted">
          {t("openIncidents")} {incidents.data ? <span className="tabular">({f.int(open.length)})</span> : null}
        </h2>
        {incidents.error ? (
          <p role="alert" className="text-sm text-danger">
            {incidents.error.message}
          </p>
        ) : null}
        {incidents.data && open.length === 0 ? (
          <p className="rounded border border-line bg-panel px-4 py-3 text-sm" data-testid="no-open-incidents">
            {t("noOpenIncident")}{" "}
            <Link href="/incidents" className="text-accent hover:underline">
              {t("allIncidents")}
            </Link>
          </p>
        ) : null}
        {top ? (
          <div className="flex flex-col gap-3 rounded border border-line bg-panel p-4" data-testid="top-incident">
            <div className="flex flex-wrap items-center gap-3">
              <IncidentLine incident={top} now={now} prominent />
            </div>
            {topView.data ? (
              <IncidentHeadline impact={topView.data.impact} durations={topView.data.durations} />
            ) : (
              <p className="text-sm text-muted">{t("loadingImpact")}</p>
            )}
            {topView.data?.updateDue?.overdue ? (
              <p role="alert" className="text-sm text-warn">
                {t("updateOverdue", { min: topView.data.updateDue.everyMin })}
              </p>
            ) : null}
          </div>
        ) : null}
        {open.length > 1 ? (
          <ul className="flex flex-col divide-y divide-line rounded border border-line" aria-label={t("otherOpenIncidents")}>
            {open.slice(1).map((i) => (
              <li key={i.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <IncidentLine incident={i} now={now} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      {canSeeWall ? (
        <section aria-labelledby="ov-wall" className="flex flex-col gap-3">
          <h2 id="ov-wall" className="text-sm font-semibold text-muted">
            {t("wallNow")}{" "}
            <Link href="/wall" className="ml-2 font-normal text-accent hover:underline">
              {t("openWall")}
            </Link>
          </h2>
          <div className="self-start">
            <WallCounters pollMs={3000} />
          </div>
          <div className="rounded border border-line empty:hidden">
            <ActiveBatches />
          </div>
          <OrdersPanel canLead={canLead} />
        </section>
      ) : null}

      {canSeeControls ? (
        <section aria-labelledby="ov-controls" className="flex flex-col gap-3">
          <h2 id="ov-controls" className="text-sm font-semibold text-muted">
            {t("controlsInEffect")}{" "}
            <Link href="/controls" className="ml-2 font-normal text-accent hover:underline">
              {t("controlsLink")}
            </Link>
          </h2>
          {controls.data && inEffect.length === 0 ? (
            <p className="rounded border border-line bg-panel px-4 py-3 text-sm" data-testid="no-controls">
              {t("noControls")}
            </p>
          ) : null}
          {inEffect.length ? (
            <ul className="flex flex-col divide-y divide-line rounded border border-line" data-testid="controls-in-effect">
              {inEffect.map((c) => (
                <li key={c.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                  <Badge tone={c.restorePercent !== null ? "accent" : c.mode === "THROTTLED" ? "warn" : "danger"}>
                    {c.restorePercent !== null
                      ? t("restoring", { pct: c.restorePercent })
                      : c.mode === "THROTTLED"
                        ? t("throttledTo", { max: c.maxStartsPerMin ?? "?" })
                        : c.mode === "PAUSED"
                          ? t("paused")
                          : t("endingStreams")}
                  </Badge>
                  <span className="untrusted">{scopeText(c.scopeKind, c.scopeValue)}</span>
                  <span className="ml-auto text-muted">{t("sinceBy", { time: f.time(c.updatedAt.getTime()), who: c.updatedByEmail })}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** Severity, number and title (a link), status and age: one incident on one line. */
function IncidentLine({
  incident: i,
  now,
  prominent = false,
}: {
  incident: { id: string; number: number; title: string; severity: string; status: string; declaredAt: Date };
  now: number;
  prominent?: boolean;
}) {
  const t = useTranslations("overview");
  const f = useFormat();
  return (
    <>
      <SeverityBadge severity={i.severity} />
      <Link href={`/incidents/${i.id}`} className={`text-accent hover:underline ${prominent ? "text-base font-semibold" : ""}`}>
        #{i.number} <span className="untrusted">{i.title}</span>
      </Link>
      <StatusBadge status={i.status} />
      <span className={prominent ? "text-sm text-muted" : "ml-auto text-muted"}>{t("declaredAgo", { ago: f.duration(now - i.declaredAt.getTime()) })}</span>
    </>
  );
}
