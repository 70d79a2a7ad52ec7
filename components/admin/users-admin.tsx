"use client";
import { fmtTime } from "@/components/ui/format";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { ROLES, ROLE_LABEL, type Role } from "@/server/contracts/roles";
import { CreateUserForm } from "./create-user-form";

export function UsersAdmin({ selfId }: { selfId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh, onError: (e) => setMessage(e.message) }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: refresh, onError: (e) => setMessage(e.message) }));
  const unlock = useMutation(trpc.users.unlockSignIn.mutationOptions({ onSuccess: refresh, onError: (e) => setMessage(e.message) }));

  return (
    <div className="mx-auto w-full max-w-6xl p-6">
      <h1 className="text-lg font-semibold">Users</h1>
      <p className="mt-1 text-sm text-muted">
        Create console users, change roles, deactivate. Deactivation signs the user out everywhere at once. After 8 failed passwords in 15 minutes an account's
        sign-in is locked (attackers can do this on purpose): unlock it here once you have checked with its owner.
      </p>
      {message ? (
        <p role="alert" className="mt-3 rounded border border-danger/40 bg-danger-bg px-3 py-2 text-sm text-danger">
          {message}
        </p>
      ) : null}
      <div className="mt-5 grid grid-cols-[1fr_320px] gap-6">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Console users</caption>
          <thead>
            <tr className="border-b border-line text-left text-xs text-muted">
              <th scope="col" className="py-2 font-medium">
                User
              </th>
              <th scope="col" className="py-2 font-medium">
                Role
              </th>
              <th scope="col" className="py-2 font-medium">
                Status
              </th>
              <th scope="col" className="py-2 font-medium">
                Sessions
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => {
              const self = u.id === selfId;
              return (
                <tr key={u.id} className="border-b border-line/60" data-testid={`user-row-${u.email}`}>
                  <td className="py-2">
                    <div className="untrusted">{u.name}</div>
                    <div className="text-xs text-muted">{u.email}</div>
                  </td>
                  <td className="py-2">
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.email}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      value={u.role ?? ""}
                      disabled={self || setRole.isPending}
                      onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value as Role })}
                      className="rounded border border-line bg-bg px-1.5 py-1 text-sm"
                    >
                      {u.role ? null : <option value="">No role yet</option>}
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="py-2">
                    <div className="flex flex-wrap items-center gap-1.5">
                      {u.deactivatedAt ? <Badge tone="danger">Deactivated</Badge> : <Badge tone="ok">Active</Badge>}
                      {u.signInLockedUntil ? (
                        <>
                          <Badge tone="warn">Sign-in locked until {fmtTime(new Date(u.signInLockedUntil).getTime())} UTC</Badge>
                          <Button
                            size="sm"
                            variant="secondary"
                            disabled={unlock.isPending}
                            aria-label={`Unlock sign-in for ${u.email}`}
                            onClick={() => unlock.mutate({ userId: u.id, reason: "unlocked by an admin from the users page" })}
                          >
                            Unlock
                          </Button>
                        </>
                      ) : null}
                    </div>
                  </td>
                  <td className="tabular py-2">{u.activeSessions}</td>
                  <td className="py-2 text-right">
                    {self ? (
                      <span className="text-xs text-muted">You</span>
                    ) : (
                      <Button
                        size="sm"
                        variant={u.deactivatedAt ? "secondary" : "danger"}
                        disabled={setActive.isPending}
                        onClick={() => {
                          if (!u.deactivatedAt && !window.confirm(`Deactivate ${u.email}? They are signed out everywhere at once.`)) return;
                          setActive.mutate({ userId: u.id, active: !!u.deactivatedAt });
                        }}
                      >
                        {u.deactivatedAt ? "Reactivate" : "Deactivate"}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <CreateUserForm onCreated={refresh} />
      </div>
    </div>
  );
}
