import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { NoAccess } from "@/components/ui/no-access";
import { can } from "@/server/contracts/roles";
import { ClusterList } from "@/components/clusters/cluster-list";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage() {
  const { user, allowed } = await userWith("clusters:read");
  if (!allowed) return <NoAccess what="clusters" />;
  return <ClusterList canLead={can(user.role, "takedown:approve")} />;
}
