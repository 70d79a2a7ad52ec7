"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import type { Selection } from "@/server/contracts/takedown";
import type { BatchProgress } from "@/server/contracts/takedown";
import { batchProgressKey } from "./takedown-cache";
import { BatchProgressRow } from "./batch-progress-row";
import { POLICY_REASONS } from "@/server/contracts/policy";
import { LABEL_TEXT } from "@/components/wall/format";

/**
 * One confirmation for a whole selection: the server resolves it to a snapshot and shows the
 * count and a sample; the policy reason is required; the batch then runs and its progress
 * shows here live. Confirming twice runs one batch (the preview's id is the idempotency key).
 */
export function MassTakedownDialog({
  open,
  onOpenChange,
  selection,
  title,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  selection: Selection | null;
  title: string;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState<string>(POLICY_REASONS[0]);
  const [detail, setDetail] = useState("");
  const [ban, setBan] = useState(false);
  const [endOthers, setEndOthers] = useState(false);
  const preview = useMutation(trpc.takedown.preview.mutationOptions());
  const confirm = useMutation(trpc.takedown.confirm.mutationOptions());
  const batchId = confirm.data?.batchId ?? null;
  const progress = useQuery<BatchProgress | null>({ queryKey: batchProgressKey(batchId ?? "none"), queryFn: () => null, enabled: false });

  // A new preview only when the dialog opens for a selection (`reset` and `mutate` are stable).
  const { reset: resetConfirm } = confirm;
  const { mutate: runPreview } = preview;
  useEffect(() => {
    if (open && selection) {
      resetConfirm();
      runPreview({ selection });
    }
  }, [open, selection, resetConfirm, runPreview]);

  const p = preview.data;
  const fullReason = detail.trim() ? `${reason}: ${detail.trim()}` : reason;
  const done = confirm.isSuccess;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description="Acts on every room in the previewed snapshot in one decision." wide>
      {preview.isPending ? <p className="text-muted">Resolving the selection…</p> : null}
      {preview.error ? (
        <p role="alert" className="text-danger">
          {preview.error.message}
        </p>
      ) : null}
      {p ? (
        <div className="flex flex-col gap-4">
          <div className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line text-center">
            {[
              ["Rooms", p.count],
              ["Still live", p.live],
              ["Accounts", p.accounts],
              ["Viewers now", p.viewers],
            ].map(([k, v]) => (
              <div key={k} className="bg-panel px-2 py-2">
                <div className="text-xl font-semibold" data-testid={k === "Rooms" ? "preview-count" : undefined}>
                  {Number(v).toLocaleString()}
                </div>
                <div className="text-[11px] text-muted">{k}</div>
              </div>
            ))}
          </div>
          <div>
            <h3 className="mb-1 text-xs font-medium text-muted">Sample (highest risk first)</h3>
            <ul className="divide-y divide-line/60 rounded border border-line text-xs">
              {p.sample.map((r) => (
                <li key={r.id} className="flex items-center gap-2 px-2 py-1">
                  <span className="tabular w-7 text-right font-semibold text-danger">{Math.round(r.risk * 100)}</span>
                  <span className="untrusted min-w-0 flex-1 truncate">{r.title}</span>
                  <span className="untrusted max-w-40 truncate text-muted">@{r.handle}</span>
                  <span className="text-muted">
                    {r.labels
                      .map((l) => LABEL_TEXT[l] ?? l)
                      .slice(0, 2)
                      .join(", ")}
                  </span>
                  {r.status !== "LIVE" ? <Badge>{r.status.toLowerCase().replace("_", " ")}</Badge> : null}
                </li>
              ))}
            </ul>
          </div>
          <fieldset disabled={confirm.isPending || done} className="grid grid-cols-2 gap-3">
            <label className="flex flex-col gap-1 text-xs text-muted">
              Policy reason (required)
              <select value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass}>
                {POLICY_REASONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs text-muted">
              Note (optional)
              <input
                value={detail}
                onChange={(e) => setDetail(e.target.value)}
                maxLength={300}
                className={inputClass}
                placeholder="e.g. wave at 21:52, ring of live_girl_NNNN"
              />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} /> Also ban the accounts
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} /> Also end their other live rooms
            </label>
          </fieldset>
          {p.needsApproval ? (
            <p className="rounded border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-warn">
              {p.fourEyes && p.fourEyes.recent > 0
                ? `You took down ${p.fourEyes.recent.toLocaleString()} rooms in the last ${p.fourEyes.windowMinutes} minutes; with these that is more than ${p.fourEyes.threshold.toLocaleString()}`
                : `More than ${p.fourEyes?.threshold.toLocaleString()} rooms`}
              : this becomes a request that a shift lead approves before it runs.
            </p>
          ) : null}
          {confirm.error ? (
            <p role="alert" className="text-sm text-danger">
              {confirm.error.message}
            </p>
          ) : null}
          {confirm.data ? (
            <div role="status" className="flex flex-col gap-2 rounded border border-line bg-panel-2 p-3 text-sm">
              <p data-testid="batch-result">
                {confirm.data.status === "PENDING_APPROVAL"
                  ? "Sent to the shift leads for approval."
                  : confirm.data.status === "RUNNING" || confirm.data.status === "COMPLETED"
                    ? "Taken down. The platform is being told."
                    : `Batch ${confirm.data.status.toLowerCase()}.`}
              </p>
              {confirm.data.driftNote ? <p className="text-warn">{confirm.data.driftNote}</p> : null}
              {progress.data ? <BatchProgressRow p={progress.data} /> : null}
            </div>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => onOpenChange(false)}>{done ? "Close" : "Cancel"}</Button>
            {!done ? (
              <Button
                variant="danger"
                disabled={confirm.isPending || !reason}
                onClick={() => confirm.mutate({ batchId: p.batchId, reason: fullReason, banAccounts: ban, endOtherRooms: endOthers })}
              >
                {confirm.isPending
                  ? "Working…"
                  : p.needsApproval
                    ? `Request approval for ${p.count.toLocaleString()} rooms`
                    : `Take down ${p.count.toLocaleString()} rooms`}
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
