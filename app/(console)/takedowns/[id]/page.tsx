import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { BatchDetail } from "@/components/takedown/batch-detail";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("takedown");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("batchTitle" as never) };
}

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("takedown:read");
  if (!allowed) return <NoAccess what="takedowns" />;
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  return <BatchDetail batchId={id} canManage={can(user.role, "takedown:approve")} />;
}
