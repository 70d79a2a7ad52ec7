import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { PlaybooksPage } from "@/components/playbooks/playbooks-page";

export const metadata: Metadata = { title: "Playbooks" };

export default async function Page() {
  const { user, allowed } = await userWith("playbooks:read");
  if (!allowed) return <NoAccess what="playbooks" />;
  return <PlaybooksPage canManage={can(user.role, "playbooks:manage")} canApprove={can(user.role, "rules:approve")} meEmail={user.email} />;
}
