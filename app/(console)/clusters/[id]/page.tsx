import { CLUSTER_ID } from "@/server/contracts/ids";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { ClusterDetail } from "@/components/clusters/cluster-detail";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("clusters");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("clusterTitle" as never) };
}

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("clusters:read");
  if (!allowed) return <NoAccess what="clusters" />;
  const { id } = await params;
  if (!CLUSTER_ID.test(id)) notFound();
  return <ClusterDetail id={id} canAct={can(user.role, "clusters:act")} />;
}
