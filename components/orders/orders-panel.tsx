"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import type { OrderSummary } from "@/server/contracts/orders";
import { OrderCounts } from "./order-line";

/** Open standing orders with their live counts; shift leads approve, lift, or lift and restore them. */
export function OrdersPanel({ canLead }: { canLead: boolean }) {
  const t = useTranslations("orders");
  // i18n-keys: orders.status.*
  const trpc = useTRPC();
  const orders = useQuery(trpc.orders.list.queryOptions({ open: true }));
  const [lifting, setLifting] = useState<OrderSummary | null>(null);
  const list = orders.data ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="orders-h" className="flex flex-col gap-2 rounded border border-danger/40 bg-danger-bg/40 p-3">
      <h2 id="orders-h" className="text-sm font-semibold">
        {t("panel.title")}
      </h2>
      <ul className="flex flex-col gap-2">
        {list.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center gap-3 text-xs" data-testid="order" data-order-id={o.id} data-status={o.status}>
            <span className="font-medium text-ink">
              {t("panel.rings", { n: o.rings })}
              {o.followsAlert ? t("panel.followsWave") : ""}
            </span>
            <span className="text-muted">
              {t("panel.by", { status: t(`status.${o.status}`), who: o.createdByEmail })}
              {o.approverEmail ? t("panel.approvedBy", { who: o.approverEmail }) : ""}
            </span>
            <OrderCounts o={o} />
            {canLead ? (
              <span className="ml-auto flex gap-2">
                {o.status === "PENDING_APPROVAL" ? <DecideButtons id={o.id} /> : null}
                <Button size="sm" onClick={() => setLifting(o)}>
                  {t("panel.lift")}
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
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const decide = useMutation(
    trpc.orders.decide.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.orders.list.pathFilter());
        toast.message(r.status === "ACTIVE" ? t("panel.approved", { n: r.ended }) : t("panel.rejected"));
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
        {t("panel.approve")}
      </Button>
      <Button size="sm" disabled={decide.isPending} onClick={() => decide.mutate({ id, approve: false, reason: "Rejected from the orders panel" })}>
        {t("panel.reject")}
      </Button>
    </>
  );
}

function LiftDialog({ order, onClose }: { order: OrderSummary | null; onClose: () => void }) {
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [reason, setReason] = useState("");
  const [restore, setRestore] = useState(false);
  const lift = useMutation(
    trpc.orders.lift.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.orders.list.pathFilter());
        toast.success(restore ? t("panel.liftedUndone", { restored: r.restored, unbanned: r.unbanned }) : t("panel.lifted"));
        setReason("");
        setRestore(false);
        onClose();
      },
    }),
  );
  return (
    <Dialog open={order !== null} onOpenChange={(o) => !o && onClose()} title={t("panel.liftTitle")}>
      {order ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            lift.mutate({ id: order.id, restore, reason });
          }}
        >
          <p className="text-sm">
            {t("panel.rings", { n: order.rings })} · <OrderCounts o={order} />
          </p>
          <label className="flex flex-col gap-1 text-xs text-muted">
            {t("panel.why")}
            <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required className={inputClass} />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={restore} onChange={(e) => setRestore(e.target.checked)} /> {t("panel.alsoUndo", { n: order.counts.roomsEnded })}
          </label>
          {lift.error ? (
            <p role="alert" className="text-sm text-danger">
              {lift.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>{t("panel.cancel")}</Button>
            <Button type="submit" variant="danger" disabled={lift.isPending || reason.trim().length < 3}>
              {restore ? t("panel.liftRestore") : t("panel.liftOrder")}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
