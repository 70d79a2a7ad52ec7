"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Field, inputClass } from "@/components/ui/field";
import { fmtDateTime } from "@/components/ui/format";

export function TokensAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (t) => {
        setCreated(t);
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const nameError = (create.error?.data?.zodError?.fieldErrors as Record<string, string[]> | undefined)?.name?.[0];

  return (
    <div className="mx-auto w-full max-w-5xl p-6">
      <h1 className="text-lg font-semibold">Ingest tokens</h1>
      <p className="mt-1 text-sm text-muted">
        Classifiers, report pipelines and rule engines send flags to <code className="text-ink">POST /api/ingest/flags</code> with{" "}
        <code className="text-ink">Authorization: Bearer &lt;token&gt;</code>. A token is shown once; only its hash is kept.
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
          <Field label="Token name (who sends with it)" error={nameError ?? (create.error && !nameError ? create.error.message : null)}>
            {(p) => <input {...p} name="name" placeholder="e.g. vision-classifier-prod" className={inputClass} />}
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create token
        </Button>
      </form>
      {created ? (
        <div role="status" className="mt-4 rounded border border-ok/40 bg-ok/10 p-3 text-sm">
          <p>
            Token for <span className="untrusted font-medium">{created.name}</span> — copy it now, it will not be shown again:
          </p>
          <code data-testid="new-token" className="mt-2 block select-all break-all rounded bg-bg p-2 font-mono text-xs">
            {created.token}
          </code>
        </div>
      ) : null}
      <table className="mt-6 w-full text-sm">
        <caption className="sr-only">Ingest tokens</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="py-2 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 font-medium">
              Starts with
            </th>
            <th scope="col" className="py-2 font-medium">
              Created
            </th>
            <th scope="col" className="py-2 font-medium">
              Last used
            </th>
            <th scope="col" className="py-2 font-medium">
              Status
            </th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id} className="border-b border-line/60" data-testid={`token-row-${t.name}`}>
              <td className="untrusted py-2">{t.name}</td>
              <td className="py-2 font-mono text-xs">{t.prefix}…</td>
              <td className="py-2 text-muted">{fmtDateTime(t.createdAt.getTime())}</td>
              <td className="py-2 text-muted">{t.lastUsedAt ? fmtDateTime(t.lastUsedAt.getTime()) : "never"}</td>
              <td className="py-2">{t.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="ok">Active</Badge>}</td>
              <td className="py-2 text-right">
                {!t.revokedAt ? (
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={revoke.isPending}
                    onClick={() => window.confirm(`Revoke ${t.name}? Senders using it are refused at once.`) && revoke.mutate({ id: t.id })}
                  >
                    Revoke
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
          {tokens.data?.length === 0 ? (
            <tr>
              <td colSpan={6} className="py-4 text-muted">
                No tokens yet. The bootstrap token from FLOODWALL_INGEST_TOKEN also works when set.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
