"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { useFormat } from "@/components/ui/format";
import { ROLES, type Role } from "@/server/contracts/roles";

interface Waiting {
  id: string;
  name: string;
  email: string;
  createdAt: Date;
  signIn: { password: boolean; sso: boolean };
}

/** People who signed in through single sign-on with no mapped role: they can do nothing until an admin gives one. */
export function PendingRoles({ users, onAssigned }: { users: Waiting[]; onAssigned: (email: string) => void }) {
  const t = useTranslations("admin.users.pending");
  if (users.length === 0) return null;
  return (
    <section aria-labelledby="pending-h" className="mt-5 rounded border border-warn/40 bg-warn/5 p-4" data-testid="pending-roles">
      <h2 id="pending-h" className="font-semibold">
        {t("title", { count: users.length })}
      </h2>
      <p className="mt-1 text-sm text-muted">{t("help")}</p>
      <ul className="mt-3 flex flex-col gap-2">
        {users.map((u) => (
          <PendingRow key={u.id} user={u} onAssigned={onAssigned} />
        ))}
      </ul>
    </section>
  );
}

function PendingRow({ user, onAssigned }: { user: Waiting; onAssigned: (email: string) => void }) {
  const t = useTranslations("admin.users.pending");
  const tr = useTranslations("shell.roles");
  const f = useFormat();
  const trpc = useTRPC();
  const [role, setRole] = useState<Role | "">("");
  const assign = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: () => onAssigned(user.email) }));
  const id = `pending-role-${user.id}`;
  return (
    <li className="flex flex-wrap items-center gap-3 text-sm" data-testid={`pending-${user.email}`}>
      <div className="min-w-56">
        <div className="untrusted">{user.name}</div>
        <div className="untrusted text-xs text-muted">{user.email}</div>
      </div>
      <span className="text-xs text-muted">{t("since", { at: f.dateTime(new Date(user.createdAt).getTime()) })}</span>
      <form
        className="ml-auto flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (role) assign.mutate({ userId: user.id, role, reason: t("reason") });
        }}
      >
        <label htmlFor={id} className="sr-only">
          {t("roleFor", { email: user.email })}
        </label>
        <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role | "")} className="rounded border border-line bg-bg px-1.5 py-1 text-sm">
          <option value="">{t("choose")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {tr(r)}
            </option>
          ))}
        </select>
        <Button type="submit" size="sm" variant="primary" disabled={!role || assign.isPending}>
          {t("give")}
        </Button>
      </form>
      {assign.error ? (
        <p role="alert" className="w-full text-xs text-danger">
          {assign.error.message}
        </p>
      ) : null}
    </li>
  );
}
