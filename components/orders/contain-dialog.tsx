"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { OrderScope } from "@/server/contracts/orders";
import { PolicyReasonField } from "./policy-reason-field";
import { useFormat } from "@/components/ui/format";

/**
 * Contain rings with a standing order. The numbers are read once when the dialog opens (a
 * "Refresh" button reads them again): nothing moves under the pointer while the wave goes on.
 * One confirm makes one order; the dialog then closes and says what the order did at once —
 * and how that differs from what it showed.
 */
export function ContainDialog({ scope, onClose, title }: { scope: OrderScope | null; onClose: () => void; title: string }) {
  const t = useTranslations("orders.contain");
  const tw = useTranslations("wall");
  // i18n-keys: wall.labels.*
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const open = scope !== null;
  const preview = useQuery({
    ...trpc.orders.preview.queryOptions(scope ?? { clusterIds: ["C-00000000"], followAlertId: null }),
    enabled: open,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [ban, setBan] = useState(true);
  const [refuse, setRefuse] = useState(true);
  const [follow, setFollow] = useState(true);
  const p = preview.data;
  // The suggestion is applied once, when the numbers first arrive; the person may change it.
  useEffect(() => {
    if (p?.suggestedReason) setReason((r) => r || (p.suggestedReason ?? ""));
  }, [p?.suggestedReason]);
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (res) => {
        void qc.invalidateQueries(trpc.orders.list.pathFilter());
        if (res.status === "PENDING_APPROVAL") toast.message(t("pending"));
        else {
          const diff = p ? Math.abs(res.ended - p.live) : 0;
          const drift =
            p && res.ended !== p.live ? ` ${res.ended > p.live ? t("driftMore", { live: p.live, diff }) : t("driftFewer", { live: p.live, diff })}` : "";
          const rings = p?.rings ?? 0;
          const said = ban ? t("doneBan", { rings, ended: res.ended, banned: res.banned }) : t("done", { rings, ended: res.ended });
          toast.success(`${said}${drift}`, { duration: 10_000 });
        }
        onClose();
      },
    }),
  );
  const reset = create.reset;
  useEffect(() => {
    if (!open) {
      reset();
      setReason("");
      setNote("");
    }
  }, [open, reset]);

  return (
    <Dialog wide open={open} onOpenChange={(o) => !o && onClose()} title={title} description={t("description")}>
      {preview.isPending ? <p className="text-muted">{t("reading")}</p> : null}
      {preview.error ? (
        <p role="alert" className="text-danger">
          {preview.error.message}
        </p>
      ) : null}
      {p ? (
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!scope || !reason) return;
            create.mutate({
              clusterIds: p.clusterIds,
              followAlertId: follow ? scope.followAlertId : null,
              banAccounts: ban,
              refuseGoLive: refuse,
              reason: note.trim() ? `${reason}: ${note.trim()}` : reason,
            });
          }}
        >
          <div className="flex items-center justify-between text-xs text-muted">
            <span className="tabular" data-testid="contain-as-of">
              {t("asOf", { time: f.time(p.at) })}
            </span>
            <Button size="sm" variant="ghost" onClick={() => void preview.refetch()} disabled={preview.isFetching}>
              {preview.isFetching ? t("refreshing") : t("refresh")}
            </Button>
          </div>
          <div className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line text-center">
            {(
              [
                [t("rings"), p.rings, undefined],
                [t("accounts"), p.accounts, undefined],
                [t("live"), p.live, "contain-live"],
                [t("viewers"), p.viewers, undefined],
              ] as const
            ).map(([k, v, testId]) => (
              <div key={k} className="bg-panel px-2 py-2">
                <div className="text-xl font-semibold" data-testid={testId}>
                  {f.int(v)}
                </div>
                <div className="text-[11px] text-muted">{k}</div>
              </div>
            ))}
          </div>
          {p.labels.length ? (
            <p className="text-xs text-muted">
              {t("labels", {
                list: p.labels
                  .slice(0, 5)
                  .map((l) => `${tw(`labels.${l.label}`)} ${f.int(l.n)}`)
                  .join(" · "),
              })}
            </p>
          ) : null}
          <fieldset disabled={create.isPending} className="grid grid-cols-2 gap-3">
            <PolicyReasonField value={reason} onChange={setReason} suggested={p.suggestedReason} />
            <label className="flex flex-col gap-1 text-xs text-muted">
              {t("note")}
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} className={inputClass} placeholder={t("notePlaceholder")} />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} /> {t("ban")}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={refuse} onChange={(e) => setRefuse(e.target.checked)} /> {t("refuse")}
            </label>
            {scope?.followAlertId ? (
              <label className="col-span-2 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t("follow")}
              </label>
            ) : null}
          </fieldset>
          {create.error ? (
            <p role="alert" className="text-sm text-danger">
              {create.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>{t("cancel")}</Button>
            <Button type="submit" variant="danger" disabled={create.isPending || !reason}>
              {create.isPending ? t("working") : t("submit", { n: p.rings })}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
