"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

/** "What would this condition have matched over the last N hours?" — run on the condition as written, saved or not. */
export function BacktestPanel({ expression, canRun }: { expression: string | null; canRun: boolean }) {
  const t = useTranslations("rules.backtest");
  const f = useFormat();
  const trpc = useTRPC();
  const [hours, setHours] = useState(6);
  const [asked, setAsked] = useState<{ expression: string; hours: number } | null>(null);
  const result = useQuery({
    ...trpc.rules.backtest.queryOptions(asked ?? { expression: "true", hours: 1 }),
    enabled: asked !== null,
    staleTime: Infinity,
    retry: false,
  });
  const stale = asked && (asked.expression !== expression || asked.hours !== hours);
  const r = result.data;
  if (!canRun) return null;
  return (
    <section aria-labelledby="backtest-h" className="flex flex-col gap-2 rounded border border-line p-3" data-testid="backtest">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="backtest-h" className="text-sm font-semibold">
          {t("title")}
        </h2>
        <span className="text-xs text-muted">{t("over")}</span>
        <select aria-label={t("hoursLabel")} className={inputClass} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {[1, 6, 24, 72].map((h) => (
            <option key={h} value={h}>
              {t("hours", { h })}
            </option>
          ))}
        </select>
        <Button size="sm" variant="primary" disabled={!expression || result.isFetching} onClick={() => expression && setAsked({ expression, hours })}>
          {result.isFetching ? t("running") : t("run")}
        </Button>
        {stale ? <span className="text-xs text-warn">{t("stale")}</span> : null}
      </div>
      {result.isFetching ? (
        <div role="progressbar" aria-label={t("progress")} className="h-1.5 w-full overflow-hidden rounded bg-panel-2">
          <div className="h-full w-1/3 animate-pulse bg-accent" />
        </div>
      ) : null}
      {result.error ? <p className="text-xs text-danger">{result.error.message}</p> : null}
      {r ? (
        <>
          <dl className="tabular grid grid-cols-2 gap-2 text-sm sm:grid-cols-4 lg:grid-cols-7" data-testid="backtest-result">
            <Num label={t("scanned")} value={f.int(r.scanned)} />
            <Num label={t("matched")} value={f.int(r.matchedFlags)} />
            <Num label={t("rooms")} value={f.int(r.rooms)} testid="bt-rooms" />
            <Num label={t("accounts")} value={f.int(r.accounts)} />
            <Num label={t("restored")} value={f.int(r.restored)} warn={r.restored > 0} testid="bt-restored" />
            <Num label={t("dismissed")} value={f.int(r.dismissed)} warn={r.dismissed > 0} testid="bt-dismissed" />
            <Num label={t("took")} value={t("seconds", { s: (r.tookMs / 1000).toFixed(1) })} />
          </dl>
          <p className="text-xs text-muted">
            {r.rooms > 0 ? t("falsePositive", { pct: Math.round(((r.restored + r.dismissed) / r.rooms) * 100) }) : t("nothing")}{" "}
            {r.truncated ? t("truncated", { n: f.int(r.scanned) }) : ""} {r.errors ? t("errors", { n: f.int(r.errors) }) : ""} {t("facts")}
          </p>
          {r.sample.length ? (
            <table className="w-full text-left text-xs">
              <caption className="sr-only">{t("sample")}</caption>
              <thead className="text-muted">
                <tr>
                  <th className="py-1 font-medium">{t("colRoom")}</th>
                  <th className="font-medium">{t("colAccount")}</th>
                  <th className="font-medium">{t("colLabel")}</th>
                  <th className="font-medium">{t("colScore")}</th>
                  <th className="font-medium">{t("colFlagged")}</th>
                  <th className="font-medium">{t("colLater")}</th>
                </tr>
              </thead>
              <tbody>
                {r.sample.map((s) => (
                  <tr key={s.roomId} className="border-t border-line">
                    <td className="untrusted max-w-72 truncate py-1">{s.title}</td>
                    <td className="untrusted max-w-40 truncate">@{s.handle}</td>
                    <td>{s.label}</td>
                    <td className="tabular">{s.score.toFixed(2)}</td>
                    <td className="tabular">{f.time(s.at)}</td>
                    <td>
                      {s.restored ? <Badge tone="warn">{t("restoredBadge")}</Badge> : null}{" "}
                      {s.dismissed ? <Badge tone="warn">{t("dismissedBadge")}</Badge> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Num({ label, value, warn, testid }: { label: string; value: string; warn?: boolean; testid?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className={`text-lg font-semibold ${warn ? "text-warn" : ""}`} data-testid={testid}>
        {value}
      </dd>
    </div>
  );
}
