"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useTranslations } from "use-intl";
import { startSso } from "@/components/providers/auth-client";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { stepUpStore } from "./step-up";

/**
 * The re-confirm dialog the step-up link opens: the person's password or a code from their
 * authenticator app (whichever they have), or — for single sign-on accounts — signing in again
 * at the identity provider. On success the held action is sent again by the link.
 */
export function StepUpDialog() {
  const open = useSyncExternalStore(stepUpStore.subscribe, stepUpStore.open, () => false);
  const t = useTranslations("auth.stepUp");
  const trpc = useTRPC();
  const methods = useQuery({ ...trpc.me.stepUpMethods.queryOptions(), enabled: open, staleTime: 0 });
  const [mode, setMode] = useState<"password" | "code">("password");
  const [error, setError] = useState<string | null>(null);
  const reconfirm = useMutation(trpc.me.reconfirm.mutationOptions());

  const m = methods.data;
  useEffect(() => {
    if (open) setError(null);
    if (m) setMode(m.password ? "password" : "code");
  }, [open, m]);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get("secret") ?? "").trim();
    setError(null);
    reconfirm.mutate(mode === "password" ? { password: value } : { code: value.replace(/\s+/g, "") }, {
      onSuccess: () => stepUpStore.settle(true),
      onError: (err) => {
        if (err.data?.code === "UNAUTHORIZED") {
          window.location.assign(`/sign-in?reason=${encodeURIComponent(t("lockedOut"))}`);
          return;
        }
        setError(err.data?.zodError ? (mode === "password" ? t("enterPassword") : t("enterCode")) : t("noMatch"));
      },
    });
  }

  const canType = !!m && (m.password || m.totp);
  return (
    <Dialog open={open} onOpenChange={(o) => !o && stepUpStore.settle(false)} title={t("title")} description={t("description")}>
      {methods.isPending ? <p className="text-sm text-muted">{t("loading")}</p> : null}
      {canType ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" data-testid="step-up-form">
          {m.password && m.totp ? (
            <fieldset className="flex gap-4 text-sm">
              <legend className="sr-only">{t("how")}</legend>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="mode" checked={mode === "password"} onChange={() => setMode("password")} />
                {t("withPassword")}
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="mode" checked={mode === "code"} onChange={() => setMode("code")} />
                {t("withCode")}
              </label>
            </fieldset>
          ) : null}
          <Field label={mode === "password" ? t("password") : t("code")} error={error} announce>
            {(p) => (
              <input
                {...p}
                key={mode}
                name="secret"
                autoFocus
                required
                type={mode === "password" ? "password" : "text"}
                autoComplete={mode === "password" ? "current-password" : "one-time-code"}
                inputMode={mode === "password" ? undefined : "numeric"}
                maxLength={mode === "password" ? 256 : 6}
                className={inputClass}
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button onClick={() => stepUpStore.settle(false)}>{t("cancel")}</Button>
            <Button type="submit" variant="primary" disabled={reconfirm.isPending}>
              {reconfirm.isPending ? t("confirming") : t("confirm")}
            </Button>
          </div>
        </form>
      ) : null}
      {m?.sso ? (
        <div className={`flex flex-col gap-2 ${canType ? "mt-4 border-t border-line pt-4" : ""}`}>
          <p className="text-sm text-muted">{t("ssoHelp")}</p>
          <Button onClick={() => startSso(m.sso!.id, window.location.pathname + window.location.search)}>{t("withSso", { name: m.sso.name })}</Button>
        </div>
      ) : null}
      {m && !canType && !m.sso ? <p className="text-sm text-danger">{t("noMethod")}</p> : null}
      {methods.isError ? <p className="text-sm text-danger">{t("loadFailed")}</p> : null}
    </Dialog>
  );
}
