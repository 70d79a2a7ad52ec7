"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { authClient } from "@/components/providers/auth-client";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Field, inputClass } from "@/components/ui/field";
import { QrCode } from "@/components/ui/qr-code";
import { RecoveryCodes } from "./recovery-codes";

type Action = "setup" | "regenerate" | "disable";
type Stage = { at: "idle" } | { at: "password"; action: Action } | { at: "scan"; uri: string; codes: string[] } | { at: "codes"; codes: string[] };

const errorKey = (e: { status: number; code?: string }) =>
  e.code === "INVALID_PASSWORD" ? "wrongPassword" : e.code === "INVALID_CODE" ? "wrongCode" : e.status === 429 ? "rateLimited" : "generic";

/** The secret in groups of four, as authenticator apps ask for it when typed by hand. */
const grouped = (uri: string) => (new URL(uri).searchParams.get("secret") ?? "").replace(/(.{4})/g, "$1 ").trim();

/**
 * The authenticator app (TOTP) of the signed-in person: set it up (password, scan or type the
 * secret, prove it with a code, keep the recovery codes), make new recovery codes, or turn it
 * off when their role does not require it. Every step goes to better-auth's two-factor endpoints.
 */
export function TwoFactorPanel({
  email,
  enabled: initiallyEnabled,
  required,
  hasPassword,
  onEnabled,
}: {
  email: string;
  enabled: boolean;
  required: boolean;
  hasPassword: boolean;
  onEnabled: () => void;
}) {
  const t = useTranslations("auth.twoFactor");
  // i18n-keys: auth.twoFactor.errors.*
  // i18n-keys: auth.twoFactor.confirm.*
  const [enabled, setEnabled] = useState(initiallyEnabled);
  const [stage, setStage] = useState<Stage>({ at: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const begin = (action: Action) => {
    setError(null);
    setNotice(null);
    setStage({ at: "password", action });
  };

  async function onPassword(e: React.FormEvent<HTMLFormElement>, action: Action) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    setPending(true);
    setError(null);
    if (action === "setup") {
      const { data, error } = await authClient.twoFactor.enable({ password });
      setPending(false);
      if (error || !data || !("totpURI" in data) || !data.totpURI) return setError(t(`errors.${errorKey(error ?? { status: 0 })}`));
      setStage({ at: "scan", uri: data.totpURI, codes: data.backupCodes ?? [] });
    } else if (action === "regenerate") {
      const { data, error } = await authClient.twoFactor.generateBackupCodes({ password });
      setPending(false);
      if (error || !data) return setError(t(`errors.${errorKey(error ?? { status: 0 })}`));
      setStage({ at: "codes", codes: data.backupCodes });
    } else {
      const { error } = await authClient.twoFactor.disable({ password });
      setPending(false);
      if (error) return setError(t(`errors.${errorKey(error)}`));
      setEnabled(false);
      setStage({ at: "idle" });
      setNotice(t("turnedOff"));
    }
  }

  async function onVerify(e: React.FormEvent<HTMLFormElement>, codes: string[]) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    setPending(true);
    setError(null);
    const { error } = await authClient.twoFactor.verifyTotp({ code });
    setPending(false);
    if (error) return setError(t(`errors.${errorKey(error)}`));
    setEnabled(true);
    setStage({ at: "codes", codes });
  }

  return (
    <section aria-labelledby="two-factor-h" className="rounded-lg border border-line bg-panel p-5">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="two-factor-h" className="font-semibold">
          {t("title")}
        </h2>
        <span data-testid="two-factor-state">
          {enabled ? <Badge tone="ok">{t("on")}</Badge> : <Badge tone={required ? "warn" : "neutral"}>{t("off")}</Badge>}
        </span>
        {required ? <span className="text-xs text-muted">{t("requiredForRole")}</span> : null}
      </div>
      <p className="mt-1 text-sm text-muted">{t("intro")}</p>
      <p role="status" className="mt-2 text-sm text-ok">
        {notice ?? ""}
      </p>

      {!hasPassword ? <p className="mt-3 text-sm text-muted">{t("noPassword")}</p> : null}

      {hasPassword && stage.at === "idle" ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {enabled ? (
            <>
              <Button onClick={() => begin("regenerate")}>{t("regenerate")}</Button>
              {required ? null : (
                <Button variant="danger" onClick={() => begin("disable")}>
                  {t("turnOff")}
                </Button>
              )}
            </>
          ) : (
            <Button variant="primary" onClick={() => begin("setup")}>
              {t("setUp")}
            </Button>
          )}
        </div>
      ) : null}

      {stage.at === "password" ? (
        <form onSubmit={(e) => onPassword(e, stage.action)} noValidate className="mt-4 flex max-w-sm flex-col gap-3">
          <p className="text-sm">{t(`confirm.${stage.action}`)}</p>
          <Field label={t("password")} error={error} announce>
            {(p) => (
              // biome-ignore lint/a11y/noAutofocus: the field appears because the person just asked for this step.
              <input {...p} name="password" type="password" autoComplete="current-password" autoFocus required className={inputClass} />
            )}
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant={stage.action === "disable" ? "danger" : "primary"} disabled={pending}>
              {t("continue")}
            </Button>
            <Button onClick={() => setStage({ at: "idle" })}>{t("cancel")}</Button>
          </div>
        </form>
      ) : null}

      {stage.at === "scan" ? (
        <div className="mt-4 grid gap-5 md:grid-cols-[auto_1fr]">
          <QrCode value={stage.uri} label={t("qrLabel")} />
          <div className="flex min-w-0 flex-col gap-3">
            <ol className="list-decimal space-y-1 pl-5 text-sm">
              <li>{t("step1")}</li>
              <li>{t("step2")}</li>
              <li>{t("step3")}</li>
            </ol>
            <div>
              <p className="text-xs font-medium text-muted">{t("secret")}</p>
              <code className="mt-1 block select-all break-all rounded bg-bg p-2 font-mono text-sm" data-testid="totp-secret">
                {grouped(stage.uri)}
              </code>
            </div>
            <details className="text-xs text-muted">
              <summary className="cursor-pointer">{t("uri")}</summary>
              <code className="mt-1 block select-all break-all rounded bg-bg p-2 font-mono" data-testid="totp-uri">
                {stage.uri}
              </code>
            </details>
            <form onSubmit={(e) => onVerify(e, stage.codes)} noValidate className="flex max-w-xs flex-col gap-2">
              <Field label={t("code")} error={error} announce>
                {(p) => (
                  <input
                    {...p}
                    name="code"
                    required
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    spellCheck={false}
                    className={`${inputClass} font-mono tracking-widest`}
                  />
                )}
              </Field>
              <div className="flex gap-2">
                <Button type="submit" variant="primary" disabled={pending}>
                  {t("verify")}
                </Button>
                <Button onClick={() => setStage({ at: "idle" })}>{t("cancel")}</Button>
              </div>
            </form>
          </div>
        </div>
      ) : null}

      {stage.at === "codes" ? (
        <div className="mt-4">
          <RecoveryCodes
            codes={stage.codes}
            email={email}
            onDone={() => {
              setStage({ at: "idle" });
              onEnabled();
            }}
          />
        </div>
      ) : null}
    </section>
  );
}
