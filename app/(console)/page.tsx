import type { Metadata } from "next";
import { requireUser } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { serverT } from "@/server/http/i18n";
import { Overview } from "@/components/overview/overview";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("overview");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("title" as never) };
}

export default async function OverviewPage() {
  const user = await requireUser();
  return <Overview canSeeWall={can(user.role, "wall:read")} canSeeControls={can(user.role, "controls:read")} canLead={can(user.role, "takedown:approve")} />;
}
