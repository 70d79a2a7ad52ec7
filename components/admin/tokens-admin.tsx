"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Field, inputClass } from "@/components/ui/field";
import { useFormat } from "@/components/ui/format";

export function TokensAdmin() {
  const t = useTranslations("admin.tokens");
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (x) => {
        setCreated(x);
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const nameInvalid = !!(create.error?.data?.zodError?.fieldErrors as Record<string, string[]> | undefined)?.name?.[0];

  return (
    <div className="mx-auto w-full max-w-5xl p-6">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 text-sm text-muted">
        {t.rich("intro", {
          path: () => <code className="text-ink">{"POST /api/ingest/flags"}</code>,
          header: () => <code className="text-ink">{"Authorization: Bearer <token>"}</code>,
        })}
      </p>
      <form
        className="mt-5 flex items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          create.mutate({ name: String(new FormData(form).get("name") ?? "") }, { onSuccess: () => form.reset() });
        }}
      >
        <div className="w-72">
          <Field label={t("name")} error={nameInvalid ? t("nameInvalid") : create.error ? create.error.message : null}>
            {(p) => <input {...p} name="name" placeholder={t("namePlaceholder")} className={inputClass} />}
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t("create")}
        </Button>
      </form>
      {created ? (
        <div role="status" className="mt-4 rounded border border-ok/40 bg-ok/10 p-3 text-sm">
          <p>{t.rich("createdFor", { name: created.name, strong: (c) => <span className="untrusted font-medium">{c}</span> })}</p>
          <code data-testid="new-token" className="mt-2 block select-all break-all rounded bg-bg p-2 font-mono text-xs">
            {created.token}
          </code>
        </div>
      ) : null}
      <table className="mt-6 w-full text-sm">
        <caption className="sr-only">{t("title")}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="py-2 font-medium">
              {t("col.name")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("col.prefix")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("col.created")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("col.lastUsed")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("col.status")}
            </th>
            <th scope="col">
              <span className="sr-only">{t("col.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((x) => (
            <tr key={x.id} className="border-b border-line/60" data-testid={`token-row-${x.name}`}>
              <td className="untrusted py-2">{x.name}</td>
              <td className="py-2 font-mono text-xs">{x.prefix}…</td>
              <td className="py-2 text-muted">{f.dateTime(x.createdAt.getTime())}</td>
              <td className="py-2 text-muted">{x.lastUsedAt ? f.dateTime(x.lastUsedAt.getTime()) : t("never")}</td>
              <td className="py-2">{x.revokedAt ? <Badge tone="danger">{t("revoked")}</Badge> : <Badge tone="ok">{t("active")}</Badge>}</td>
              <td className="py-2 text-right">
                {!x.revokedAt ? (
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={revoke.isPending}
                    onClick={() => window.confirm(t("confirmRevoke", { name: x.name })) && revoke.mutate({ id: x.id })}
                  >
                    {t("revoke")}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
          {tokens.data?.length === 0 ? (
            <tr>
              <td colSpan={6} className="py-4 text-muted">
                {t("empty")}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
