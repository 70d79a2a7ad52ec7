"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useSocket } from "@/components/providers/socket-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { fmtDateTime, fmtInt } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";

const mb = (b: number) => (b < 1_000_000 ? `${fmtInt(Math.max(1, Math.round(b / 1000)))} kB` : `${(b / 1_000_000).toFixed(1)} MB`);

/**
 * The evidence package: prepared in the background with each step shown (a big incident takes
 * minutes), then downloaded; leaving the page does not stop it, and the newest package stays
 * ready for the next person.
 */
export function EvidenceExport({ incidentId }: { incidentId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { socket } = useSocket();
  const status = useQuery(trpc.incidents.evidenceExport.queryOptions({ id: incidentId }));
  const start = useMutation(
    trpc.incidents.prepareEvidence.mutationOptions({
      onSuccess: (v) => qc.setQueryData(trpc.incidents.evidenceExport.queryKey({ id: incidentId }), v),
    }),
  );
  // Progress arrives over the socket; a missed event is caught up by refetching.
  useEffect(() => {
    if (!socket) return;
    const on = (p: { incidentId: string }) => {
      if (p.incidentId === incidentId) void qc.invalidateQueries(trpc.incidents.evidenceExport.queryFilter({ id: incidentId }));
    };
    socket.on("evidence:progress", on);
    return () => {
      socket.off("evidence:progress", on);
    };
  }, [socket, qc, trpc, incidentId]);
  const e = status.data;
  const running = e?.status === "RUNNING";
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void status.refetch(), 3000);
    return () => clearInterval(t);
  }, [running, status]);
  return (
    <div className="no-print ml-auto flex min-w-[18rem] flex-col items-end gap-1 text-sm" data-testid="evidence-export">
      {running ? (
        <div className="flex w-72 flex-col gap-1">
          <ProgressBar value={e.step} max={e.steps} label="Preparing the evidence package" />
          <p className="text-xs text-muted" role="status">
            {e.stepLabel}… ({e.step} of {e.steps})
          </p>
        </div>
      ) : (
        <div className="flex items-center gap-2">
          {e?.status === "READY" ? (
            <a className="text-accent hover:underline" href={`/api/incidents/${incidentId}/evidence?export=${e.id}`} data-testid="evidence-download">
              Download evidence package ({mb(e.bytes ?? 0)}, {fmtDateTime(e.finishedAt ?? e.createdAt)})
            </a>
          ) : null}
          {e?.status === "FAILED" ? (
            <span className="text-xs text-danger" role="alert">
              The last export failed: {e.error}
            </span>
          ) : null}
          <Button size="sm" onClick={() => start.mutate({ id: incidentId })} disabled={start.isPending} data-testid="evidence-prepare">
            {e?.status === "READY" ? "Prepare a new package" : "Prepare evidence package (zip)"}
          </Button>
        </div>
      )}
      {start.error ? <p className="text-xs text-danger">{start.error.message}</p> : null}
    </div>
  );
}
