"use client";
import { useState } from "react";
import { authClient } from "@/components/providers/auth-client";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const { error } = await authClient.signIn.email({
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (error) {
      setPending(false);
      setError(error.status === 429 ? "Too many attempts. Wait a minute and try again." : "Wrong email or password, or the account is deactivated.");
      return;
    }
    window.location.assign("/");
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      <Field label="Email">
        {(p) => (
          // biome-ignore lint/a11y/noAutofocus: the sign-in page has one task, so the email field takes focus on arrival (nothing above it is skipped).
          <input {...p} name="email" type="email" autoComplete="username" required autoFocus className={inputClass} />
        )}
      </Field>
      <Field label="Password" error={error}>
        {(p) => <input {...p} name="password" type="password" autoComplete="current-password" required className={inputClass} />}
      </Field>
      <Button type="submit" variant="primary" disabled={pending} className="mt-2 justify-center">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
