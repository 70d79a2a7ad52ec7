"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { invalidateRules } from "./cache";
import { undoProgressKey } from "@/components/providers/realtime-bridge";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { RuleSummary } from "@/server/contracts/rules";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

/** "HH:MM" of a moment on the reader's clock (their time zone). */
const clock = (timeZone: string) => new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const toHhmm = (ms: number, timeZone: string) => clock(timeZone).format(ms);
/** The latest moment, at or before now, when the reader's clock read HH:MM (today, or yesterday if that time is still ahead). */
export function fromHhmm(hhmm: string, timeZone: string, now = Date.now()): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const [h, min] = toHhmm(now, timeZone).split(":").map(Number);
  const back = (h * 60 + min - (Number(m[1]) * 60 + Number(m[2])) + 1440) % 1440;
  return Math.floor(now / 60_000) * 60_000 - back * 60_000;
}

/** Undo everything the rule did since a time: rooms back, accounts unbanned, orders lifted, controls opened. */
export function UndoPanel({ rule }: { rule: RuleSummary }) {
  const t = useTranslations("rules.undo");
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [since, setSince] = useState(() => toHhmm(Date.now() - 15 * 60_000, f.zone));
  const [reason, setReason] = useState("");
  const [toShadow, setToShadow] = useState(true);
  const progress = useQuery({
    queryKey: undoProgressKey(rule.id),
    queryFn: () => null,
    enabled: false,
    initialData: null as { done: number; total: number; what: string } | null,
  });
  const undo = useMutation(
    trpc.rules.undo.mutationOptions({
      onMutate: () => qc.setQueryData(undoProgressKey(rule.id), null),
      onSuccess: (r) => {
        invalidateRules(qc, trpc);
        toast.success(
          t("done", {
            restored: f.int(r.restored),
            reopened: f.int(r.reopened),
            unbanned: f.int(r.unbanned),
            orders: r.ordersLifted,
            controls: r.controlsOpened,
          }) + (r.priorityLeft ? t("priorityLeft", { n: f.int(r.priorityLeft) }) : ""),
        );
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const at = fromHhmm(since, f.zone);
  const ok = at !== null && reason.trim().length >= 3;
  const p = progress.data;
  return (
    <form
      className="flex max-w-2xl flex-col gap-3"
      aria-label={t("label")}
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) undo.mutate({ id: rule.id, since: at, reason: reason.trim(), toShadow });
      }}
    >
      <p className="text-sm">{t.rich("explain", { name: rule.name, b: (chunks) => <span className="font-semibold">{chunks}</span> })}</p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t("since", { zone: f.zone })} error={at === null ? t("sinceError") : null}>
          {(p2) => (
            <input {...p2} className={`${inputClass} w-24 font-mono`} value={since} onChange={(e) => setSince(e.target.value)} data-testid="undo-since" />
          )}
        </Field>
        <Field label={t("why")}>
          {(p2) => (
            <input
              {...p2}
              className={`${inputClass} w-96`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              data-testid="undo-reason"
            />
          )}
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={toShadow} onChange={(e) => setToShadow(e.target.checked)} /> {t("toShadow")}
      </label>
      <div>
        <Button type="submit" variant="danger" disabled={!ok || undo.isPending}>
          {undo.isPending ? t("undoing") : t("submit", { since, zone: f.zone })}
        </Button>
      </div>
      {undo.isPending ? (
        <div className="flex flex-col gap-1" data-testid="undo-progress">
          <ProgressBar value={p?.done ?? 0} max={p?.total ?? 1} label={t("progress")} />
          <p className="text-xs text-muted" role="status">
            {p ? t("progressLine", { what: p.what, done: f.int(p.done), total: f.int(p.total) }) : t("finding")}
          </p>
        </div>
      ) : null}
    </form>
  );
}
