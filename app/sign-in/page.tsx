import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/shell/sign-in-form";
import { currentUser } from "@/server/http/page-guard";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUser()) redirect("/");
  const { reason } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-line bg-panel p-6 shadow-xl">
        <h1 className="text-xl font-semibold">
          <span aria-hidden="true" className="mr-1 text-accent">
            ▮
          </span>
          Floodwall
        </h1>
        <p className="mb-5 mt-1 text-sm text-muted">Moderator operations console</p>
        {typeof reason === "string" && reason ? (
          <p role="status" className="mb-4 rounded border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-warn">
            {reason.slice(0, 200)}
          </p>
        ) : null}
        <SignInForm />
      </div>
    </main>
  );
}
