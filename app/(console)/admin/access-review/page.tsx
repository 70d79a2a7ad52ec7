import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { AccessReview } from "@/components/admin/access-review";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("admin");
  return { title: t("review.title" as never) };
}

export default async function AccessReviewPage() {
  const { allowed } = await userWith("users:manage");
  if (!allowed) return <NoAccess what="users" />;
  return <AccessReview />;
}
