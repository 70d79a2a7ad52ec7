"use client";
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import type { RuleSummary } from "@/server/contracts/rules";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

// i18n-keys: rules.hits.outcome.*
const OUTCOME_TONE: Record<string, "danger" | "accent" | "warn" | "neutral"> = {
  acted: "danger",
  would: "accent",
  breaker: "warn",
  skipped: "neutral",
  pending: "neutral",
};

/** The rule's hits: per minute over the last hour, and the newest ones with their rooms. */
export function RuleHits({ rule }: { rule: RuleSummary }) {
  const t = useTranslations("rules.hits");
  const f = useFormat();
  const hhmm = (x: number) => f.time(x).slice(0, 5);
  const trpc = useTRPC();
  const rate = useQuery(trpc.rules.rate.queryOptions({ id: rule.id }));
  const hits = useQuery(trpc.rules.hits.queryOptions({ id: rule.id, limit: 100 }));
  const s = rule.stats;
  const data = (rate.data ?? []).map((p) => ({ t: p.t, Acted: p.acted, "Would act (shadow)": p.would, "Held back": p.breaker }));
  return (
    <div className="flex flex-col gap-3">
      <dl className="tabular grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="rule-stats">
        <Stat label={t("hitsHour")} value={f.int(s.hitsHour)} />
        <Stat label={t("acted")} value={f.int(s.actedHour)} testid="stat-acted" />
        <Stat label={t("wouldHour")} value={f.int(s.wouldHour)} testid="stat-would" />
        <Stat label={t("breakerHour")} value={f.int(s.breakerHour)} />
      </dl>
      <figure aria-label={t("chart")} className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#263241" strokeDasharray="3 3" />
            <XAxis dataKey="t" tickFormatter={hhmm} stroke="#9fb0c0" fontSize={11} minTickGap={40} />
            <YAxis stroke="#9fb0c0" fontSize={11} allowDecimals={false} />
            <Tooltip labelFormatter={(x) => f.time(Number(x))} contentStyle={{ background: "#111821", border: "1px solid #263241" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="Acted" name={t("seriesActed")} stackId="h" fill="#ff6b6b" isAnimationActive={false} />
            <Bar dataKey="Would act (shadow)" name={t("seriesWould")} stackId="h" fill="#5cb0ff" isAnimationActive={false} />
            <Bar dataKey="Held back" name={t("seriesHeld")} stackId="h" fill="#f5b544" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <table className="w-full text-left text-xs" data-testid="rule-hits">
        <caption className="py-1 text-left text-sm font-semibold text-ink">{t("newest")}</caption>
        <thead className="text-muted">
          <tr>
            <th className="py-1 font-medium">{t("colTime")}</th>
            <th className="font-medium">{t("colOutcome")}</th>
            <th className="font-medium">{t("colRoom")}</th>
            <th className="font-medium">{t("colAccount")}</th>
            <th className="font-medium">{t("colFlag")}</th>
            <th className="font-medium">{t("colVersion")}</th>
          </tr>
        </thead>
        <tbody>
          {(hits.data ?? []).map((h) => {
            const o = { text: t.has(`outcome.${h.outcome}`) ? t(`outcome.${h.outcome}`) : h.outcome, tone: OUTCOME_TONE[h.outcome] ?? "neutral" };
            return (
              <tr key={h.id} className="border-t border-line" data-testid="rule-hit" data-outcome={h.outcome}>
                <td className="tabular py-1">{f.time(h.at)}</td>
                <td>
                  <Badge tone={o.tone}>{o.text}</Badge>
                </td>
                <td className="untrusted max-w-72 truncate">{h.roomTitle ?? h.roomId}</td>
                <td className="untrusted max-w-40 truncate">@{h.accountHandle ?? h.accountId}</td>
                <td>
                  {h.label} {h.score !== null ? h.score.toFixed(2) : ""}
                </td>
                <td className="tabular">v{h.version}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {hits.data?.length === 0 ? <p className="text-sm text-muted">{t("none")}</p> : null}
    </div>
  );
}

function Stat({ label, value, testid }: { label: string; value: string; testid?: string }) {
  return (
    <div className="rounded border border-line bg-panel p-2">
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="text-lg font-semibold" data-testid={testid}>
        {value}
      </dd>
    </div>
  );
}
