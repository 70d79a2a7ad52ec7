"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import type { OrderSummary } from "@/server/contracts/orders";
import { OrderCounts, orderStatusText } from "./order-line";

/** Open standing orders with their live counts; shift leads approve, lift, or lift and restore them. */
export function OrdersPanel({ canLead }: { canLead: boolean }) {
  const trpc = useTRPC();
  const orders = useQuery(trpc.orders.list.queryOptions({ open: true }));
  const [lifting, setLifting] = useState<OrderSummary | null>(null);
  const list = orders.data ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="orders-h" className="flex flex-col gap-2 rounded border border-danger/40 bg-danger-bg/40 p-3">
      <h2 id="orders-h" className="text-sm font-semibold">
        Standing containment orders
      </h2>
      <ul className="flex flex-col gap-2">
        {list.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center gap-3 text-xs" data-testid="order" data-order-id={o.id} data-status={o.status}>
            <span className="font-medium text-ink">
              {o.rings} ring{o.rings === 1 ? "" : "s"}
              {o.followsAlert ? " + rings joining the wave" : ""}
            </span>
            <span className="text-muted">
              {orderStatusText[o.status]} · by {o.createdByEmail}
              {o.approverEmail ? `, approved by ${o.approverEmail}` : ""}
            </span>
            <OrderCounts o={o} />
            {canLead ? (
              <span className="ml-auto flex gap-2">
                {o.status === "PENDING_APPROVAL" ? <DecideButtons id={o.id} /> : null}
                <Button size="sm" onClick={() => setLifting(o)}>
                  Lift…
                </Button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <LiftDialog order={lifting} onClose={() => setLifting(null)} />
    </section>
  );
}

function DecideButtons({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const decide = useMutation(
    trpc.orders.decide.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.orders.list.pathFilter());
        toast.message(r.status === "ACTIVE" ? `Order approved: ${r.ended.toLocaleString("en-US")} rooms ended at once.` : "Order rejected.");
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  return (
    <>
      <Button
        size="sm"
        variant="danger"
        disabled={decide.isPending}
        onClick={() => decide.mutate({ id, approve: true, reason: "Approved from the orders panel" })}
      >
        Approve
      </Button>
      <Button size="sm" disabled={decide.isPending} onClick={() => decide.mutate({ id, approve: false, reason: "Rejected from the orders panel" })}>
        Reject
      </Button>
    </>
  );
}

function LiftDialog({ order, onClose }: { order: OrderSummary | null; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [reason, setReason] = useState("");
  const [restore, setRestore] = useState(false);
  const lift = useMutation(
    trpc.orders.lift.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.orders.list.pathFilter());
        toast.success(
          restore
            ? `Order lifted and undone: ${r.restored.toLocaleString("en-US")} rooms restored, ${r.unbanned.toLocaleString("en-US")} accounts unbanned.`
            : "Order lifted: it no longer acts.",
        );
        setReason("");
        setRestore(false);
        onClose();
      },
    }),
  );
  return (
    <Dialog open={order !== null} onOpenChange={(o) => !o && onClose()} title="Lift containment order">
      {order ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            lift.mutate({ id: order.id, restore, reason });
          }}
        >
          <p className="text-sm">
            {order.rings} ring{order.rings === 1 ? "" : "s"} · <OrderCounts o={order} />
          </p>
          <label className="flex flex-col gap-1 text-xs text-muted">
            Why (required)
            <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required className={inputClass} />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={restore} onChange={(e) => setRestore(e.target.checked)} /> Also undo it: restore the{" "}
            {order.counts.roomsEnded.toLocaleString("en-US")} rooms it ended and unban the accounts it banned
          </label>
          {lift.error ? (
            <p role="alert" className="text-sm text-danger">
              {lift.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={lift.isPending || reason.trim().length < 3}>
              {restore ? "Lift and restore" : "Lift order"}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
