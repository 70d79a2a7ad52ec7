"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";

const KINDS = [
  "all",
  "declared",
  "status",
  "severity",
  "role",
  "takedown",
  "order",
  "restore",
  "rule",
  "playbook",
  "cluster",
  "control",
  "alert",
  "update",
  "note",
] as const;

type TimelineParams = Record<string, string | number>;
type TimelineFormat = (key: string, params: TimelineParams) => string;

/**
 * An entry in the reader's language when the server wrote it from the timeline catalog (data.msg:
 * key and values), else its stored text. Values are never markup: use-intl inserts them as text.
 */
// i18n-keys: timeline.*
function entryText(e: { text: string; data?: unknown }, tl: ReturnType<typeof useTranslations>): string {
  const m = (e.data as { msg?: { key?: unknown; params?: unknown } } | null | undefined)?.msg;
  if (!m || typeof m.key !== "string" || !m.params || typeof m.params !== "object" || !tl.has(m.key as never)) return e.text;
  try {
    const format = tl as unknown as TimelineFormat;
    return format(m.key, m.params as TimelineParams);
  } catch {
    return e.text;
  }
}

// i18n-keys: incidents.timeline.kind.*
/** The incident timeline, filterable by kind, with CSV/JSON export. */
export function IncidentTimeline({
  incidentId,
  entries,
}: {
  incidentId: string;
  entries: { id: string; at: Date; kind: string; actorEmail: string | null; text: string; data?: unknown }[];
}) {
  const t = useTranslations("incidents.timeline");
  const tl = useTranslations("timeline");
  const f = useFormat();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("all");
  const shown = (kind === "all" ? entries : entries.filter((e) => e.kind === kind)).slice().reverse();
  return (
    <section aria-labelledby="timeline-h" className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <h2 id="timeline-h" className="font-semibold">
          {t("title")}
        </h2>
        <label className="text-xs text-muted">
          {t("show")}{" "}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} className="rounded border border-line bg-bg px-1 py-0.5 text-xs">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="no-print ml-auto flex gap-3 text-xs">
          <a className="text-accent hover:underline" href={`/api/incidents/${incidentId}/timeline?format=csv`}>
            {t("csv")}
          </a>
          <a className="text-accent hover:underline" href={`/api/incidents/${incidentId}/timeline?format=json`}>
            {t("json")}
          </a>
        </span>
      </div>
      <ol className="flex flex-col divide-y divide-line/60 rounded border border-line text-sm" data-testid="incident-timeline">
        {shown.map((e) => (
          <li key={e.id} className="grid grid-cols-[84px_84px_1fr] gap-2 px-3 py-1.5">
            <time className="tabular text-xs text-muted" dateTime={e.at.toISOString()}>
              {f.time(e.at.getTime())}
            </time>
            <span className="text-xs uppercase tracking-wide text-muted">{t.has(`kind.${e.kind}`) ? t(`kind.${e.kind}`) : e.kind}</span>
            <span className="untrusted">
              {entryText(e, tl)}
              {e.actorEmail ? <span className="text-muted"> — {e.actorEmail}</span> : null}
            </span>
          </li>
        ))}
        {shown.length === 0 ? <li className="px-3 py-2 text-muted">{t("empty")}</li> : null}
      </ol>
    </section>
  );
}
