import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { TokensAdmin } from "@/components/admin/tokens-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("admin");
  return { title: t("tokens.title" as never) };
}

export default async function TokensPage() {
  const { allowed } = await userWith("tokens:manage");
  if (!allowed) return <NoAccess what="tokens" />;
  return <TokensAdmin />;
}
