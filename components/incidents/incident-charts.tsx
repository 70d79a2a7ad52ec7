"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fmtDateTime, fmtInt } from "@/components/ui/format";
import { compact } from "@/components/wall/format";
import { chartData, clusterMarks, MARK_KINDS, timeTicks, type MarkEntry, type MinutePoint, type SnapshotPoint } from "./chart-layout";

const count = (n: number, one: string) => `${fmtInt(n)} ${one}${n === 1 ? "" : "s"}`;
const hhmm = (t: number) => fmtDateTime(t).slice(11);

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
  if (series.length === 0 && metrics.length === 0) return <p className="text-sm text-muted">No measurements yet.</p>;
  const { data, start, end } = chartData(series, metrics, from, to);
  const { ticks, format } = timeTicks(start, end);
  const clusters = clusterMarks(marks, start, end);
  return (
    <figure aria-label="Incident metrics over time" className="flex min-w-0 flex-col gap-2">
      <div className="h-64 w-full" data-testid="incident-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#263241" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} ticks={ticks} tickFormatter={format} stroke="#9fb0c0" fontSize={11} />
            <YAxis yAxisId="l" stroke="#9fb0c0" fontSize={11} tickFormatter={compact} allowDecimals={false} />
            <YAxis yAxisId="r" orientation="right" stroke="#9fb0c0" fontSize={11} tickFormatter={compact} allowDecimals={false} />
            <Tooltip
              labelFormatter={(t) => fmtDateTime(Number(t))}
              formatter={(value) => fmtInt(Number(value))}
              contentStyle={{ background: "#111821", border: "1px solid #263241" }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="l" type="stepAfter" dataKey="Flags/s" stroke="#ff6b6b" dot={false} connectNulls isAnimationActive={false} />
            <Line yAxisId="r" type="stepAfter" dataKey="Takedowns/min" stroke="#45d49a" dot={false} connectNulls isAnimationActive={false} />
            <Line yAxisId="r" dataKey="Flagged live rooms" stroke="#5cb0ff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
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
      <figcaption className="text-xs text-muted">
        Times in UTC. Flags/s: the average over each minute (the headline's peak is the highest 30 s average, as on the attack-wave alert). Takedowns/min: every
        takedown decision — by people, mass takedowns, standing orders and rules. Flagged live rooms: measured each minute from the declaration. Numbered lines:
        what was done, below.
      </figcaption>
      {clusters.length > 0 ? (
        <ol className="flex flex-col gap-0.5 text-xs" data-testid="chart-marks">
          {clusters.map((c) => (
            <li key={c.n} className="grid grid-cols-[1.5rem_4.5rem_1fr] gap-1">
              <span className="tabular font-semibold" style={{ color: c.color }}>
                {c.n}
              </span>
              <span className="tabular text-muted">{hhmm(c.at)}</span>
              <span className="min-w-0 truncate">
                <span className="text-muted">{c.kinds.map((k) => count(k.count, MARK_KINDS[k.kind].name)).join(", ")}: </span>
                <span className="untrusted">{c.entries[0].text}</span>
                {c.entries.length > 1 ? <span className="text-muted"> (+{fmtInt(c.entries.length - 1)} more on the timeline)</span> : null}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </figure>
  );
}
