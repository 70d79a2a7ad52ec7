import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { ControlsPanel } from "@/components/controls/controls-panel";

export const metadata: Metadata = { title: "Live controls" };

export default async function ControlsPage() {
  const { user, allowed } = await userWith("controls:read");
  if (!allowed) return <NoAccess what="controls" />;
  return <ControlsPanel canManage={can(user.role, "controls:manage")} />;
}
