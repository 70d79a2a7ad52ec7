"use client";
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { authClient, startSso } from "@/components/providers/auth-client";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

type AuthError = { status: number; code?: string } | null | undefined;

/** What went wrong, in words a person in a hurry can act on (key in auth.signIn.errors). */
function errorKey(e: AuthError, step: "password" | "totp" | "recovery") {
  if (!e) return "generic";
  if (e.code === "TOO_MANY_ATTEMPTS") return "accountLocked";
  if (e.code === "ACCOUNT_TEMPORARILY_LOCKED") return "codeLocked";
  if (e.code === "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE" || e.code === "INVALID_TWO_FACTOR_COOKIE") return "challengeOver";
  if (e.status === 429) return "rateLimited";
  // A deactivated account answers like a wrong password: the form does not tell a guesser which.
  if (step === "password") return "wrongPassword";
  return step === "totp" ? "wrongCode" : "wrongRecovery";
}

/**
 * Sign-in: the identity provider's button when single sign-on is configured, the password form
 * unless local passwords are off, then — for accounts with an authenticator app — a code step
 * (or a recovery code) on the same page.
 */
export function SignInForm({ passwords, sso }: { passwords: boolean; sso: { id: string; name: string } | null }) {
  const t = useTranslations("auth.signIn");
  // i18n-keys: auth.signIn.errors.*
  const [step, setStep] = useState<"password" | "totp" | "recovery">("password");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  const done = () => window.location.assign("/");
  const fail = (e: AuthError, at: typeof step) => {
    const key = errorKey(e, at);
    setPending(false);
    setError(t(`errors.${key}`));
    if (key === "challengeOver") setStep("password");
  };

  async function onPassword(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const { data, error } = await authClient.signIn.email({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
    if (error) return fail(error, "password");
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
      setPending(false);
      setStep("totp");
      return;
    }
    done();
  }

  async function onCode(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    setPending(true);
    setError(null);
    const { error } = step === "totp" ? await authClient.twoFactor.verifyTotp({ code }) : await authClient.twoFactor.verifyBackupCode({ code });
    if (error) {
      fail(error, step);
      codeRef.current?.select();
      return;
    }
    done();
  }

  async function onSso() {
    if (!sso) return;
    setPending(true);
    setError(null);
    const r = await startSso(sso.id, "/");
    if (!r.ok) fail({ status: r.status }, "password");
  }

  if (step !== "password") {
    const totp = step === "totp";
    return (
      <form onSubmit={onCode} className="flex flex-col gap-3" noValidate aria-labelledby="code-step-h">
        <h2 id="code-step-h" className="text-sm font-semibold">
          {totp ? t("codeTitle") : t("recoveryTitle")}
        </h2>
        <p className="text-sm text-muted">{totp ? t("codeHelp") : t("recoveryHelp")}</p>
        <Field label={totp ? t("code") : t("recoveryCode")} error={error} announce>
          {(p) => (
            <input
              {...p}
              key={step}
              ref={codeRef}
              name="code"
              // biome-ignore lint/a11y/noAutofocus: the code step replaces the password form; focus goes to its one field.
              autoFocus
              required
              autoComplete={totp ? "one-time-code" : "off"}
              inputMode={totp ? "numeric" : "text"}
              pattern={totp ? "[0-9]{6}" : undefined}
              maxLength={totp ? 6 : 32}
              spellCheck={false}
              className={`${inputClass} font-mono tracking-widest`}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" disabled={pending} className="mt-1 justify-center">
          {pending ? t("verifying") : t("verify")}
        </Button>
        <div className="flex justify-between text-xs">
          <button
            type="button"
            className="text-accent underline-offset-2 hover:underline"
            onClick={() => {
              setError(null);
              setStep(totp ? "recovery" : "totp");
            }}
          >
            {totp ? t("useRecovery") : t("useApp")}
          </button>
          <button
            type="button"
            className="text-muted underline-offset-2 hover:underline"
            onClick={() => {
              setError(null);
              setStep("password");
            }}
          >
            {t("startOver")}
          </button>
        </div>
      </form>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {sso ? (
        <Button type="button" variant={passwords ? "secondary" : "primary"} disabled={pending} onClick={onSso} className="justify-center">
          {t("withSso", { name: sso.name })}
        </Button>
      ) : null}
      {sso && passwords ? (
        <p className="flex items-center gap-2 text-xs text-muted">
          <span aria-hidden="true" className="h-px flex-1 bg-line" />
          {t("or")}
          <span aria-hidden="true" className="h-px flex-1 bg-line" />
        </p>
      ) : null}
      {passwords ? (
        <form onSubmit={onPassword} className="flex flex-col gap-3" noValidate>
          <Field label={t("email")}>
            {(p) => (
              // biome-ignore lint/a11y/noAutofocus: the sign-in page has one task, so the email field takes focus on arrival (nothing above it is skipped).
              <input {...p} name="email" type="email" autoComplete="username" required autoFocus={!sso} className={inputClass} />
            )}
          </Field>
          <Field label={t("password")} error={error} announce>
            {(p) => <input {...p} name="password" type="password" autoComplete="current-password" required className={inputClass} />}
          </Field>
          <Button type="submit" variant="primary" disabled={pending} className="mt-2 justify-center">
            {pending ? t("signingIn") : t("submit")}
          </Button>
        </form>
      ) : error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      {!passwords && !sso ? <p className="text-sm text-warn">{t("noWay")}</p> : null}
    </div>
  );
}
