import { CLUSTER_ID } from "@/server/contracts/ids";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { ClusterDetail } from "@/components/clusters/cluster-detail";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("clusters:read");
  if (!allowed) return <NoAccess what="clusters" />;
  const { id } = await params;
  if (!CLUSTER_ID.test(id)) notFound();
  return <ClusterDetail id={id} canAct={can(user.role, "clusters:act")} />;
}
