"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";

/** For shift leads: batches waiting for their approval, live in the header. */
export function ApprovalsBadge() {
  const t = useTranslations("takedown");
  const trpc = useTRPC();
  const { data } = useQuery(trpc.takedown.pendingApprovals.queryOptions());
  const n = data?.length ?? 0;
  if (n === 0) return null;
  return (
    <Link
      href="/takedowns"
      data-testid="approvals-badge"
      className="rounded-full border border-warn/60 bg-warn/15 px-2.5 py-0.5 text-xs font-medium text-warn hover:bg-warn/25"
    >
      {t("approvalsWaiting", { n })}
    </Link>
  );
}
