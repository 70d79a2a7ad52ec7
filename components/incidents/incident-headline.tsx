import type { IncidentView } from "@/server/incidents/report";
import { duration } from "@/components/wall/format";

type Impact = IncidentView["impact"];
type Durations = IncidentView["durations"];

/** An incident's impact in plain numbers: what executives read first. */
export function IncidentHeadline({ impact, durations }: { impact: Impact; durations: Durations }) {
  const headline: [string, string][] = [
    ["Rooms taken down", impact.roomsTakenDown.toLocaleString()],
    ["Accounts banned", impact.accountsBanned.toLocaleString()],
    ["Peak viewers on flagged rooms", impact.peakViewersOnFlagged.toLocaleString()],
    ["Viewer-minutes exposed", impact.viewerMinutesExposed.toLocaleString()],
    ["Peak flag rate", `${Math.round(impact.peakFlagRate).toLocaleString()}/s`],
    ["Time to detect", duration(durations.timeToDetectMs)],
    ["Time to contain", duration(durations.timeToContainMs)],
    ["Time to resolve", duration(durations.timeToResolveMs)],
  ];
  return (
    <dl className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line" data-testid="incident-headline">
      {headline.map(([k, val]) => (
        <div key={k} className="bg-panel px-3 py-2">
          <dt className="text-xs text-muted">{k}</dt>
          <dd className="text-xl font-semibold" data-testid={`headline-${k.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
            {val}
          </dd>
        </div>
      ))}
    </dl>
  );
}
