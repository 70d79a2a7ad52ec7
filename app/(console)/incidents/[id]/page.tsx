import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { IncidentPage } from "@/components/incidents/incident-page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("incidents");
  return { title: t("incident" as never) };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("incidents:read");
  if (!allowed) return <NoAccess what="incidents" />;
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  return <IncidentPage id={id} canManage={can(user.role, "incidents:manage")} />;
}
