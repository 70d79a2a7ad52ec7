import type { Metadata } from "next";
import { requireUser } from "@/server/auth/page-guard";
import { ROLE_LABEL } from "@/server/auth/roles";
import { navFor } from "@/components/shell/nav-items";
import Link from "next/link";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  const nav = navFor(user.role).filter((n) => n.href !== "/");
  return (
    <div className="mx-auto w-full max-w-4xl p-6">
      <h1 className="text-lg font-semibold">Overview</h1>
      <p className="mt-1 text-muted">
        Signed in as {user.email} ({ROLE_LABEL[user.role]}).
      </p>
      {nav.length ? (
        <ul className="mt-6 grid grid-cols-2 gap-3">
          {nav.map((n) => (
            <li key={n.href}>
              <Link href={n.href} className="block rounded border border-line bg-panel p-4 hover:border-accent">
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
