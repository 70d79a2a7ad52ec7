type Tone = "neutral" | "danger" | "warn" | "ok" | "accent";
const tones: Record<Tone, string> = {
  neutral: "bg-panel-2 text-muted border-line",
  danger: "bg-danger-bg text-danger border-danger/40",
  warn: "bg-warn/10 text-warn border-warn/40",
  ok: "bg-ok/10 text-ok border-ok/40",
  accent: "bg-accent/10 text-accent border-accent/40",
};

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded border px-1.5 py-px text-[11px] font-medium leading-4 ${tones[tone]}`}>
      {children}
    </span>
  );
}
