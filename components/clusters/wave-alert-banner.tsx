"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { MassTakedownDialog } from "@/components/takedown/mass-takedown-dialog";
import { DeclareDialog } from "@/components/incidents/declare-dialog";
import type { WaveAlert } from "@/server/contracts/alerts";

/**
 * The attack-wave alert, pushed to shift leads the moment the detector fires: why, which
 * clusters, and one-click actions. It stays until the wave subsides.
 */
export function WaveAlertBanner({ canAct, initial }: { canAct: boolean; initial: WaveAlert | null }) {
  const trpc = useTRPC();
  const alert = useQuery(trpc.clusters.currentAlert.queryOptions(undefined, { staleTime: Infinity, initialData: initial }));
  const ack = useMutation(trpc.clusters.acknowledgeAlert.mutationOptions());
  const [takedown, setTakedown] = useState(false);
  const [declare, setDeclare] = useState(false);
  const a = alert.data;
  if (!a) return null;
  const biggest = a.clusters[0];
  return (
    <section
      role="alert"
      aria-label="Attack wave"
      data-testid="wave-alert"
      className="no-print flex flex-wrap items-center gap-3 border-b border-danger/50 bg-danger-bg px-4 py-2 text-sm"
    >
      <span className="font-semibold text-danger">Attack wave detected</span>
      <span className="text-ink">{a.reasons.join(" · ")}</span>
      <span className="tabular text-muted">
        peak {Math.round(a.peakRate).toLocaleString()} flags/s · {a.clusters.length} cluster{a.clusters.length === 1 ? "" : "s"}
        {biggest ? ` · biggest ${biggest.id} (${biggest.size.toLocaleString()} accounts)` : ""}
      </span>
      <div className="ml-auto flex gap-2">
        {biggest ? (
          <Link href={`/clusters/${biggest.id}`} className="rounded border border-line bg-panel px-3 py-1 hover:bg-panel-2" data-testid="open-biggest-cluster">
            Open biggest cluster
          </Link>
        ) : null}
        {canAct && a.clusters.length ? (
          <Button size="sm" variant="danger" onClick={() => setTakedown(true)}>
            Take down {a.clusters.length} cluster{a.clusters.length === 1 ? "" : "s"}
          </Button>
        ) : null}
        {canAct && !a.incidentId ? (
          <Button size="sm" variant="danger" onClick={() => setDeclare(true)}>
            Declare P0 incident
          </Button>
        ) : a.incidentId ? (
          <Link href={`/incidents/${a.incidentId}`} className="rounded border border-line bg-panel px-3 py-1 hover:bg-panel-2">
            Open incident
          </Link>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => ack.mutate({ id: a.id })} disabled={ack.isSuccess}>
          {ack.isSuccess ? "Acknowledged" : "Acknowledge"}
        </Button>
      </div>
      <DeclareDialog
        open={declare}
        onOpenChange={setDeclare}
        alertId={a.id}
        defaults={{ severity: "P0", title: "Bot attack wave: prohibited live streams", summary: a.reasons.join(". ") }}
      />
      <MassTakedownDialog
        open={takedown}
        onOpenChange={setTakedown}
        selection={takedown ? { kind: "cluster", clusterIds: a.clusters.map((c) => c.id) } : null}
        title={`Take down the ${a.clusters.length} clusters of this wave`}
      />
    </section>
  );
}
