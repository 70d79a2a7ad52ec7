import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { can } from "@/server/contracts/roles";
import { isUuid } from "@/server/contracts/ids";
import { NoAccess } from "@/components/ui/no-access";
import { RulePage } from "@/components/rules/rule-page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("rules");
  return { title: t("rule" as never) };
}

export default async function RuleDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, allowed } = await userWith("rules:read");
  if (!allowed) return <NoAccess what="rules" />;
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return <RulePage id={id} canManage={can(user.role, "rules:manage")} canApprove={can(user.role, "rules:approve")} meEmail={user.email} />;
}
