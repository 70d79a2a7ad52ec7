import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { RulesList } from "@/components/rules/rules-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("rules");
  return { title: t("title" as never) };
}

export default async function RulesPage() {
  const { user, allowed } = await userWith("rules:read");
  if (!allowed) return <NoAccess what="rules" />;
  return <RulesList canManage={can(user.role, "rules:manage")} />;
}
