"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useTranslations } from "use-intl";

/** Declare an incident: severity with its definition, title, summary, commander. */
export function DeclareDialog({
  open,
  onOpenChange,
  alertId,
  defaults,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  alertId?: string | null;
  defaults?: { title?: string; summary?: string; severity?: "P0" | "P1" | "P2" | "P3" };
}) {
  const t = useTranslations("incidents");
  const trpc = useTRPC();
  const router = useRouter();
  const severities = useQuery({ ...trpc.incidents.severities.queryOptions(), enabled: open });
  const people = useQuery({ ...trpc.incidents.people.queryOptions(), enabled: open });
  const me = useQuery(trpc.me.get.queryOptions());
  const [severity, setSeverity] = useState(defaults?.severity ?? "P1");
  // The commander is the person declaring unless they choose someone else.
  const [commander, setCommander] = useState<string>("");
  const commanderId = commander || me.data?.id || "";
  const declare = useMutation(
    trpc.incidents.declare.mutationOptions({
      onSuccess: (i) => {
        onOpenChange(false);
        toast.success(t("declare.declared", { severity: i.severity, number: i.number }));
        router.push(`/incidents/${i.id}`);
      },
    }),
  );
  const errs = declare.error?.data?.zodError?.fieldErrors as Record<string, string[]> | undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t("declare.title")} description={alertId ? t("declare.fromAlert") : undefined} wide>
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          declare.mutate({
            severity,
            title: String(f.get("title")),
            summary: String(f.get("summary")),
            commanderId,
            alertId: alertId ?? null,
          });
        }}
      >
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-muted">{t("declare.severity")}</legend>
          <div className="grid grid-cols-2 gap-2">
            {severities.data?.map((s) => (
              <label
                key={s.key}
                className={`flex cursor-pointer flex-col gap-0.5 rounded border p-2 text-sm ${severity === s.key ? "border-accent bg-accent/10" : "border-line"}`}
              >
                <span className="flex items-center gap-2 font-semibold">
                  <input type="radio" name="severity" value={s.key} checked={severity === s.key} onChange={() => setSeverity(s.key as typeof severity)} />
                  {/* i18n-keys: incidents.severity.* */}
                  {t(`severity.${s.key}.label`)}
                </span>
                <span className="text-xs text-muted">{t(`severity.${s.key}.definition`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t("declare.incidentTitle")} error={errs?.title?.[0]}>
          {(p) => <input {...p} name="title" defaultValue={defaults?.title} className={inputClass} />}
        </Field>
        <Field label={t("declare.summary")} error={errs?.summary?.[0]}>
          {(p) => <textarea {...p} name="summary" rows={3} defaultValue={defaults?.summary} className={inputClass} />}
        </Field>
        <Field label={t("declare.commander")}>
          {(p) => (
            <select {...p} name="commander" className={inputClass} value={commanderId} onChange={(e) => setCommander(e.target.value)}>
              {people.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {/* i18n-keys: incidents.userRole.* */}
                  {u.email} ({t(`userRole.${u.role}`)}){u.id === me.data?.id ? t("declare.you") : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        {declare.error && !errs ? (
          <p role="alert" className="text-sm text-danger">
            {declare.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>{t("declare.cancel")}</Button>
          <Button type="submit" variant="danger" disabled={declare.isPending}>
            {t("declare.submit", { severity })}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
