import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { NoAccess } from "@/components/ui/no-access";
import { TokensAdmin } from "@/components/admin/tokens-admin";

export const metadata: Metadata = { title: "Ingest tokens" };

export default async function TokensPage() {
  const { allowed } = await userWith("tokens:manage");
  if (!allowed) return <NoAccess what="tokens" />;
  return <TokensAdmin />;
}
