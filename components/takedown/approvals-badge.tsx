"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/** For shift leads: batches waiting for their approval, live in the header. */
export function ApprovalsBadge() {
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
      {n} approval{n === 1 ? "" : "s"} waiting
    </Link>
  );
}
