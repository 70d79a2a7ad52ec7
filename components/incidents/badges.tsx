"use client";
import { useTranslations } from "use-intl";
import { Badge } from "@/components/ui/badge";

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={severity === "P0" ? "danger" : severity === "P1" ? "warn" : "neutral"}>{severity}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("incidents");
  const tone = status === "RESOLVED" || status === "CLOSED" ? "ok" : status === "CONTAINED" ? "accent" : status === "IN_REVIEW" ? "neutral" : "warn";
  // i18n-keys: incidents.status.*
  return <Badge tone={tone}>{t(`status.${status}`)}</Badge>;
}
