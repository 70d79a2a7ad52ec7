import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/auth/page-guard";
import { can } from "@/server/auth/roles";
import { NoAccess } from "@/components/ui/no-access";
import { ClusterDetail } from "@/components/clusters/cluster-detail";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("clusters:read");
  if (!allowed) return <NoAccess what="account clusters" />;
  const { id } = await params;
  if (!/^C-[0-9a-f]{8}$/.test(id)) notFound();
  return <ClusterDetail id={id} canAct={can(user.role, "clusters:act")} />;
}
