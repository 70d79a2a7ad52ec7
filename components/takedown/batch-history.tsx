"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import type { BatchListFilter } from "@/server/takedown/batch-queries";
import { useFormat } from "@/components/ui/format";

const STATUSES = ["PENDING_APPROVAL", "REJECTED", "RUNNING", "COMPLETED", "CANCELLED"] as const;
const tone = (s: string) =>
  s === "COMPLETED" ? "ok" : s === "RUNNING" ? "accent" : s === "PENDING_APPROVAL" ? "warn" : s === "REJECTED" || s === "CANCELLED" ? "danger" : "neutral";

export function BatchHistory() {
  const t = useTranslations("takedown");
  // i18n-keys: takedown.status.*
  const fmt = useFormat();
  const trpc = useTRPC();
  const [f, setF] = useState<BatchListFilter>({ status: null, actor: "", withFailures: false, limit: 100 });
  const list = useQuery({ ...trpc.takedown.list.queryOptions(f), placeholderData: keepPreviousData, refetchInterval: 5000 });
  return (
    <section aria-labelledby="history-h">
      <div className="flex flex-wrap items-end gap-3">
        <h2 id="history-h" className="mr-auto font-semibold">
          {t("history.title")}
        </h2>
        <label className="flex flex-col text-xs text-muted">
          {t("history.status")}
          <select className={inputClass} value={f.status ?? ""} onChange={(e) => setF({ ...f, status: (e.target.value || null) as BatchListFilter["status"] })}>
            <option value="">{t("history.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-muted">
          {t("history.by")}
          <input className={inputClass} value={f.actor} onChange={(e) => setF({ ...f, actor: e.target.value })} />
        </label>
        <label className="flex items-center gap-1 text-xs text-muted">
          <input type="checkbox" checked={f.withFailures} onChange={(e) => setF({ ...f, withFailures: e.target.checked })} /> {t("history.withFailures")}
        </label>
      </div>
      <table className="mt-3 w-full text-sm">
        <caption className="sr-only">{t("history.caption")}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {[
              t("history.when"),
              t("history.byCol"),
              t("history.why"),
              t("history.statusCol"),
              t("history.rooms"),
              t("history.banned"),
              t("history.failed"),
              t("history.restored"),
              t("history.approvedBy"),
            ].map((h) => (
              <th key={h} scope="col" className="py-2 pr-3 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="tabular">
          {list.data?.map((b) => (
            <tr key={b.id} className="border-b border-line/60 hover:bg-panel" data-testid="batch-row">
              <td className="py-2 pr-3">
                <Link className="text-accent hover:underline" href={`/takedowns/${b.id}`}>
                  {fmt.dateTime(b.createdAt.getTime())}
                </Link>
              </td>
              <td className="py-2 pr-3">{b.createdByEmail}</td>
              <td className="untrusted max-w-72 truncate py-2 pr-3">{b.reason}</td>
              <td className="py-2 pr-3">
                <Badge tone={tone(b.status)}>{t(`status.${b.status}`)}</Badge>
              </td>
              <td className="py-2 pr-3">
                {fmt.int(b.appliedCount)} / {fmt.int(b.requestedCount)}
              </td>
              <td className="py-2 pr-3">{fmt.int(b.bannedCount)}</td>
              <td className={`py-2 pr-3 ${b.failed ? "text-danger" : ""}`}>{fmt.int(b.failed)}</td>
              <td className="py-2 pr-3">{fmt.int(b.restoredCount)}</td>
              <td className="py-2 pr-3 text-muted">{b.approverEmail ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="mt-3 text-sm text-muted">{t("history.empty")}</p> : null}
    </section>
  );
}
