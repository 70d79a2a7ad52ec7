"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { IncidentView } from "@/server/incidents/report";
import { useTranslations } from "use-intl";

// i18n-keys: incidents.manage.to.*
// The label: the status's own ("Contained"), or "reopen" for the one step back.
const NEXT: Record<string, { to: string; label: string }[]> = {
  DECLARED: [
    { to: "INVESTIGATING", label: "INVESTIGATING" },
    { to: "CONTAINED", label: "CONTAINED" },
  ],
  INVESTIGATING: [
    { to: "CONTAINED", label: "CONTAINED" },
    { to: "RESOLVED", label: "RESOLVED" },
  ],
  CONTAINED: [
    { to: "RESOLVED", label: "RESOLVED" },
    { to: "INVESTIGATING", label: "reopen" },
  ],
  RESOLVED: [
    { to: "IN_REVIEW", label: "IN_REVIEW" },
    { to: "INVESTIGATING", label: "reopen" },
  ],
  IN_REVIEW: [{ to: "CLOSED", label: "CLOSED" }],
  CLOSED: [],
};
// i18n-keys: incidents.role.*
const ROLES = ["COMMANDER", "SCRIBE", "COMMUNICATIONS", "EXECUTIVE_SPONSOR"] as const;

/** The commander's levers on an incident: status, severity, roles, executive update, notes. */
export function IncidentManage({ v }: { v: IncidentView }) {
  const t = useTranslations("incidents");
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
    <section aria-label={t("manage.label")} className="no-print flex flex-col gap-3 rounded border border-line bg-panel p-4 text-sm">
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-muted">{t("manage.status")}</span>
        {!v.acknowledgedAt ? (
          <Button size="sm" variant="primary" onClick={() => ack.mutate({ id: v.id })}>
            {t("manage.acknowledge")}
          </Button>
        ) : null}
        {NEXT[v.status].map((n) => (
          <Button key={n.to} size="sm" onClick={() => status.mutate({ id: v.id, status: n.to as never, note: null })}>
            {t(`manage.to.${n.label}`)}
          </Button>
        ))}
        <span className="ml-4 text-xs text-muted">{t("manage.severity")}</span>
        <input
          aria-label={t("manage.reasonLabel")}
          placeholder={t("manage.reasonPlaceholder")}
          value={sevReason}
          onChange={(e) => setSevReason(e.target.value)}
          className={`${inputClass} w-48 py-1 text-xs`}
        />
        {(["P0", "P1", "P2", "P3"] as const)
          .filter((s) => s !== v.severity)
          .map((s) => (
            <Button key={s} size="sm" disabled={sevReason.trim().length < 1} onClick={() => severity.mutate({ id: v.id, severity: s, reason: sevReason })}>
              {Number(s[1]) < Number(v.severity[1]) ? t("manage.escalate", { severity: s }) : t("manage.deescalate", { severity: s })}
            </Button>
          ))}
      </div>
      <div className="grid grid-cols-4 gap-2">
        {ROLES.map((r) => (
          <label key={r} className="flex flex-col gap-1 text-xs text-muted">
            {t(`role.${r}`)}
            <select
              className={`${inputClass} py-1 text-xs`}
              value={current(r)?.userId ?? ""}
              onChange={(e) => e.target.value && role.mutate({ id: v.id, role: r, userId: e.target.value })}
            >
              <option value="">{t("manage.unassigned")}</option>
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
        aria-label={t("manage.update")}
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
          {t("manage.updateStatus")}
          <input name="status" className={inputClass} required />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          {t("manage.impact")}
          <input name="impact" className={inputClass} required />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          {t("manage.next")}
          <input name="next" className={inputClass} required />
        </label>
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {t("manage.post")}
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
          {t("manage.note")}
          <input name="note" className={inputClass} required />
        </label>
        <Button type="submit" disabled={note.isPending}>
          {t("manage.addNote")}
        </Button>
      </form>
    </section>
  );
}
