"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import type { Selection } from "@/server/contracts/takedown";
import { PolicyReasonField } from "@/components/orders/policy-reason-field";
import { useOutcomeText } from "./use-outcome-text";
import { useFormat } from "@/components/ui/format";

/**
 * One confirmation for a whole selection. The server resolves it to a snapshot once per open
 * (Refresh resolves it again): count and sample stay still while the flood goes on. The policy
 * reason is required and only preselected when the rooms' labels suggest one. One confirm runs
 * one batch; the dialog then closes and says what was done, and how it differs from the preview.
 */
export function MassTakedownDialog({ selection, onClose, title }: { selection: Selection | null; onClose: () => void; title: string }) {
  const t = useTranslations("takedown");
  const tw = useTranslations("wall");
  // i18n-keys: wall.labels.*
  // i18n-keys: takedown.roomStatus.*
  const f = useFormat();
  const { drift } = useOutcomeText();
  const trpc = useTRPC();
  const open = selection !== null;
  const [reason, setReason] = useState("");
  const [detail, setDetail] = useState("");
  const [ban, setBan] = useState(false);
  const [endOthers, setEndOthers] = useState(false);
  const preview = useMutation(
    trpc.takedown.preview.mutationOptions({
      onSuccess: (p) => setReason((r) => r || (p.suggestedReason ?? "")),
    }),
  );
  const confirm = useMutation(trpc.takedown.confirm.mutationOptions());

  // Resolved once when the dialog opens for a selection, not again when the caller re-renders.
  const asked = useRef<Selection | null>(null);
  asked.current = selection;
  const { mutate: runPreview, reset: resetPreview } = preview;
  const { reset: resetConfirm } = confirm;
  useEffect(() => {
    if (!open || !asked.current) return;
    resetConfirm();
    setReason("");
    setDetail("");
    setBan(asked.current.kind === "cluster"); // a ring's accounts are the attack
    setEndOthers(false);
    runPreview({ selection: asked.current });
    return () => resetPreview();
  }, [open, runPreview, resetPreview, resetConfirm]);

  const p = preview.data;
  // Once the snapshot is read: rooms that are (mostly) rings' rooms have their accounts banned by default.
  const banDefault = p?.banByDefault;
  useEffect(() => {
    if (banDefault) setBan(true);
  }, [banDefault]);
  const submit = () => {
    if (!p || !reason) return;
    confirm.mutate(
      { batchId: p.batchId, reason: detail.trim() ? `${reason}: ${detail.trim()}` : reason, banAccounts: ban, endOtherRooms: endOthers },
      {
        onSuccess: (c) => {
          if (c.status === "PENDING_APPROVAL") toast.message(t("dialog.sentForApproval", { n: p.count }), { duration: 8000 });
          else {
            const said = ban ? t("dialog.takingDownBan", { n: p.count }) : t("dialog.takingDown", { n: p.count });
            toast.success(c.driftNote ? `${said} ${drift(c.driftNote)}` : said, { duration: 10_000 });
          }
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title={title} description={t("dialog.description")} wide>
      {preview.isPending && !p ? <p className="text-muted">{t("dialog.resolving")}</p> : null}
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
            submit();
          }}
        >
          <div className="flex items-center justify-between text-xs text-muted">
            <span className="tabular" data-testid="snapshot-time">
              {t("dialog.snapshotOf", { time: f.time(p.at) })}
            </span>
            <Button size="sm" variant="ghost" disabled={preview.isPending} onClick={() => selection && runPreview({ selection })}>
              {preview.isPending ? t("dialog.refreshing") : t("dialog.refresh")}
            </Button>
          </div>
          <div className="tabular grid grid-cols-4 gap-px overflow-hidden rounded border border-line bg-line text-center">
            {(
              [
                [t("dialog.rooms"), p.count, "preview-count"],
                [t("dialog.live"), p.live, undefined],
                [t("dialog.accounts"), p.accounts, undefined],
                [t("dialog.viewers"), Number(p.viewers), undefined],
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
          <div>
            <h3 className="mb-1 text-xs font-medium text-muted">{t("dialog.sample")}</h3>
            <ul className="divide-y divide-line/60 rounded border border-line text-xs">
              {p.sample.map((r) => (
                <li key={r.id} className="flex items-center gap-2 px-2 py-1">
                  <span className="tabular w-7 text-right font-semibold text-danger">{Math.round(r.risk * 100)}</span>
                  <span className="untrusted min-w-0 flex-1 truncate">{r.title}</span>
                  <span className="untrusted max-w-40 truncate text-muted">@{r.handle}</span>
                  <span className="text-muted">
                    {r.labels
                      .map((l) => tw(`labels.${l}`))
                      .slice(0, 2)
                      .join(", ")}
                  </span>
                  {r.status !== "LIVE" ? <Badge>{t(`roomStatus.${r.status}`)}</Badge> : null}
                </li>
              ))}
            </ul>
          </div>
          <fieldset disabled={confirm.isPending} className="grid grid-cols-2 gap-3">
            <PolicyReasonField value={reason} onChange={setReason} suggested={p.suggestedReason} />
            <label className="flex flex-col gap-1 text-xs text-muted">
              {t("dialog.note")}
              <input
                value={detail}
                onChange={(e) => setDetail(e.target.value)}
                maxLength={300}
                className={inputClass}
                placeholder={t("dialog.notePlaceholder")}
              />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} /> {t("dialog.ban")}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} /> {t("dialog.endOthers")}
            </label>
          </fieldset>
          {p.needsApproval ? (
            <p className="rounded border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-warn">
              {p.fourEyes && p.fourEyes.recent > 0
                ? t("dialog.fourEyesRecent", { recent: p.fourEyes.recent, minutes: p.fourEyes.windowMinutes, threshold: p.fourEyes.threshold })
                : t("dialog.fourEyesMore", { threshold: p.fourEyes?.threshold ?? 0 })}
            </p>
          ) : null}
          {confirm.error ? (
            <p role="alert" className="text-sm text-danger">
              {confirm.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>{t("dialog.cancel")}</Button>
            <Button type="submit" variant="danger" disabled={confirm.isPending || !reason}>
              {confirm.isPending ? t("dialog.working") : p.needsApproval ? t("dialog.requestApproval", { n: p.count }) : t("dialog.takeDown", { n: p.count })}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
