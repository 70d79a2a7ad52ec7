"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { ROLES, ROLE_LABEL, type Role } from "@/server/contracts/roles";

export function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const trpc = useTRPC();
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(trpc.users.create.mutationOptions());
  const fieldErrors = create.error?.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined;
  const formError = create.error && !fieldErrors ? create.error.message : null;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setDone(null);
    create.mutate(
      {
        email: String(f.get("email") ?? ""),
        name: String(f.get("name") ?? ""),
        role: String(f.get("role") ?? "MODERATOR") as Role,
        password: String(f.get("password") ?? ""),
      },
      {
        onSuccess: (u) => {
          setDone(`Created ${u.email}`);
          form.reset();
          onCreated();
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 rounded border border-line bg-panel p-4" aria-labelledby="create-user-h">
      <h2 id="create-user-h" className="font-semibold">
        New user
      </h2>
      <Field label="Email" error={fieldErrors?.email?.[0]}>
        {(p) => <input {...p} name="email" type="email" className={inputClass} />}
      </Field>
      <Field label="Name" error={fieldErrors?.name?.[0]}>
        {(p) => <input {...p} name="name" className={inputClass} />}
      </Field>
      <Field label="Role">
        {(p) => (
          <select {...p} name="role" defaultValue="MODERATOR" className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Initial password (min 12 characters)" error={fieldErrors?.password?.[0]}>
        {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={inputClass} />}
      </Field>
      {formError ? (
        <p role="alert" className="text-sm text-danger">
          {formError}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-ok">
          {done}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create user"}
      </Button>
    </form>
  );
}
