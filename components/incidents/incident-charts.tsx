"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

interface Point {
  at: Date;
  flagRate: number;
  flaggedLive: number;
  takedowns: number;
  viewersOnFlagged: number;
}
interface Mark {
  id: string;
  at: Date;
  kind: string;
  text: string;
}

const MARK_COLOR: Record<string, string> = {
  takedown: "#45d49a",
  control: "#f5b544",
  alert: "#ff6b6b",
  status: "#5cb0ff",
  severity: "#ff6b6b",
  declared: "#ff6b6b",
};
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

/** Flag rate, flagged live rooms and takedowns over time, annotated with what people did. */
export function IncidentCharts({ metrics, marks }: { metrics: Point[]; marks: Mark[] }) {
  const data = metrics.map((m) => ({
    t: m.at.getTime(),
    "Flags/s": Math.round(m.flagRate),
    "Flagged live rooms": m.flaggedLive,
    "Takedowns/min": m.takedowns,
  }));
  const shown = marks.filter((m) => MARK_COLOR[m.kind]).slice(-12);
  if (data.length === 0) return <p className="text-sm text-muted">The first metrics snapshot is taken at declaration, then every minute.</p>;
  return (
    <figure aria-label="Incident metrics over time" className="flex flex-col gap-1">
      <div className="h-64 w-full" data-testid="incident-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#263241" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={hhmm} stroke="#9fb0c0" fontSize={11} />
            <YAxis yAxisId="l" stroke="#9fb0c0" fontSize={11} />
            <YAxis yAxisId="r" orientation="right" stroke="#9fb0c0" fontSize={11} />
            <Tooltip labelFormatter={(t) => hhmm(Number(t))} contentStyle={{ background: "#111821", border: "1px solid #263241" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="l" dataKey="Flags/s" stroke="#ff6b6b" dot={false} isAnimationActive={false} />
            <Line yAxisId="r" dataKey="Flagged live rooms" stroke="#5cb0ff" dot={false} isAnimationActive={false} />
            <Line yAxisId="r" dataKey="Takedowns/min" stroke="#45d49a" dot={false} isAnimationActive={false} />
            {shown.map((m) => (
              <ReferenceLine
                key={m.id}
                yAxisId="l"
                x={m.at.getTime()}
                stroke={MARK_COLOR[m.kind]}
                strokeDasharray="2 4"
                label={{ value: m.kind, fill: MARK_COLOR[m.kind], fontSize: 10, position: "insideTop" }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted">Dashed lines mark timeline events (takedowns, controls, alerts, status changes).</figcaption>
    </figure>
  );
}
