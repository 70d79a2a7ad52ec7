"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { DeclareDialog } from "@/components/incidents/declare-dialog";
import { ContainDialog } from "@/components/orders/contain-dialog";
import { OrderCounts } from "@/components/orders/order-line";
import type { WaveAlert } from "@/server/contracts/alerts";
import type { OrderScope } from "@/server/contracts/orders";
import { useReasonText } from "./use-reason-text";

/**
 * The attack-wave alert, pushed to shift leads the moment the detector fires. Its first action
 * contains every ring of the wave with one standing order (and the rings that join it later);
 * once an order stands, the banner shows what it is doing instead of offering it again.
 */
export function WaveAlertBanner({ canAct, initial }: { canAct: boolean; initial: WaveAlert | null }) {
  const t = useTranslations("clusters.wave");
  const { wave: reasonText } = useReasonText();
  const trpc = useTRPC();
  const alert = useQuery(trpc.clusters.currentAlert.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY, initialData: initial }));
  const orders = useQuery({ ...trpc.orders.list.queryOptions({ open: true }), enabled: !!alert.data });
  const ack = useMutation(trpc.clusters.acknowledgeAlert.mutationOptions());
  // The rings are fixed when the lead clicks: live updates of the alert do not change an open dialog.
  const [contain, setContain] = useState<OrderScope | null>(null);
  const [declare, setDeclare] = useState(false);
  const a = alert.data;
  // The reasons the alert fired, as first seen: the live numbers have their own fixed-width slot,
  // so nothing in the banner changes width under the pointer every second.
  const first = useRef<{ id: string; reasons: string[] } | null>(null);
  if (a && first.current?.id !== a.id) first.current = { id: a.id, reasons: a.reasons };
  const firstReasons = (first.current?.reasons ?? []).map(reasonText).join(" · ");
  if (!a) return null;
  const active = (orders.data ?? []).filter((o) => o.status === "ACTIVE" || o.status === "PENDING_APPROVAL");
  const following = active.find((o) => o.followAlertId === a.id);
  const covered = new Set(active.flatMap((o) => o.clusterIds));
  const uncovered = a.clusters.filter((c) => !covered.has(c.id));
  const biggest = a.clusters[0];
  return (
    <section
      aria-label={t("label")}
      data-testid="wave-alert"
      className="no-print flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-danger/50 bg-danger-bg px-4 py-2 text-sm"
    >
      <span className="font-semibold text-danger" role="alert">
        {t("detected")}
      </span>
      <span className="min-w-0 max-w-[60ch] truncate text-ink" title={t("reasonsTitle", { first: firstReasons, now: a.reasons.map(reasonText).join(" · ") })}>
        {firstReasons}
      </span>
      <span className="tabular inline-block w-[62ch] truncate text-muted" data-testid="wave-numbers">
        {t("numbers", { rate: Math.round(a.peakRate), rings: a.clusters.length, live: a.liveRooms })}
      </span>
      {following ? (
        <span className="text-xs text-ink" data-testid="wave-contained">
          {following.status === "PENDING_APPROVAL" ? t("pending") : t("containing")}: <OrderCounts o={following} />
        </span>
      ) : null}
      <div className="ml-auto flex gap-2">
        {canAct && !following && uncovered.length ? (
          <Button
            size="sm"
            variant="danger"
            data-testid="contain-all"
            onClick={() => setContain({ clusterIds: uncovered.map((c) => c.id), followAlertId: a.id })}
          >
            {covered.size
              ? a.liveRooms
                ? t("containMore", { n: uncovered.length })
                : t("containMoreRefuse", { n: uncovered.length })
              : a.liveRooms
                ? t("containAll", { n: uncovered.length })
                : t("containAllRefuse", { n: uncovered.length })}
          </Button>
        ) : null}
        {canAct && !a.incidentId ? (
          <Button size="sm" variant={following ? "danger" : "secondary"} onClick={() => setDeclare(true)}>
            {t("declare")}
          </Button>
        ) : a.incidentId ? (
          <Link
            href={`/incidents/${a.incidentId}`}
            className="inline-flex items-center rounded border border-line bg-panel-2 px-2 py-1 text-xs font-medium text-ink hover:bg-line"
          >
            {t("openIncident")}
          </Link>
        ) : null}
        {biggest ? (
          <Link
            href={`/clusters/${biggest.id}`}
            className="inline-flex items-center rounded border border-line bg-panel-2 px-2 py-1 text-xs font-medium text-ink hover:bg-line"
            data-testid="open-biggest-cluster"
          >
            {t("biggest")}
          </Link>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => ack.mutate({ id: a.id })} disabled={ack.isSuccess}>
          {ack.isSuccess ? t("acknowledged") : t("acknowledge")}
        </Button>
      </div>
      <DeclareDialog
        open={declare}
        onOpenChange={setDeclare}
        alertId={a.id}
        defaults={{ severity: "P0", title: t("incidentTitle"), summary: a.reasons.map(reasonText).join(". ") }}
      />
      <ContainDialog scope={contain} onClose={() => setContain(null)} title={t("containTitle")} />
    </section>
  );
}
