import type { Metadata } from "next";
import { userWith } from "@/server/http/page-guard";
import { NoAccess } from "@/components/ui/no-access";
import { UsersAdmin } from "@/components/admin/users-admin";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { user, allowed } = await userWith("users:manage");
  if (!allowed) return <NoAccess what="users" />;
  return <UsersAdmin selfId={user.id} />;
}
