"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";

/** An admin removes someone's second factor (a lost phone) with a reason for the audit log; their sessions end. */
export function ResetTwoFactorDialog({
  user,
  onClose,
  onDone,
}: {
  user: { id: string; email: string } | null;
  onClose: () => void;
  onDone: (email: string) => void;
}) {
  const t = useTranslations("admin.users.reset");
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const reset = useMutation(trpc.users.resetTwoFactor.mutationOptions());
  const reasonError = reset.error?.data?.zodError?.fieldErrors?.reason ? t("reasonNeeded") : null;

  return (
    <Dialog
      open={!!user}
      onOpenChange={(o) => {
        if (!o) {
          reset.reset();
          setReason("");
          onClose();
        }
      }}
      title={t("title", { email: user?.email ?? "" })}
      description={t("description")}
    >
      <form
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!user) return;
          reset.mutate(
            { userId: user.id, reason },
            {
              onSuccess: (r) => {
                setReason("");
                onDone(r.email);
              },
            },
          );
        }}
      >
        <Field label={t("reason")} error={reasonError}>
          {(p) => <textarea {...p} rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass} />}
        </Field>
        {reset.error && !reasonError ? (
          <p role="alert" className="text-sm text-danger">
            {reset.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t("cancel")}</Button>
          <Button type="submit" variant="danger" disabled={reset.isPending || reason.trim().length < 3}>
            {t("confirm")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
