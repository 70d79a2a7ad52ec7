import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { ControlsPanel } from "@/components/controls/controls-panel";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("controls");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("title" as never) };
}

export default async function ControlsPage() {
  const { user, allowed } = await userWith("controls:read");
  if (!allowed) return <NoAccess what="controls" />;
  return <ControlsPanel canManage={can(user.role, "controls:manage")} />;
}
