import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { NoAccess } from "@/components/ui/no-access";
import { ClusterList } from "@/components/clusters/cluster-list";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage() {
  const { allowed } = await userWith("clusters:read");
  if (!allowed) return <NoAccess what="account clusters" />;
  return <ClusterList />;
}
