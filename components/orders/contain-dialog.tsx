"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { OrderScope } from "@/server/contracts/orders";
import { PolicyReasonField } from "./policy-reason-field";
import { fmtTime } from "@/components/ui/format";

const n = (v: number) => v.toLocaleString("en-US");

/**
 * Contain rings with a standing order. The numbers are read once when the dialog opens (a
 * "Refresh" button reads them again): nothing moves under the pointer while the wave goes on.
 * One confirm makes one order; the dialog then closes and says what the order did at once —
 * and how that differs from what it showed.
 */
export function ContainDialog({ scope, onClose, title }: { scope: OrderScope | null; onClose: () => void; title: string }) {
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
        if (res.status === "PENDING_APPROVAL") toast.message("Containment order sent to the shift leads for approval.");
        else {
          const drift =
            p && res.ended !== p.live
              ? ` The preview showed ${n(p.live)} live rooms; ${n(Math.abs(res.ended - p.live))} ${res.ended > p.live ? "more went live" : "fewer were still live"} by the time you confirmed.`
              : "";
          toast.success(
            `Containing ${p?.rings ?? ""} ring${p?.rings === 1 ? "" : "s"}: ${n(res.ended)} rooms ended${ban ? `, ${n(res.banned)} accounts banned` : ""}. New members are taken down as they arrive.${drift}`,
            { duration: 10_000 },
          );
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
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title={title}
      description="A standing order: ends every live room of these rings now, then keeps ending the rooms of members that join them, until a shift lead lifts it."
      wide
    >
      {preview.isPending ? <p className="text-muted">Reading the rings…</p> : null}
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
            <span className="tabular">As of {fmtTime(p.at)}</span>
            <Button size="sm" variant="ghost" onClick={() => void preview.refetch()} disabled={preview.isFetching}>
              {preview.isFetching ? "Refreshing…" : "Refresh numbers"}
            </Button>
          </div>
          <div className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line text-center">
            {(
              [
                ["Rings", p.rings],
                ["Accounts", p.accounts],
                ["Live rooms now", p.live],
                ["Viewers now", p.viewers],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="bg-panel px-2 py-2">
                <div className="text-xl font-semibold" data-testid={k === "Live rooms now" ? "contain-live" : undefined}>
                  {n(v)}
                </div>
                <div className="text-[11px] text-muted">{k}</div>
              </div>
            ))}
          </div>
          {p.labels.length ? (
            <p className="text-xs text-muted">
              Labels on their live rooms:{" "}
              {p.labels
                .slice(0, 5)
                .map((l) => `${l.text} ${n(l.n)}`)
                .join(" · ")}
            </p>
          ) : null}
          <fieldset disabled={create.isPending} className="grid grid-cols-2 gap-3">
            <PolicyReasonField value={reason} onChange={setReason} suggested={p.suggestedReason} />
            <label className="flex flex-col gap-1 text-xs text-muted">
              Note (optional)
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} className={inputClass} placeholder="e.g. wave at 21:52" />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} /> Ban the accounts (current and joining)
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={refuse} onChange={(e) => setRefuse(e.target.checked)} /> Refuse go-live to accounts with the rings' signals
            </label>
            {scope?.followAlertId ? (
              <label className="col-span-2 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Also contain rings that join this wave while the alert
                is open
              </label>
            ) : null}
          </fieldset>
          {create.error ? (
            <p role="alert" className="text-sm text-danger">
              {create.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={create.isPending || !reason}>
              {create.isPending ? "Working…" : `Contain ${p.rings} ring${p.rings === 1 ? "" : "s"}`}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
