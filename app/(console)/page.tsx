import type { Metadata } from "next";
import { requireUser } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { Overview } from "@/components/overview/overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  return <Overview canSeeWall={can(user.role, "wall:read")} canSeeControls={can(user.role, "controls:read")} canLead={can(user.role, "takedown:approve")} />;
}
