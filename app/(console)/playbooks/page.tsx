import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { PlaybooksPage } from "@/components/playbooks/playbooks-page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("playbooks");
  return { title: t("title" as never) };
}

export default async function Page() {
  const { user, allowed } = await userWith("playbooks:read");
  if (!allowed) return <NoAccess what="playbooks" />;
  return <PlaybooksPage canManage={can(user.role, "playbooks:manage")} canApprove={can(user.role, "rules:approve")} meEmail={user.email} />;
}
