"use client";
import { useTranslations } from "use-intl";
import type { IncidentView } from "@/server/incidents/report";
import { useFormat } from "@/components/ui/format";

type Impact = IncidentView["impact"];
type Durations = IncidentView["durations"];

/** An incident's impact in plain numbers: what executives read first, each with what it measures. */
export function IncidentHeadline({ impact, durations }: { impact: Impact; durations: Durations }) {
  const t = useTranslations("incidents.headline");
  const f = useFormat();
  const by = impact.takedownsBy;
  const origins = (
    [
      [by.orders, "by.orders"],
      [by.rules, "by.rules"],
      [by.batches, "by.batches"],
      [by.single, "by.single"],
    ] as const
  )
    .filter(([n]) => n > 0)
    // i18n-keys: incidents.headline.by.*
    .map(([n, how]) => t(how, { n: f.int(n) }))
    .join(" · ");
  // [test id (stable across languages), label, value, note]
  const headline: [string, string, string, string | null][] = [
    ["rooms-taken-down", t("roomsTakenDown"), f.int(impact.roomsTakenDown), origins || null],
    ["accounts-banned", t("accountsBanned"), f.int(impact.accountsBanned), null],
    [
      "peak-viewers-on-flagged-rooms",
      t("peakViewers"),
      f.int(impact.peakViewersOnFlagged),
      impact.peakViewersAt ? t("peakViewersAt", { at: f.dateTime(impact.peakViewersAt.getTime()) }) : t("notMeasured"),
    ],
    [
      "viewer-minutes-exposed",
      t("viewerMinutes"),
      f.int(impact.viewerMinutesExposed),
      impact.viewersMeasuredFrom ? t("measuredFrom", { at: f.dateTime(impact.viewersMeasuredFrom.getTime()) }) : t("notMeasured"),
    ],
    [
      "peak-flag-rate",
      t("peakFlagRate"),
      t("perSecond", { n: f.int(impact.peakFlagRate) }),
      impact.peakFlagRateAt ? t("highestAt", { at: f.dateTime(impact.peakFlagRateAt.getTime()) }) : t("highest"),
    ],
    ["time-to-detect", t("timeToDetect"), f.duration(durations.timeToDetectMs), null],
    ["time-to-contain", t("timeToContain"), f.duration(durations.timeToContainMs), null],
    ["time-to-resolve", t("timeToResolve"), f.duration(durations.timeToResolveMs), null],
  ];
  return (
    <dl className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line" data-testid="incident-headline">
      {headline.map(([id, k, val, note]) => (
        <div key={id} className="bg-panel px-3 py-2">
          <dt className="text-xs text-muted">{k}</dt>
          <dd className="text-xl font-semibold" data-testid={`headline-${id}`}>
            {val}
          </dd>
          {note ? <dd className="text-xs text-muted">{note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
