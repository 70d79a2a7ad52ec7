import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { IncidentList } from "@/components/incidents/incident-list";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  const { user, allowed } = await userWith("incidents:read");
  if (!allowed) return <NoAccess what="incidents" />;
  return <IncidentList canManage={can(user.role, "incidents:manage")} />;
}
