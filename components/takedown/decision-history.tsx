"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { useFormat } from "@/components/ui/format";

const TONE: Record<string, "danger" | "ok" | "warn" | "neutral"> = {
  TAKEDOWN: "danger",
  DISMISS: "neutral",
  ESCALATE: "warn",
  RESTORE: "ok",
  REOPEN: "ok",
};

/** Single-room decisions from the wall and their undos, newest first (batches, orders and rules are listed elsewhere). */
export function DecisionHistory() {
  const t = useTranslations("takedown.decisions");
  // i18n-keys: takedown.decisions.kind.*
  // i18n-keys: takedown.decisions.delivery.*
  const tc = useTranslations("common");
  const f = useFormat();
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const list = useQuery({ ...trpc.takedown.decisions.queryOptions({ actor, limit: 100 }), placeholderData: keepPreviousData, refetchInterval: 5000 });
  return (
    <section aria-labelledby="decisions-h" data-testid="decision-history">
      <div className="flex flex-wrap items-end gap-3">
        <h2 id="decisions-h" className="mr-auto font-semibold">
          {t("title")}
        </h2>
        <label className="flex flex-col text-xs text-muted">
          {t("by")}
          <input className={inputClass} value={actor} onChange={(e) => setActor(e.target.value)} placeholder={t("byPlaceholder")} maxLength={200} />
        </label>
      </div>
      {list.data?.length ? (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 pr-3 font-medium">{t("when", { zone: f.zone })}</th>
              <th className="pr-3 font-medium">{t("decision")}</th>
              <th className="pr-3 font-medium">{t("room")}</th>
              <th className="pr-3 font-medium">{t("account")}</th>
              <th className="pr-3 font-medium">{t("by")}</th>
              <th className="pr-3 font-medium">{t("reason")}</th>
              <th className="font-medium">{t("platform")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => {
              const k = TONE[d.kind] ? { text: t(`kind.${d.kind}`), tone: TONE[d.kind] } : { text: d.kind, tone: "neutral" as const };
              return (
                <tr key={d.id} className="border-t border-line" data-testid="decision-row" data-kind={d.kind}>
                  <td className="tabular py-1 pr-3 text-xs text-muted">{f.dateTime(d.at.getTime())}</td>
                  <td className="pr-3">
                    <Badge tone={k.tone}>{k.text}</Badge>
                  </td>
                  <td className="untrusted max-w-64 truncate pr-3">{d.title ?? d.roomId}</td>
                  <td className="untrusted max-w-40 truncate pr-3">{d.handle ? `@${d.handle}` : "—"}</td>
                  <td className="pr-3 text-xs">{d.actorEmail}</td>
                  <td className="max-w-56 truncate pr-3 text-xs text-muted">{d.reason ?? "—"}</td>
                  <td className="text-xs text-muted">{d.delivery === "NOT_REQUIRED" ? "—" : t(`delivery.${d.delivery}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="mt-2 text-sm text-muted">{list.isLoading ? tc("loading") : t("empty")}</p>
      )}
    </section>
  );
}
