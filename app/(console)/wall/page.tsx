import type { Metadata } from "next";
import { Suspense } from "react";
import { publicSettings, userWith } from "@/server/http/page-guard";
import { can } from "@/server/contracts/roles";
import { serverT } from "@/server/http/i18n";
import { NoAccess } from "@/components/ui/no-access";
import { WallView } from "@/components/wall/wall-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await serverT("wall");
  // serverT types keys as never (catalogs are checked by scripts/check-i18n.mjs, not the type system).
  return { title: t("title" as never) };
}

export default async function WallPage() {
  const { user, allowed } = await userWith("wall:read");
  if (!allowed) return <NoAccess what="wall" />;
  return (
    <Suspense>
      <WallView canAct={can(user.role, "wall:act")} allowedHosts={publicSettings().thumbnailHosts} me={{ id: user.id, name: user.name }} />
    </Suspense>
  );
}
