"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { DECLARED_KEY } from "@/components/providers/realtime-bridge";
import { useTranslations } from "use-intl";

type Declared = { id: string; number: number; severity: string; title: string; declaredBy: string };

/** Every online user learns of a P0/P1 the moment it is declared, without reloading. */
export function DeclaredBanner() {
  const t = useTranslations("incidents.banner");
  const qc = useQueryClient();
  const { data } = useQuery<Declared | null>({ queryKey: DECLARED_KEY, queryFn: () => null, enabled: false });
  if (!data) return null;
  return (
    <div role="alert" data-testid="incident-declared" className="no-print flex items-center gap-3 border-b border-warn/50 bg-warn/10 px-4 py-1.5 text-sm">
      <span className="font-semibold text-warn">{t("declared", { severity: data.severity, number: data.number })}</span>
      <span className="untrusted">{data.title}</span>
      <span className="text-muted">{t("by", { email: data.declaredBy })}</span>
      <Link href={`/incidents/${data.id}`} className="ml-auto text-accent hover:underline" onClick={() => qc.setQueryData(DECLARED_KEY, null)}>
        {t("open")}
      </Link>
      <button type="button" className="text-muted hover:text-ink" aria-label={t("dismiss")} onClick={() => qc.setQueryData(DECLARED_KEY, null)}>
        ✕
      </button>
    </div>
  );
}
