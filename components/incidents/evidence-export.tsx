"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useSocket } from "@/components/providers/socket-provider";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { type Format, useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";
import { ProgressBar } from "@/components/ui/progress-bar";

// The server names each step in English (stored with the export); the page words them itself.
// i18n-keys: incidents.evidence.steps.*
const STEP_KEY: Record<string, string> = {
  Starting: "starting",
  "Collecting flags": "flags",
  "Collecting rooms": "rooms",
  "Collecting accounts": "accounts",
  "Collecting enforcement actions": "actions",
  "Collecting the audit log": "audit",
  "Collecting the timeline": "timeline",
  "Compressing and hashing": "compressing",
  Ready: "ready",
};

const mb = (f: Format, b: number) => (b < 1_000_000 ? `${f.int(Math.max(1, Math.round(b / 1000)))} kB` : `${(b / 1_000_000).toFixed(1)} MB`);

/**
 * The evidence package: prepared in the background with each step shown (a big incident takes
 * minutes), then downloaded; leaving the page does not stop it, and the newest package stays
 * ready for the next person.
 */
export function EvidenceExport({ incidentId }: { incidentId: string }) {
  const t = useTranslations("incidents.evidence");
  const f = useFormat();
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
          <ProgressBar value={e.step} max={e.steps} label={t("preparing")} />
          <p className="text-xs text-muted" role="status">
            {t("step", { label: STEP_KEY[e.stepLabel] ? t(`steps.${STEP_KEY[e.stepLabel]}`) : e.stepLabel, step: e.step, steps: e.steps })}
          </p>
        </div>
      ) : (
        <div className="flex items-center gap-2">
          {e?.status === "READY" ? (
            <a className="text-accent hover:underline" href={`/api/incidents/${incidentId}/evidence?export=${e.id}`} data-testid="evidence-download">
              {t("download", { size: mb(f, e.bytes ?? 0), at: f.dateTime(e.finishedAt ?? e.createdAt) })}
            </a>
          ) : null}
          {e?.status === "FAILED" ? (
            <span className="text-xs text-danger" role="alert">
              {t("failed", { error: e.error ?? "" })}
            </span>
          ) : null}
          <Button size="sm" onClick={() => start.mutate({ id: incidentId })} disabled={start.isPending} data-testid="evidence-prepare">
            {e?.status === "READY" ? t("again") : t("prepare")}
          </Button>
        </div>
      )}
      {start.error ? <p className="text-xs text-danger">{start.error.message}</p> : null}
    </div>
  );
}
