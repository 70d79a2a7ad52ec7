"use client";
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLocale, useTimeZone, useTranslations } from "use-intl";
import { useFormat } from "@/components/ui/format";

/** Registrations over time: a scripted ring shows as a spike of minutes, real users as a spread. */
export function RegistrationHistogram({ times }: { times: number[] }) {
  const t = useTranslations("clusters.histogram");
  const f = useFormat();
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  if (times.length === 0) return null;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const span = Math.max(60_000, max - min);
  const bins = 40;
  const width = span / bins;
  const counts = Array.from({ length: bins }, (_, i) => ({ t: min + i * width, n: 0 }));
  for (const t of times) counts[Math.min(bins - 1, Math.floor((t - min) / width))].n++;
  // Axis ticks are short (a day, or a time of day) in the reader's language and zone; the caption carries the zone.
  const tick = new Intl.DateTimeFormat(
    locale,
    span > 2 * 86_400_000 ? { month: "short", day: "numeric", timeZone } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone },
  );
  const fmt = (ms: number) => tick.format(ms);
  return (
    <figure>
      <figcaption className="mb-1 text-xs text-muted">{t("caption", { from: f.dateTime(min), to: f.dateTime(max) })}</figcaption>
      <div className="h-40" role="img" aria-label={t("label", { n: times.length })}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={counts} margin={{ top: 4, right: 8, bottom: 0, left: -20 }}>
            <XAxis dataKey="t" tickFormatter={fmt} stroke="#9fb0c0" fontSize={11} minTickGap={40} />
            <YAxis stroke="#9fb0c0" fontSize={11} allowDecimals={false} />
            <Tooltip labelFormatter={(ms) => fmt(Number(ms))} contentStyle={{ background: "#111821", border: "1px solid #263241" }} />
            <Bar dataKey="n" name={t("accounts")} fill="#b68cff" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
