import type { Metadata } from "next";
import { signInOptions, userWith } from "@/server/http/page-guard";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { UsersAdmin } from "@/components/admin/users-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("admin");
  return { title: t("users.title" as never) };
}

export default async function UsersPage() {
  const { user, allowed } = await userWith("users:manage");
  if (!allowed) return <NoAccess what="users" />;
  return <UsersAdmin selfId={user.id} passwords={signInOptions().passwords} />;
}
