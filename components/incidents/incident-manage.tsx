"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { IncidentView } from "@/server/incidents/report";

const NEXT: Record<string, { to: string; label: string }[]> = {
  DECLARED: [
    { to: "INVESTIGATING", label: "Investigating" },
    { to: "CONTAINED", label: "Contained" },
  ],
  INVESTIGATING: [
    { to: "CONTAINED", label: "Contained" },
    { to: "RESOLVED", label: "Resolved" },
  ],
  CONTAINED: [
    { to: "RESOLVED", label: "Resolved" },
    { to: "INVESTIGATING", label: "Reopen" },
  ],
  RESOLVED: [
    { to: "IN_REVIEW", label: "Start review" },
    { to: "INVESTIGATING", label: "Reopen" },
  ],
  IN_REVIEW: [{ to: "CLOSED", label: "Close" }],
  CLOSED: [],
};
const ROLES = [
  ["COMMANDER", "Commander"],
  ["SCRIBE", "Scribe"],
  ["COMMUNICATIONS", "Communications"],
  ["EXECUTIVE_SPONSOR", "Executive sponsor"],
] as const;

/** The commander's levers on an incident: status, severity, roles, executive update, notes. */
export function IncidentManage({ v }: { v: IncidentView }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const people = useQuery(trpc.incidents.people.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const opts = {
    onSuccess: () => {
      setError(null);
      return qc.invalidateQueries(trpc.incidents.get.queryFilter({ id: v.id }));
    },
    onError: (e: { message: string }) => setError(e.message),
  };
  const status = useMutation(trpc.incidents.setStatus.mutationOptions(opts));
  const severity = useMutation(trpc.incidents.setSeverity.mutationOptions(opts));
  const ack = useMutation(trpc.incidents.acknowledge.mutationOptions(opts));
  const role = useMutation(trpc.incidents.assignRole.mutationOptions(opts));
  const update = useMutation(trpc.incidents.addUpdate.mutationOptions(opts));
  const note = useMutation(trpc.incidents.addNote.mutationOptions(opts));
  const [sevReason, setSevReason] = useState("");
  const current = (r: string) => v.roles.find((x) => x.role === r && !x.endedAt);

  return (
    <section aria-label="Run the incident" className="no-print flex flex-col gap-3 rounded border border-line bg-panel p-4 text-sm">
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-muted">Status</span>
        {!v.acknowledgedAt ? (
          <Button size="sm" variant="primary" onClick={() => ack.mutate({ id: v.id })}>
            Acknowledge
          </Button>
        ) : null}
        {NEXT[v.status].map((n) => (
          <Button key={n.to} size="sm" onClick={() => status.mutate({ id: v.id, status: n.to as never, note: null })}>
            {n.label}
          </Button>
        ))}
        <span className="ml-4 text-xs text-muted">Severity</span>
        <input
          aria-label="Reason for the severity change"
          placeholder="reason"
          value={sevReason}
          onChange={(e) => setSevReason(e.target.value)}
          className={`${inputClass} w-48 py-1 text-xs`}
        />
        {(["P0", "P1", "P2", "P3"] as const)
          .filter((s) => s !== v.severity)
          .map((s) => (
            <Button key={s} size="sm" disabled={sevReason.trim().length < 1} onClick={() => severity.mutate({ id: v.id, severity: s, reason: sevReason })}>
              {Number(s[1]) < Number(v.severity[1]) ? "Escalate" : "De-escalate"} to {s}
            </Button>
          ))}
      </div>
      <div className="grid grid-cols-4 gap-2">
        {ROLES.map(([r, label]) => (
          <label key={r} className="flex flex-col gap-1 text-xs text-muted">
            {label}
            <select
              className={`${inputClass} py-1 text-xs`}
              value={current(r)?.userId ?? ""}
              onChange={(e) => e.target.value && role.mutate({ id: v.id, role: r, userId: e.target.value })}
            >
              <option value="">— unassigned —</option>
              {people.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <form
        aria-label="Executive update"
        className="grid grid-cols-[1fr_1fr_1fr_auto] items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const form = e.currentTarget;
          update.mutate(
            { id: v.id, status: String(f.get("status")), impact: String(f.get("impact")), nextSteps: String(f.get("next")) },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <label className="flex flex-col gap-1 text-xs text-muted">
          Executive update: current status
          <input name="status" className={inputClass} required />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Impact
          <input name="impact" className={inputClass} required />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Next steps
          <input name="next" className={inputClass} required />
        </label>
        <Button type="submit" variant="primary" disabled={update.isPending}>
          Post update
        </Button>
      </form>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          note.mutate({ id: v.id, text: String(new FormData(form).get("note")) }, { onSuccess: () => form.reset() });
        }}
      >
        <label className="flex flex-1 flex-col gap-1 text-xs text-muted">
          Timeline note
          <input name="note" className={inputClass} required />
        </label>
        <Button type="submit" disabled={note.isPending}>
          Add note
        </Button>
      </form>
    </section>
  );
}
