import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { NoAccess } from "@/components/ui/no-access";
import { RulesList } from "@/components/rules/rules-list";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage() {
  const { user, allowed } = await userWith("rules:read");
  if (!allowed) return <NoAccess what="rules" />;
  return <RulesList canManage={can(user.role, "rules:manage")} />;
}
