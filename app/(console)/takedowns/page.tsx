import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { BatchHistory } from "@/components/takedown/batch-history";
import { PendingApprovals } from "@/components/takedown/pending-approvals";
import { DecisionHistory } from "@/components/takedown/decision-history";

export const metadata: Metadata = { title: "Takedowns" };

export default async function TakedownsPage() {
  const { user, allowed } = await userWith("takedown:read");
  if (!allowed) return <NoAccess what="takedowns" />;
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6 p-6">
      <h1 className="text-lg font-semibold">Takedowns</h1>
      {can(user.role, "takedown:approve") ? <PendingApprovals /> : null}
      <BatchHistory />
      <DecisionHistory />
    </div>
  );
}
