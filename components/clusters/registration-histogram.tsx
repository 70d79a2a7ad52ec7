"use client";
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Registrations over time: a scripted ring shows as a spike of minutes, real users as a spread. */
export function RegistrationHistogram({ times }: { times: number[] }) {
  if (times.length === 0) return null;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const span = Math.max(60_000, max - min);
  const bins = 40;
  const width = span / bins;
  const counts = Array.from({ length: bins }, (_, i) => ({ t: min + i * width, n: 0 }));
  for (const t of times) counts[Math.min(bins - 1, Math.floor((t - min) / width))].n++;
  const fmt = (t: number) => (span > 2 * 86_400_000 ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString().slice(11, 16));
  return (
    <figure>
      <figcaption className="mb-1 text-xs text-muted">
        Registrations from {new Date(min).toISOString().replace("T", " ").slice(0, 16)} to {new Date(max).toISOString().replace("T", " ").slice(0, 16)} UTC
      </figcaption>
      <div className="h-40" role="img" aria-label={`Histogram of ${times.length} account registrations`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={counts} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
            <XAxis dataKey="t" tickFormatter={fmt} stroke="#9fb0c0" fontSize={11} minTickGap={40} />
            <YAxis stroke="#9fb0c0" fontSize={11} allowDecimals={false} />
            <Tooltip labelFormatter={(t) => fmt(Number(t))} contentStyle={{ background: "#111821", border: "1px solid #263241" }} />
            <Bar dataKey="n" name="accounts" fill="#b68cff" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
