/** An accessible progress bar: value of max, with a text label for screen readers. */
export function ProgressBar({ value, max, label, tone = "accent" }: { value: number; max: number; label: string; tone?: "accent" | "danger" | "ok" }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  const color = tone === "danger" ? "bg-danger" : tone === "ok" ? "bg-ok" : "bg-accent";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={`${value} of ${max}`}
      className="h-2 w-full overflow-hidden rounded bg-panel-2"
    >
      <div className={`h-full ${color}`} style={{ width: `${pct}%`, transition: "width 200ms linear" }} />
    </div>
  );
}
