"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { ROLES, type Role } from "@/server/contracts/roles";

/** A new console user; with local passwords off there is no password: they sign in through single sign-on with this email. */
export function CreateUserForm({ onCreated, passwords }: { onCreated: () => void; passwords: boolean }) {
  const t = useTranslations("admin.users.create");
  const tr = useTranslations("shell.roles");
  const trpc = useTRPC();
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(trpc.users.create.mutationOptions());
  const fieldErrors = create.error?.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined;
  const formError = create.error && !fieldErrors ? create.error.message : null;
  const fieldError = (name: string) => (fieldErrors?.[name]?.[0] ? t(`invalid.${name}`) : null);
  // i18n-keys: admin.users.create.invalid.*

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
        ...(passwords ? { password: String(f.get("password") ?? "") } : {}),
      },
      {
        onSuccess: (u) => {
          setDone(t("created", { email: u.email }));
          form.reset();
          onCreated();
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 self-start rounded border border-line bg-panel p-4" aria-labelledby="create-user-h">
      <h2 id="create-user-h" className="font-semibold">
        {t("title")}
      </h2>
      <Field label={t("email")} error={fieldError("email")}>
        {(p) => <input {...p} name="email" type="email" className={inputClass} />}
      </Field>
      <Field label={t("name")} error={fieldError("name")}>
        {(p) => <input {...p} name="name" className={inputClass} />}
      </Field>
      <Field label={t("role")}>
        {(p) => (
          <select {...p} name="role" defaultValue="MODERATOR" className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {passwords ? (
        <Field label={t("password")} error={fieldError("password")}>
          {(p) => <input {...p} name="password" type="password" autoComplete="new-password" className={inputClass} />}
        </Field>
      ) : (
        <p className="text-xs text-muted">{t("ssoOnly")}</p>
      )}
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
        {create.isPending ? t("creating") : t("submit")}
      </Button>
    </form>
  );
}
