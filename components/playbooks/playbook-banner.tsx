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

/**
 * Shown to every lead on every page: a playbook about to run (with the seconds left and one
 * click to cancel), and one that just ran (with one click to stop it and undo what it did).
 */
export function PlaybookBanner() {
  const trpc = useTRPC();
  const runs = useQuery({ ...trpc.playbooks.runs.queryOptions({ pendingOnly: false }), refetchInterval: 30_000 });
  const now = useNow(500);
  const shown = (runs.data ?? []).filter(
    (r) => r.status === "PENDING" || r.status === "RUNNING" || ((r.status === "DONE" || r.status === "FAILED") && now - (r.finishedAt ?? 0) < 120_000),
  );
  if (shown.length === 0) return null;
  return (
    <section className="no-print flex flex-col gap-1 border-b border-warn/50 bg-warn/10 px-4 py-1.5 text-sm" aria-label="Playbooks">
      {shown.map((r) => (
        <RunLine key={r.id} run={r} now={now} />
      ))}
    </section>
  );
}

function RunLine({ run, now }: { run: PlaybookRunRow; now: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const cancel = useMutation(
    trpc.playbooks.cancelRun.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.playbooks.pathFilter());
        toast.success(r.status === "CANCELLED" ? `Playbook “${run.playbookName}” cancelled: nothing was done.` : `Playbook stopped and undone.`);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const left = Math.max(0, Math.ceil((run.fireAt - now) / 1000));
  if (run.status === "PENDING") {
    return (
      <p className="flex flex-wrap items-center gap-2" data-testid="playbook-pending" role="alert">
        <span className="font-semibold text-warn">Playbook “{run.playbookName}”</span>
        <span>
          runs in <span className="tabular font-semibold">{left} s</span> on the attack-wave alert.
        </span>
        <Button size="sm" variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: run.id, reason: "Vetoed from the playbook banner" })}>
          Cancel it
        </Button>
      </p>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-2" data-testid="playbook-ran" data-status={run.status}>
      <span className="font-semibold">Playbook “{run.playbookName}”</span>
      <span className="text-muted">
        {run.status === "RUNNING" ? "is running…" : run.status === "FAILED" ? `failed part-way: ${run.error ?? ""}` : `ran: ${run.summary.join("; ")}.`}
      </span>
      {run.incidentId ? (
        <Link href={`/incidents/${run.incidentId}`} className="text-accent underline">
          Incident
        </Link>
      ) : null}
      {run.status !== "RUNNING" ? (
        <Button size="sm" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: run.id, reason: "Stopped from the playbook banner" })}>
          Stop and undo
        </Button>
      ) : null}
    </p>
  );
}

/** Leads hear at once when a rule's breaker trips or a second pair of eyes is wanted. */
export function LeadAlerts() {
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
    toast.error(`Rule “${t.name}” tripped its breaker and dropped to shadow: ${t.reason}.`, {
      duration: 30_000,
      action: { label: "Open rule", onClick: () => window.location.assign(`/rules/${t.id}`) },
    });
  }, [tripped.data]);
  useEffect(() => {
    const a = asked.data;
    if (!a || seen.current.has(a.at)) return;
    seen.current.add(a.at);
    const href = a.kind === "rule" ? `/rules/${a.id}` : "/playbooks";
    toast.message(`${a.byEmail} asks a second shift lead to ${a.kind === "rule" ? "enforce the rule" : "arm the playbook"} “${a.name}”.`, {
      duration: 30_000,
      action: { label: "Review", onClick: () => window.location.assign(href) },
    });
  }, [asked.data]);
  return null;
}
