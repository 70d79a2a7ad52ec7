import type { Metadata } from "next";
import Link from "next/link";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { RuleEditor } from "@/components/rules/rule-editor";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("rules");
  return { title: t("newRule" as never) };
}

export default async function NewRulePage() {
  const { allowed } = await userWith("rules:manage");
  if (!allowed) return <NoAccess what="writingRules" />;
  const t = await serverT("rules");
  return (
    <div className="flex flex-col gap-3 p-4">
      <p className="text-xs text-muted">
        <Link href="/rules" className="hover:text-ink">
          {t("breadcrumb" as never)}
        </Link>{" "}
        ›
      </p>
      <h1 className="text-lg font-semibold">{t("newRule" as never)}</h1>
      <p className="text-sm text-muted">{t("newIntro" as never)}</p>
      <RuleEditor rule={null} canManage />
    </div>
  );
}
