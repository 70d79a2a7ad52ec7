"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import type { BatchProgress } from "@/server/contracts/takedown";
import { batchProgressKey } from "./takedown-cache";
import { BatchProgressRow } from "./batch-progress-row";
import { fmtDateTime } from "@/components/ui/format";

export function BatchDetail({ batchId, canManage }: { batchId: string; canManage: boolean }) {
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
        setMsg(`Restored ${r.restored} rooms.`);
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
  if (!b) return <p className="m-6 text-muted">Loading…</p>;
  const progress = live.data ?? b.progress;
  const ids = restoreIds.split(/[\s,]+/).filter(Boolean);

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-6">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">Mass takedown</h1>
        <Badge tone={b.status === "COMPLETED" ? "ok" : b.status === "RUNNING" ? "accent" : "warn"}>{progress.status.toLowerCase().replace("_", " ")}</Badge>
        <a className="ml-auto text-sm text-accent hover:underline" href={`/api/takedowns/${b.id}/csv`} download>
          Export CSV
        </a>
      </div>
      <dl className="grid grid-cols-4 gap-x-6 gap-y-3 text-sm">
        {[
          ["Requested by", `${b.createdByEmail} (${b.createdByRole.toLowerCase().replace("_", " ")})`],
          ["When", fmtDateTime(b.createdAt.getTime())],
          ["Committed", b.committedAt ? fmtDateTime(b.committedAt.getTime()) : "—"],
          ["Completed", b.completedAt ? fmtDateTime(b.completedAt.getTime()) : "—"],
          ["Selection", b.selectionKind],
          ["Rooms taken down", `${b.appliedCount.toLocaleString("en-US")} of ${b.requestedCount.toLocaleString("en-US")}`],
          ["Accounts banned", b.bannedCount.toLocaleString("en-US")],
          ["Restored", b.restoredCount.toLocaleString("en-US")],
          ["Approved / decided by", b.approverEmail ? `${b.approverEmail}: ${b.decisionReason ?? ""}` : "—"],
          ["Cancelled by", b.cancelledByEmail ?? "—"],
        ].map(([k, v]) => (
          <div key={k}>
            <dt className="text-xs text-muted">{k}</dt>
            <dd className="untrusted">{v}</dd>
          </div>
        ))}
        <div className="col-span-2">
          <dt className="text-xs text-muted">Why</dt>
          <dd className="untrusted">{b.reason ?? "—"}</dd>
        </div>
      </dl>
      {b.driftNote ? <p className="text-sm text-warn">{b.driftNote}</p> : null}
      <BatchProgressRow p={progress} label="Platform calls" />
      {msg ? (
        <p role="status" className="text-sm text-warn">
          {msg}
        </p>
      ) : null}
      {canManage ? (
        <div className="flex flex-wrap items-end gap-3 rounded border border-line bg-panel p-3">
          {progress.status === "RUNNING" ? (
            <Button variant="danger" onClick={() => cancel.mutate({ batchId })} disabled={cancel.isPending}>
              Cancel the rest
            </Button>
          ) : null}
          {progress.failed > 0 ? (
            <Button onClick={() => retry.mutate({ batchId })} disabled={retry.isPending}>
              Retry {progress.failed} failed
            </Button>
          ) : null}
          <label className="flex flex-col text-xs text-muted">
            Restore reason
            <input className={inputClass} value={restoreReason} onChange={(e) => setRestoreReason(e.target.value)} placeholder="false positive: …" />
          </label>
          <label className="flex flex-col text-xs text-muted">
            Room ids (empty = all)
            <input className={inputClass} value={restoreIds} onChange={(e) => setRestoreIds(e.target.value)} placeholder="r1, r2" />
          </label>
          <Button
            disabled={restore.isPending || restoreReason.trim().length < 3}
            onClick={() => restore.mutate({ batchId, roomIds: ids.length ? ids : null, reason: restoreReason })}
          >
            {ids.length ? `Restore ${ids.length} rooms` : "Restore the whole batch"}
          </Button>
        </div>
      ) : null}
      <section>
        <h2 className="font-semibold">Failures ({b.failures.length})</h2>
        {b.failures.length ? (
          <table className="mt-2 w-full text-sm">
            <thead>
              <tr className="border-b border-line text-left text-xs text-muted">
                <th scope="col" className="py-1">
                  Kind
                </th>
                <th scope="col">Room</th>
                <th scope="col">Account</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {b.failures.map((f) => (
                <tr key={f.id} className="border-b border-line/60">
                  <td className="py-1">{f.kind}</td>
                  <td className="untrusted">{f.roomId ?? "—"}</td>
                  <td className="untrusted">{f.accountId}</td>
                  <td>{f.attempts}</td>
                  <td className="text-danger">{f.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-muted">None.</p>
        )}
      </section>
      <section>
        <h2 className="font-semibold">
          Not taken down ({b.skippedCount.toLocaleString("en-US")})
          {b.skipped.length < b.skippedCount ? (
            <span className="ml-2 text-xs font-normal text-muted">the first {b.skipped.length.toLocaleString("en-US")} are listed</span>
          ) : null}
        </h2>
        <ul className="mt-1 max-h-48 overflow-y-auto text-xs text-muted">
          {b.skipped.map((s) => (
            <li key={s.roomId}>
              <span className="untrusted">{s.roomId}</span>: {s.why}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
