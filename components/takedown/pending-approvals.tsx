"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** Moderators' large batches waiting for a shift lead; updates live as requests arrive. */
export function PendingApprovals() {
  const t = useTranslations("takedown.approvals");
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const pending = useQuery(trpc.takedown.pendingApprovals.queryOptions());
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const decide = useMutation(
    trpc.takedown.decide.mutationOptions({
      onSettled: () => {
        void qc.invalidateQueries(trpc.takedown.pendingApprovals.pathFilter());
        void qc.invalidateQueries(trpc.takedown.list.pathFilter());
      },
    }),
  );
  return (
    <section aria-labelledby="approvals-h" className="rounded border border-warn/40 bg-panel p-4">
      <h2 id="approvals-h" className="font-semibold">
        {t("title")} <span className="tabular text-warn">({f.int(pending.data?.length ?? 0)})</span>
      </h2>
      {decide.error ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {decide.error.message}
        </p>
      ) : null}
      {pending.data?.length === 0 ? <p className="mt-2 text-sm text-muted">{t("nothing")}</p> : null}
      <ul className="mt-2 flex flex-col gap-2">
        {pending.data?.map((b) => (
          <li key={b.id} data-testid="approval-request" className="flex flex-wrap items-center gap-3 rounded border border-line p-3 text-sm">
            <span className="tabular text-lg font-semibold">{f.int(b.requestedCount)}</span>
            <span>
              {t.rich("roomsFrom", { who: b.createdByEmail, b: (chunks) => <span className="font-medium">{chunks}</span> })}
              <span className="untrusted">{b.reason}</span>
              {b.banAccounts ? t("ban") : ""}
              {b.endOtherRooms ? t("endOthers") : ""}
            </span>
            <a href={`/takedowns/${b.id}`} className="text-accent hover:underline">
              {t("details")}
            </a>
            <label className="ml-auto flex items-center gap-2 text-xs text-muted">
              {t("reason")}
              <input
                className={inputClass}
                value={reasons[b.id] ?? ""}
                onChange={(e) => setReasons({ ...reasons, [b.id]: e.target.value })}
                placeholder={t("reasonPlaceholder")}
              />
            </label>
            <Button
              size="sm"
              variant="danger"
              disabled={decide.isPending || (reasons[b.id] ?? "").trim().length < 3}
              onClick={() => decide.mutate({ batchId: b.id, approve: true, reason: reasons[b.id] })}
            >
              {t("approve")}
            </Button>
            <Button
              size="sm"
              disabled={decide.isPending || (reasons[b.id] ?? "").trim().length < 3}
              onClick={() => decide.mutate({ batchId: b.id, approve: false, reason: reasons[b.id] })}
            >
              {t("reject")}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
