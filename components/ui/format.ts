import { useLocale, useTimeZone } from "use-intl";
import { useMemo } from "react";

/**
 * One format per kind, everywhere, in the reader's language and time zone (their settings;
 * UTC by default): whole numbers with grouping, short numbers for dense cards, times of day,
 * dates with times, durations and "time since". Times always carry their zone.
 */
export interface Format {
  /** 12,840 · 12,840 */
  int(n: number): string;
  /** 950 · 1.2K · 34K · 1.1M (zh-CN: 1.2万) */
  compact(n: number): string;
  /** 22:04:31 UTC */
  time(ms: number): string;
  /** Dec 2, 2026, 22:04 UTC · 2026年12月2日 22:04 UTC */
  dateTime(ms: number): string;
  /** 42 s · 3 min 12 s · 1 h 5 min (narrow units in the reader's language); "—" when unknown */
  duration(ms: number | null): string;
  /** Time since, one unit: 42s · 7m · 3h · 12d */
  ago(ms: number | null, now: number): string;
  /** 0.83 → 83 % */
  percent(fraction: number): string;
  /** The time zone times are shown in (for "Times in UTC"). */
  zone: string;
}

const cache = new Map<string, Format>();

export function createFormat(locale: string, timeZone = "UTC"): Format {
  const key = `${locale}|${timeZone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone, timeZoneName: "short" });
  const dateTime = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  });
  const unit = (u: "second" | "minute" | "hour" | "day") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "narrow", maximumFractionDigits: 0 });
  const [sec, min, hour, day] = [unit("second"), unit("minute"), unit("hour"), unit("day")];
  const f: Format = {
    int: (n) => int.format(Math.round(n)),
    compact: (n) => compact.format(n),
    time: (ms) => time.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    duration(ms) {
      if (ms === null || !Number.isFinite(ms)) return "—";
      const s = Math.round(ms / 1000);
      if (s < 60) return sec.format(s);
      if (s < 3600) return `${min.format(Math.floor(s / 60))} ${sec.format(s % 60)}`;
      return `${hour.format(Math.floor(s / 3600))} ${min.format(Math.floor((s % 3600) / 60))}`;
    },
    ago(ms, now) {
      if (ms === null) return "—";
      const s = Math.max(0, Math.floor((now - ms) / 1000));
      if (s < 60) return sec.format(s);
      if (s < 3600) return min.format(Math.floor(s / 60));
      if (s < 86400) return hour.format(Math.floor(s / 3600));
      return day.format(Math.floor(s / 86400));
    },
    percent: (x) => pct.format(x),
    zone: timeZone,
  };
  cache.set(key, f);
  return f;
}

/** The reader's formatter (language and time zone from the page's i18n provider). */
export function useFormat(): Format {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  return useMemo(() => createFormat(locale, timeZone), [locale, timeZone]);
}

// Until every page reads the reader's formatter (useFormat), these fixed en/UTC forms remain.
/** @deprecated use useFormat().int */
export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
/** @deprecated use useFormat().time */
export const fmtTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)}`;
/** @deprecated use useFormat().dateTime */
export const fmtDateTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
