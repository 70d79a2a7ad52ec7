"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { MassTakedownDialog } from "@/components/takedown/mass-takedown-dialog";
import { ContainDialog } from "@/components/orders/contain-dialog";
import { ClusterGraph } from "./cluster-graph";
import { RegistrationHistogram } from "./registration-histogram";
import { MembersTable } from "./members-table";
import { useReasonText } from "./use-reason-text";

/**
 * `value` as it was when `key` last changed: later values under the same key are ignored, so
 * what depends on the result's identity (an effect, a memoised child) runs again only on a new key.
 */
function useKeptWhileKeySame<T>(key: string, value: T): T {
  const [kept, setKept] = useState({ key, value });
  if (kept.key !== key) {
    // Replaced during render (React's pattern for state derived from props): no stale frame.
    setKept({ key, value });
    return value;
  }
  return kept.value;
}

export function ClusterDetail({ id, canAct }: { id: string; canAct: boolean }) {
  const t = useTranslations("clusters.detail");
  const tc = useTranslations("common");
  const f = useFormat();
  const { signal } = useReasonText();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const detail = useQuery(trpc.clusters.detail.queryOptions({ id }));
  const watch = useMutation(trpc.clusters.setWatch.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.clusters.detail.pathFilter()) }));
  const [takedown, setTakedown] = useState(false);
  const [contain, setContain] = useState(false);
  const d = detail.data;
  const times = useMemo(() => d?.members.map((m) => m.registeredAt) ?? [], [d]);
  // The graph redraws only when membership changes, not on every refetch.
  const graph = useKeptWhileKeySame(d ? `${d.id}:${d.members.length}` : "", { members: d?.members ?? [], edges: d?.edges ?? [] });

  if (detail.error)
    return (
      <p role="alert" className="m-6 text-danger">
        {detail.error.message}
      </p>
    );
  if (!d) return <p className="m-6 text-muted">{tc("loading")}</p>;
  const live = d.counts.live;

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-5 p-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">{t.rich("heading", { id: () => <span className="font-mono">{d.id}</span> })}</h1>
        {d.mergedFrom ? <Badge tone="neutral">{t("mergedFrom", { id: d.mergedFrom })}</Badge> : null}
        {d.watched ? <Badge tone="accent">{d.watchedBy ? t("watchedBy", { who: d.watchedBy }) : t("watched")}</Badge> : null}
        <div className="ml-auto flex gap-2">
          <Link href={`/wall?cluster=${d.id}`} className="rounded border border-line px-3 py-1.5 text-sm hover:bg-panel-2">
            {t("onWall")}
          </Link>
          {canAct ? (
            <>
              <Button onClick={() => watch.mutate({ id: d.id, watched: !d.watched })} disabled={watch.isPending}>
                {d.watched ? t("stopWatching") : t("watch")}
              </Button>
              <Button onClick={() => setTakedown(true)} disabled={live === 0}>
                {t("takeDown", { n: live })}
              </Button>
              <Button variant="danger" onClick={() => setContain(true)}>
                {t("contain")}
              </Button>
            </>
          ) : null}
        </div>
      </div>
      <div className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line">
        {[
          [t("accounts"), d.counts.members],
          [t("liveRooms"), live],
          [t("unverified"), d.counts.unverified],
          [t("banned"), d.counts.banned],
        ].map(([k, v]) => (
          <div key={k} className="bg-panel px-3 py-2">
            <div className="text-xl font-semibold">{f.int(Number(v))}</div>
            <div className="text-xs text-muted">{k}</div>
          </div>
        ))}
      </div>
      <section aria-labelledby="why-h">
        <h2 id="why-h" className="font-semibold">
          {t("why")}
        </h2>
        <ul className="mt-1 list-disc pl-5 text-sm" data-testid="cluster-explanations">
          {d.topSignals.map((s) => (
            <li key={s.key} className="untrusted">
              {signal(s)}
            </li>
          ))}
        </ul>
      </section>
      <div className="grid grid-cols-[2fr_1fr] gap-5">
        <ClusterGraph members={graph.members} edges={graph.edges} />
        <RegistrationHistogram times={times} />
      </div>
      <section aria-labelledby="members-h">
        <h2 id="members-h" className="mb-2 font-semibold">
          {t("members", { n: d.counts.members })}
          {d.members.length < d.counts.members ? (
            <span className="ml-2 text-xs font-normal text-muted">{t("firstListed", { n: d.members.length })}</span>
          ) : null}
        </h2>
        <MembersTable members={d.members} />
      </section>
      <MassTakedownDialog
        selection={takedown ? { kind: "cluster", clusterIds: [d.id] } : null}
        onClose={() => setTakedown(false)}
        title={t("takeDownTitle", { id: d.id })}
      />
      <ContainDialog
        scope={contain ? { clusterIds: [d.id], followAlertId: null } : null}
        onClose={() => setContain(false)}
        title={t("containTitle", { id: d.id })}
      />
    </div>
  );
}
