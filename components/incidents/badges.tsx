import { Badge } from "@/components/ui/badge";

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={severity === "P0" ? "danger" : severity === "P1" ? "warn" : "neutral"}>{severity}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const tone = status === "RESOLVED" || status === "CLOSED" ? "ok" : status === "CONTAINED" ? "accent" : status === "IN_REVIEW" ? "neutral" : "warn";
  return <Badge tone={tone}>{status.toLowerCase().replace("_", " ")}</Badge>;
}
