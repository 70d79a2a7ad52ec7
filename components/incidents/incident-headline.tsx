import type { IncidentView } from "@/server/incidents/report";
import { fmtDateTime, fmtInt } from "@/components/ui/format";
import { duration } from "@/components/wall/format";

type Impact = IncidentView["impact"];
type Durations = IncidentView["durations"];

/** An incident's impact in plain numbers: what executives read first, each with what it measures. */
export function IncidentHeadline({ impact, durations }: { impact: Impact; durations: Durations }) {
  const by = impact.takedownsBy;
  const origins = (
    [
      [by.orders, "by standing orders"],
      [by.rules, "by rules"],
      [by.batches, "in mass takedowns"],
      [by.single, "one at a time"],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, how]) => `${fmtInt(n)} ${how}`)
    .join(" · ");
  const headline: [string, string, string | null][] = [
    ["Rooms taken down", fmtInt(impact.roomsTakenDown), origins || null],
    ["Accounts banned", fmtInt(impact.accountsBanned), null],
    [
      "Peak viewers on flagged rooms",
      fmtInt(impact.peakViewersOnFlagged),
      impact.peakViewersAt ? `all flagged rooms awaiting a decision, at ${fmtDateTime(impact.peakViewersAt.getTime())}` : "not measured yet",
    ],
    [
      "Viewer-minutes exposed",
      fmtInt(impact.viewerMinutesExposed),
      impact.viewersMeasuredFrom ? `measured each minute from ${fmtDateTime(impact.viewersMeasuredFrom.getTime())}` : "not measured yet",
    ],
    [
      "Peak flag rate",
      `${fmtInt(impact.peakFlagRate)}/s`,
      `highest 30 s average${impact.peakFlagRateAt ? `, at ${fmtDateTime(impact.peakFlagRateAt.getTime())}` : ""}`,
    ],
    ["Time to detect", duration(durations.timeToDetectMs), null],
    ["Time to contain", duration(durations.timeToContainMs), null],
    ["Time to resolve", duration(durations.timeToResolveMs), null],
  ];
  return (
    <dl className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line" data-testid="incident-headline">
      {headline.map(([k, val, note]) => (
        <div key={k} className="bg-panel px-3 py-2">
          <dt className="text-xs text-muted">{k}</dt>
          <dd className="text-xl font-semibold" data-testid={`headline-${k.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
            {val}
          </dd>
          {note ? <dd className="text-xs text-muted">{note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
