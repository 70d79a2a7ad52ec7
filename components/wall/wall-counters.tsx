"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPCClient } from "@/components/providers/trpc";
import { PRESENCE_KEY } from "@/components/providers/realtime-bridge";
import type { WallStats } from "@/server/contracts/wall";
import { WALL_STATS_KEY } from "./wall-cache";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";

/**
 * The live header numbers: on the wall the server pushes them every second into the cache;
 * pages that do not subscribe to the wall (the overview) ask every `pollMs` instead.
 */
export function WallCounters({ pollMs }: { pollMs?: number } = {}) {
  const t = useTranslations("wall.counters");
  const f = useFormat();
  const client = useTRPCClient();
  const stats = useQuery<WallStats>({
    queryKey: WALL_STATS_KEY,
    queryFn: () => client.wall.stats.query(),
    staleTime: pollMs ?? Infinity,
    refetchInterval: pollMs ?? false,
  });
  const presence = useQuery<{ moderatorsOnline: number } | null>({ queryKey: PRESENCE_KEY, queryFn: () => null, enabled: false });
  const s = stats.data;
  const items: [string, string, string?][] = [
    [t("flagsPerMin"), s ? f.compact(s.flagsPerMin) : "—"],
    [t("flaggedLive"), s ? f.compact(s.flaggedLive) : "—"],
    [t("awaiting"), s ? f.compact(s.awaitingAction) : "—", s && s.awaitingAction > 0 ? "text-warn" : undefined],
    [t("median"), s ? f.duration(s.medianFlagToActionMs) : "—"],
    [t("moderators"), presence.data ? f.int(presence.data.moderatorsOnline) : "—"],
  ];
  return (
    <dl className="tabular flex items-stretch gap-px overflow-hidden rounded border border-line bg-line" aria-label={t("label")} data-testid="wall-counters">
      {items.map(([label, value, cls]) => (
        <div key={label} className="min-w-[116px] bg-panel px-3 py-1.5">
          <dt className="text-[11px] text-muted">{label}</dt>
          <dd className={`text-lg font-semibold leading-6 ${cls ?? ""}`}>{value}</dd>
        </div>
      ))}
      {s && (s.deliveryFailures > 0 || s.deliveryPending > 0) ? (
        <div className="min-w-[116px] bg-panel px-3 py-1.5" title={t("deliveryTitle")}>
          <dt className="text-[11px] text-muted">{t("delivery")}</dt>
          <dd className="text-sm leading-6">
            {s.deliveryFailures > 0 ? <span className="font-semibold text-danger">{t("failed", { n: f.compact(s.deliveryFailures) })}</span> : null}
            {s.deliveryFailures > 0 && s.deliveryPending > 0 ? " · " : null}
            {s.deliveryPending > 0 ? <span className="text-muted">{t("pending", { n: f.compact(s.deliveryPending) })}</span> : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
