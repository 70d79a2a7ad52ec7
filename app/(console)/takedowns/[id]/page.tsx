import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { BatchDetail } from "@/components/takedown/batch-detail";

export const metadata: Metadata = { title: "Takedown batch" };

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("takedown:read");
  if (!allowed) return <NoAccess what="takedowns" />;
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  return <BatchDetail batchId={id} canManage={can(user.role, "takedown:approve")} />;
}
