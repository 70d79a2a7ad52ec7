import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { IncidentList } from "@/components/incidents/incident-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("incidents");
  return { title: t("title" as never) };
}

export default async function IncidentsPage() {
  const { user, allowed } = await userWith("incidents:read");
  if (!allowed) return <NoAccess what="incidents" />;
  return <IncidentList canManage={can(user.role, "incidents:manage")} />;
}
