"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import type { BatchProgress } from "@/server/contracts/takedown";
import { batchProgressKey } from "./takedown-cache";
import { BatchProgressRow } from "./batch-progress-row";
import { useOutcomeText } from "./use-outcome-text";
import { useFormat } from "@/components/ui/format";

export function BatchDetail({ batchId, canManage }: { batchId: string; canManage: boolean }) {
  const t = useTranslations("takedown");
  const tr = useTranslations("shell.roles");
  // i18n-keys: takedown.status.*
  // i18n-keys: takedown.selectionKind.*
  // i18n-keys: shell.roles.*
  const f = useFormat();
  const outcome = useOutcomeText();
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const detail = useQuery(trpc.takedown.detail.queryOptions({ batchId }));
  const live = useQuery<BatchProgress | null>({ queryKey: batchProgressKey(batchId), queryFn: () => null, enabled: false });
  const refresh = () => qc.invalidateQueries(trpc.takedown.detail.queryFilter({ batchId }));
  const [msg, setMsg] = useState<string | null>(null);
  const [restoreReason, setRestoreReason] = useState("");
  const [restoreIds, setRestoreIds] = useState("");
  const opts = {
    onSuccess: () => {
      setMsg(null);
      return refresh();
    },
    onError: (e: { message: string }) => setMsg(e.message),
  };
  const cancel = useMutation(trpc.takedown.cancel.mutationOptions(opts));
  const retry = useMutation(trpc.takedown.retryFailures.mutationOptions(opts));
  const restore = useMutation(
    trpc.takedown.restore.mutationOptions({
      ...opts,
      onSuccess: (r) => {
        setMsg(t("detail.restored", { n: r.restored }));
        return refresh();
      },
    }),
  );

  if (detail.error)
    return (
      <p role="alert" className="m-6 text-danger">
        {detail.error.message}
      </p>
    );
  const b = detail.data;
  if (!b) return <p className="m-6 text-muted">{tc("loading")}</p>;
  const progress = live.data ?? b.progress;
  const ids = restoreIds.split(/[\s,]+/).filter(Boolean);

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-6">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">{t("progress.massTakedown")}</h1>
        <Badge tone={b.status === "COMPLETED" ? "ok" : b.status === "RUNNING" ? "accent" : "warn"}>{t(`status.${progress.status}`)}</Badge>
        <a className="ml-auto text-sm text-accent hover:underline" href={`/api/takedowns/${b.id}/csv`} download>
          {t("detail.exportCsv")}
        </a>
      </div>
      <dl className="grid grid-cols-4 gap-x-6 gap-y-3 text-sm">
        {[
          [t("detail.requestedBy"), `${b.createdByEmail} (${tr(b.createdByRole)})`],
          [t("detail.when"), f.dateTime(b.createdAt.getTime())],
          [t("detail.committed"), b.committedAt ? f.dateTime(b.committedAt.getTime()) : "—"],
          [t("detail.completed"), b.completedAt ? f.dateTime(b.completedAt.getTime()) : "—"],
          [t("detail.selection"), t(`selectionKind.${b.selectionKind}`)],
          [t("detail.roomsTakenDown"), t("detail.appliedOf", { applied: b.appliedCount, requested: b.requestedCount })],
          [t("detail.accountsBanned"), f.int(b.bannedCount)],
          [t("detail.restoredCount"), f.int(b.restoredCount)],
          [t("detail.decidedBy"), b.approverEmail ? `${b.approverEmail}: ${b.decisionReason ?? ""}` : "—"],
          [t("detail.cancelledBy"), b.cancelledByEmail ?? "—"],
        ].map(([k, v]) => (
          <div key={k}>
            <dt className="text-xs text-muted">{k}</dt>
            <dd className="untrusted">{v}</dd>
          </div>
        ))}
        <div className="col-span-2">
          <dt className="text-xs text-muted">{t("detail.why")}</dt>
          <dd className="untrusted">{b.reason ?? "—"}</dd>
        </div>
      </dl>
      {b.driftNote ? <p className="text-sm text-warn">{outcome.drift(b.driftNote)}</p> : null}
      <BatchProgressRow p={progress} label={t("progress.platformCalls")} />
      {msg ? (
        <p role="status" className="text-sm text-warn">
          {msg}
        </p>
      ) : null}
      {canManage ? (
        <div className="flex flex-wrap items-end gap-3 rounded border border-line bg-panel p-3">
          {progress.status === "RUNNING" ? (
            <Button variant="danger" onClick={() => cancel.mutate({ batchId })} disabled={cancel.isPending}>
              {t("detail.cancelRest")}
            </Button>
          ) : null}
          {progress.failed > 0 ? (
            <Button onClick={() => retry.mutate({ batchId })} disabled={retry.isPending}>
              {t("detail.retryFailed", { n: progress.failed })}
            </Button>
          ) : null}
          <label className="flex flex-col text-xs text-muted">
            {t("detail.restoreReason")}
            <input
              className={inputClass}
              value={restoreReason}
              onChange={(e) => setRestoreReason(e.target.value)}
              placeholder={t("detail.restoreReasonPlaceholder")}
            />
          </label>
          <label className="flex flex-col text-xs text-muted">
            {t("detail.roomIds")}
            <input className={inputClass} value={restoreIds} onChange={(e) => setRestoreIds(e.target.value)} placeholder="r1, r2" />
          </label>
          <Button
            disabled={restore.isPending || restoreReason.trim().length < 3}
            onClick={() => restore.mutate({ batchId, roomIds: ids.length ? ids : null, reason: restoreReason })}
          >
            {ids.length ? t("detail.restoreSome", { n: ids.length }) : t("detail.restoreAll")}
          </Button>
        </div>
      ) : null}
      <section>
        <h2 className="font-semibold">{t("detail.failures", { n: b.failures.length })}</h2>
        {b.failures.length ? (
          <table className="mt-2 w-full text-sm">
            <thead>
              <tr className="border-b border-line text-left text-xs text-muted">
                <th scope="col" className="py-1">
                  {t("detail.kind")}
                </th>
                <th scope="col">{t("detail.room")}</th>
                <th scope="col">{t("detail.account")}</th>
                <th scope="col">{t("detail.attempts")}</th>
                <th scope="col">{t("detail.lastError")}</th>
              </tr>
            </thead>
            <tbody>
              {b.failures.map((x) => (
                <tr key={x.id} className="border-b border-line/60">
                  <td className="py-1">{x.kind}</td>
                  <td className="untrusted">{x.roomId ?? "—"}</td>
                  <td className="untrusted">{x.accountId}</td>
                  <td>{f.int(x.attempts)}</td>
                  <td className="text-danger">{x.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-muted">{t("detail.none")}</p>
        )}
      </section>
      <section>
        <h2 className="font-semibold">
          {t("detail.notTakenDown", { n: b.skippedCount })}
          {b.skipped.length < b.skippedCount ? (
            <span className="ml-2 text-xs font-normal text-muted">{t("detail.firstListed", { n: b.skipped.length })}</span>
          ) : null}
        </h2>
        <ul className="mt-1 max-h-48 overflow-y-auto text-xs text-muted">
          {b.skipped.map((s) => (
            <li key={s.roomId}>
              <span className="untrusted">{s.roomId}</span>: {outcome.why(s.why)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
