"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { useFormat } from "@/components/ui/format";
import { ROLES, type Role } from "@/server/contracts/roles";
import { CreateUserForm } from "./create-user-form";
import { PendingRoles } from "./pending-roles";
import { ResetTwoFactorDialog } from "./reset-two-factor-dialog";

export function UsersAdmin({ selfId, passwords }: { selfId: string; passwords: boolean }) {
  const t = useTranslations("admin.users");
  const tr = useTranslations("shell.roles");
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [resetting, setResetting] = useState<{ id: string; email: string } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const onError = (e: { message: string }) => setMessage({ tone: "danger", text: e.message });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh, onError }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: refresh, onError }));
  const unlock = useMutation(trpc.users.unlockSignIn.mutationOptions({ onSuccess: refresh, onError }));
  const pending = users.data?.filter((u) => !u.role && !u.deactivatedAt) ?? [];
  const rest = users.data?.filter((u) => u.role || u.deactivatedAt) ?? [];

  return (
    <div className="mx-auto w-full max-w-6xl p-6">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 max-w-3xl text-sm text-muted">{t("intro")}</p>
      {message ? (
        <p
          role={message.tone === "danger" ? "alert" : "status"}
          className={`mt-3 rounded border px-3 py-2 text-sm ${message.tone === "danger" ? "border-danger/40 bg-danger-bg text-danger" : "border-ok/40 bg-ok/10 text-ok"}`}
        >
          {message.text}
        </p>
      ) : null}
      <PendingRoles
        users={pending}
        onAssigned={(email) => {
          setMessage({ tone: "ok", text: t("assigned", { email }) });
          refresh();
        }}
      />
      <div className="mt-5 grid grid-cols-[1fr_300px] gap-6">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead>
            <tr className="border-b border-line text-left text-xs text-muted">
              <th scope="col" className="py-2 font-medium">
                {t("col.user")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("col.role")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("col.signIn")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("col.twoFactor")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("col.status")}
              </th>
              <th scope="col" className="py-2 font-medium">
                {t("col.sessions")}
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">{t("col.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rest.map((u) => {
              const self = u.id === selfId;
              return (
                <tr key={u.id} className="border-b border-line/60 align-top" data-testid={`user-row-${u.email}`}>
                  <td className="py-2 pr-2">
                    <div className="untrusted">{u.name}</div>
                    <div className="untrusted text-xs text-muted">{u.email}</div>
                  </td>
                  <td className="py-2 pr-2">
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      {t("roleOf", { email: u.email })}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      value={u.role ?? ""}
                      disabled={self || setRole.isPending}
                      onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value as Role, reason: t("roleReason") })}
                      className="rounded border border-line bg-bg px-1.5 py-1 text-sm"
                    >
                      {u.role ? null : <option value="">{t("noRole")}</option>}
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {tr(r)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="py-2 pr-2 text-xs">
                    <div>
                      {[u.signIn.password ? t("ways.password") : null, u.signIn.sso ? t("ways.sso") : null].filter(Boolean).join(" · ") || t("ways.none")}
                    </div>
                    <div className="text-muted">
                      {u.lastSignInAt ? t("lastSignIn", { at: f.dateTime(new Date(u.lastSignInAt).getTime()) }) : t("neverSignedIn")}
                    </div>
                  </td>
                  <td className="py-2 pr-2" data-testid="two-factor-cell">
                    <div className="flex flex-wrap items-center gap-1.5">
                      {u.twoFactorEnabled ? (
                        <Badge tone="ok">{t("twoFactor.on")}</Badge>
                      ) : u.twoFactorRequired ? (
                        <Badge tone="warn">{t("twoFactor.missing")}</Badge>
                      ) : (
                        <Badge>{t("twoFactor.off")}</Badge>
                      )}
                      {u.twoFactorEnabled && !self ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          aria-label={t("reset.open", { email: u.email })}
                          onClick={() => setResetting({ id: u.id, email: u.email })}
                        >
                          {t("reset.button")}
                        </Button>
                      ) : null}
                    </div>
                  </td>
                  <td className="py-2 pr-2">
                    <div className="flex flex-wrap items-center gap-1.5">
                      {u.deactivatedAt ? <Badge tone="danger">{t("deactivated")}</Badge> : <Badge tone="ok">{t("active")}</Badge>}
                      {u.signInLockedUntil ? (
                        <>
                          <Badge tone="warn">{t("lockedUntil", { at: f.time(new Date(u.signInLockedUntil).getTime()) })}</Badge>
                          <Button
                            size="sm"
                            variant="secondary"
                            disabled={unlock.isPending}
                            aria-label={t("unlockFor", { email: u.email })}
                            onClick={() => unlock.mutate({ userId: u.id, reason: t("unlockReason") })}
                          >
                            {t("unlock")}
                          </Button>
                        </>
                      ) : null}
                    </div>
                  </td>
                  <td className="tabular py-2">{f.int(u.activeSessions)}</td>
                  <td className="py-2 text-right">
                    {self ? (
                      <span className="text-xs text-muted">{t("you")}</span>
                    ) : (
                      <Button
                        size="sm"
                        variant={u.deactivatedAt ? "secondary" : "danger"}
                        disabled={setActive.isPending}
                        onClick={() => {
                          if (!u.deactivatedAt && !window.confirm(t("confirmDeactivate", { email: u.email }))) return;
                          setActive.mutate({ userId: u.id, active: !!u.deactivatedAt });
                        }}
                      >
                        {u.deactivatedAt ? t("reactivate") : t("deactivate")}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <CreateUserForm onCreated={refresh} passwords={passwords} />
      </div>
      <ResetTwoFactorDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(email) => {
          setResetting(null);
          setMessage({ tone: "ok", text: t("reset.done", { email }) });
          refresh();
        }}
      />
    </div>
  );
}
