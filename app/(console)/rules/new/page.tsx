import type { Metadata } from "next";
import Link from "next/link";
import { userWith } from "@/server/http/page-guard";
import { NoAccess } from "@/components/ui/no-access";
import { RuleEditor } from "@/components/rules/rule-editor";

export const metadata: Metadata = { title: "New rule" };

export default async function NewRulePage() {
  const { allowed } = await userWith("rules:manage");
  if (!allowed) return <NoAccess what="writingRules" />;
  return (
    <div className="flex flex-col gap-3 p-4">
      <p className="text-xs text-muted">
        <Link href="/rules" className="hover:text-ink">
          Rules
        </Link>{" "}
        ›
      </p>
      <h1 className="text-lg font-semibold">New rule</h1>
      <p className="text-sm text-muted">It is saved off. Backtest it, run it in shadow and read its hits, then ask to enforce it.</p>
      <RuleEditor rule={null} canManage />
    </div>
  );
}
