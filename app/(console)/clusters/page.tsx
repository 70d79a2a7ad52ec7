import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { can } from "@/server/contracts/roles";
import { ClusterList } from "@/components/clusters/cluster-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("clusters");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("title" as never) };
}

export default async function ClustersPage() {
  const { user, allowed } = await userWith("clusters:read");
  if (!allowed) return <NoAccess what="clusters" />;
  return <ClusterList canLead={can(user.role, "takedown:approve")} />;
}
