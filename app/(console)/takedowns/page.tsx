import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { BatchHistory } from "@/components/takedown/batch-history";
import { PendingApprovals } from "@/components/takedown/pending-approvals";
import { DecisionHistory } from "@/components/takedown/decision-history";
import { OrderHistory } from "@/components/takedown/order-history";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("takedown");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("title" as never) };
}

export default async function TakedownsPage() {
  const { user, allowed } = await userWith("takedown:read");
  if (!allowed) return <NoAccess what="takedowns" />;
  const t = await serverT("takedown");
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-col gap-6 p-6">
      <h1 className="text-lg font-semibold">{t("title" as never)}</h1>
      {can(user.role, "takedown:approve") ? <PendingApprovals /> : null}
      <BatchHistory />
      <OrderHistory />
      <DecisionHistory />
    </div>
  );
}
