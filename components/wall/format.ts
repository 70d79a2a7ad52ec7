import { LABEL_TEXT_PLAIN } from "@/server/contracts/policy";
/** Short, calm numbers for dense cards: 950, 1.2k, 34k, 1.1M. */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

/** "42s", "7m", "3h", "12d" — time since. */
export function ago(ms: number | null, now: number): string {
  if (ms === null) return "—";
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export const LABEL_TEXT: Record<string, string> = LABEL_TEXT_PLAIN;

/** Labels whose imagery is blurred until the reviewer chooses to see it. */
export const SENSITIVE_LABELS = new Set(["sexual", "violence", "minor_safety"]);

/** "1 room", "2 rooms", "1,204 rooms": a count with its noun, never "1 rooms". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
