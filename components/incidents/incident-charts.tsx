"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";
import { chartData, clusterMarks, timeTicks, type MarkEntry, type MinutePoint, type SnapshotPoint } from "./chart-layout";

/**
 * Flag rate and takedowns per minute from the start of impact (read from the source, so what
 * was done before the declaration shows), flagged live rooms as measured each minute from the
 * declaration, and numbered marks for what people and automation did, explained below.
 */
export function IncidentCharts({
  series,
  metrics,
  marks,
  from,
  to,
}: {
  series: MinutePoint[];
  metrics: SnapshotPoint[];
  marks: MarkEntry[];
  from: Date;
  to: Date | null;
}) {
  const t = useTranslations("incidents.chart");
  const f = useFormat();
  if (series.length === 0 && metrics.length === 0) return <p className="text-sm text-muted">{t("none")}</p>;
  const { data, start, end } = chartData(series, metrics, from, to);
  const { ticks, format } = timeTicks(start, end, 8, f.zone);
  const clusters = clusterMarks(marks, start, end);
  return (
    <figure aria-label={t("label")} className="flex min-w-0 flex-col gap-2">
      <div className="h-64 w-full" data-testid="incident-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#263241" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} ticks={ticks} tickFormatter={format} stroke="#9fb0c0" fontSize={11} />
            <YAxis yAxisId="l" stroke="#9fb0c0" fontSize={11} tickFormatter={f.compact} allowDecimals={false} />
            <YAxis yAxisId="r" orientation="right" stroke="#9fb0c0" fontSize={11} tickFormatter={f.compact} allowDecimals={false} />
            <Tooltip
              labelFormatter={(x) => f.dateTime(Number(x))}
              formatter={(value) => f.int(Number(value))}
              contentStyle={{ background: "#111821", border: "1px solid #263241" }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="l" type="stepAfter" dataKey="Flags/s" name={t("flags")} stroke="#ff6b6b" dot={false} connectNulls isAnimationActive={false} />
            <Line
              yAxisId="r"
              type="stepAfter"
              dataKey="Takedowns/min"
              name={t("takedowns")}
              stroke="#45d49a"
              connectNulls
              dot={false}
              isAnimationActive={false}
            />
            <Line yAxisId="r" dataKey="Flagged live rooms" name={t("flagged")} stroke="#5cb0ff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            {clusters.map((c) => (
              <ReferenceLine
                key={c.n}
                yAxisId="l"
                x={c.at}
                stroke={c.color}
                strokeDasharray="2 4"
                label={{ value: String(c.n), fill: c.color, fontSize: 10, position: "top" }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted">{t("caption", { zone: f.zone })}</figcaption>
      {clusters.length > 0 ? (
        <ol className="flex flex-col gap-0.5 text-xs" data-testid="chart-marks">
          {clusters.map((c) => (
            <li key={c.n} className="grid grid-cols-[1.5rem_4.5rem_1fr] gap-1">
              <span className="tabular font-semibold" style={{ color: c.color }}>
                {c.n}
              </span>
              <span className="tabular text-muted">{f.time(c.at)}</span>
              <span className="min-w-0 truncate">
                <span className="text-muted">
                  {/* i18n-keys: incidents.chart.mark.* */}
                  {c.kinds.map((k) => t(`mark.${k.kind}`, { count: k.count })).join(", ")}:{" "}
                </span>
                <span className="untrusted">{c.entries[0].text}</span>
                {c.entries.length > 1 ? <span className="text-muted">{t("more", { n: f.int(c.entries.length - 1) })}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </figure>
  );
}
