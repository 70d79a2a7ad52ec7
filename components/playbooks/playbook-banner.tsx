"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { FOUR_EYES_KEY, RULE_TRIPPED_KEY } from "@/components/providers/realtime-bridge";
import { useNow } from "@/components/wall/use-now";
import { Button } from "@/components/ui/button";
import type { PlaybookRunRow } from "@/server/contracts/rules";
import { useTranslations } from "use-intl";

/**
 * Shown to every lead on every page: a playbook about to run (with the seconds left and one
 * click to cancel), and one that just ran (with one click to stop it and undo what it did).
 */
export function PlaybookBanner() {
  const t = useTranslations("playbooks.banner");
  const trpc = useTRPC();
  const runs = useQuery({ ...trpc.playbooks.runs.queryOptions({ pendingOnly: false }), refetchInterval: 30_000 });
  const now = useNow(500);
  const shown = (runs.data ?? []).filter(
    (r) => r.status === "PENDING" || r.status === "RUNNING" || ((r.status === "DONE" || r.status === "FAILED") && 120_000 > now - (r.finishedAt ?? 0)),
  );
  if (shown.length === 0) return null;
  return (
    <section className="no-print flex flex-col gap-1 border-b border-warn/50 bg-warn/10 px-4 py-1.5 text-sm" aria-label={t("label")}>
      {shown.map((r) => (
        <RunLine key={r.id} run={r} now={now} />
      ))}
    </section>
  );
}

function RunLine({ run, now }: { run: PlaybookRunRow; now: number }) {
  const t = useTranslations("playbooks.banner");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const cancel = useMutation(
    trpc.playbooks.cancelRun.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.playbooks.pathFilter());
        toast.success(r.status === "CANCELLED" ? t("cancelled", { name: run.playbookName }) : t("stopped"));
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const left = Math.max(0, Math.ceil((run.fireAt - now) / 1000));
  if (run.status === "PENDING") {
    return (
      <p className="flex flex-wrap items-center gap-2" data-testid="playbook-pending" role="alert">
        <span className="font-semibold text-warn">{t("playbook", { name: run.playbookName })}</span>
        <span>
          {t.rich("runsIn", {
            seconds: left,
            b: (chunks) => <span className="tabular font-semibold">{chunks}</span>,
          })}
        </span>
        <Button size="sm" variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: run.id, reason: "Vetoed from the playbook banner" })}>
          {t("cancel")}
        </Button>
      </p>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-2" data-testid="playbook-ran" data-status={run.status}>
      <span className="font-semibold">{t("playbook", { name: run.playbookName })}</span>
      <span className="text-muted">
        {run.status === "RUNNING"
          ? t("running")
          : run.status === "FAILED"
            ? t("failed", { error: run.error ?? "" })
            : t("ran", { summary: run.summary.join("; ") })}
      </span>
      {run.incidentId ? (
        <Link href={`/incidents/${run.incidentId}`} className="text-accent underline">
          {t("incident")}
        </Link>
      ) : null}
      {run.status !== "RUNNING" ? (
        <Button size="sm" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: run.id, reason: "Stopped from the playbook banner" })}>
          {t("stop")}
        </Button>
      ) : null}
    </p>
  );
}

/** Leads hear at once when a rule's breaker trips or a second pair of eyes is wanted. */
export function LeadAlerts() {
  const tr = useTranslations("playbooks.banner");
  const tripped = useQuery({
    queryKey: RULE_TRIPPED_KEY,
    queryFn: () => null,
    enabled: false,
    initialData: null as { id: string; name: string; reason: string; at: number } | null,
  });
  const asked = useQuery({
    queryKey: FOUR_EYES_KEY,
    queryFn: () => null,
    enabled: false,
    initialData: null as { kind: "rule" | "playbook"; id: string; name: string; byEmail: string; at: number } | null,
  });
  const seen = useRef(new Set<number>());
  useEffect(() => {
    const t = tripped.data;
    if (!t || seen.current.has(t.at)) return;
    seen.current.add(t.at);
    toast.error(tr("tripped", { name: t.name, reason: t.reason }), {
      duration: 30_000,
      action: { label: tr("openRule"), onClick: () => window.location.assign(`/rules/${t.id}`) },
    });
  }, [tripped.data, tr]);
  useEffect(() => {
    const a = asked.data;
    if (!a || seen.current.has(a.at)) return;
    seen.current.add(a.at);
    const href = a.kind === "rule" ? `/rules/${a.id}` : "/playbooks";
    toast.message(a.kind === "rule" ? tr("askRule", { email: a.byEmail, name: a.name }) : tr("askPlaybook", { email: a.byEmail, name: a.name }), {
      duration: 30_000,
      action: { label: tr("review"), onClick: () => window.location.assign(href) },
    });
  }, [asked.data, tr]);
  return null;
}
