"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "use-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useFormat } from "@/components/ui/format";

const METHODS = new Set(["password", "password+totp", "password+recovery-code", "sso"]);

/**
 * The access review an auditor asks for after an incident: who holds which role, how they sign
 * in, their second factor, their last sign-in and their privileged actions over the last 30 days,
 * with the CSV exports (one line per person, or every privileged action).
 */
export function AccessReview() {
  const t = useTranslations("admin.review");
  const tr = useTranslations("shell.roles");
  const ta = useTranslations("auth.account.method");
  // i18n-keys: auth.account.method.*
  // i18n-keys: admin.review.twoFactor.*
  const f = useFormat();
  const trpc = useTRPC();
  const review = useQuery(trpc.users.accessReview.queryOptions());
  const d = review.data;

  return (
    <div className="mx-auto w-full max-w-7xl p-6">
      <div className="flex flex-wrap items-start gap-3">
        <div>
          <h1 className="text-lg font-semibold">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-muted">{t("intro")}</p>
        </div>
        <div className="ml-auto flex gap-2">
          <a
            href="/api/admin/access-review?view=people"
            download
            className="rounded border border-line bg-panel-2 px-3 py-1.5 text-sm font-medium hover:bg-line"
            data-testid="export-people"
          >
            {t("exportPeople")}
          </a>
          <a
            href="/api/admin/access-review?view=actions"
            download
            className="rounded border border-line bg-panel-2 px-3 py-1.5 text-sm font-medium hover:bg-line"
          >
            {t("exportActions")}
          </a>
        </div>
      </div>
      {d ? (
        <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-1 rounded border border-line bg-panel p-3 text-xs md:grid-cols-4" data-testid="review-policy">
          <div>
            <dt className="text-muted">{t("policy.passwords")}</dt>
            <dd>{d.policy.localPasswords ? t("policy.on") : t("policy.off")}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("policy.sso")}</dt>
            <dd className="untrusted">{d.policy.sso ?? t("policy.none")}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("policy.twoFactorRoles")}</dt>
            <dd>{d.policy.twoFactorRoles.length ? d.policy.twoFactorRoles.map((r) => tr(r)).join(", ") : t("policy.none")}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("policy.stepUp")}</dt>
            <dd>{t("policy.minutes", { n: d.policy.stepUpMinutes })}</dd>
          </div>
        </dl>
      ) : null}
      {review.isError ? (
        <div role="alert" className="mt-4 flex items-center gap-3 text-sm text-danger">
          {t("loadFailed")}
          <Button size="sm" onClick={() => review.refetch()}>
            {t("retry")}
          </Button>
        </div>
      ) : null}
      <table className="mt-4 w-full border-collapse text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("col.person")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("col.role")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("col.signIn")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("col.lastSignIn")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("col.twoFactor")}
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              {t("col.actions30")}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t("col.what")}
            </th>
          </tr>
        </thead>
        <tbody>
          {d?.rows.map((r) => (
            <tr key={r.id} className="border-b border-line/60 align-top" data-testid={`review-row-${r.email}`}>
              <td className="py-2 pr-3">
                <div className="untrusted">{r.name}</div>
                <div className="untrusted text-xs text-muted">{r.email}</div>
                {r.deactivatedAt ? <Badge tone="danger">{t("deactivated")}</Badge> : null}
              </td>
              <td className="py-2 pr-3">{r.role ? tr(r.role) : <Badge tone="warn">{t("noRole")}</Badge>}</td>
              <td className="py-2 pr-3 text-xs">
                {[r.signIn.password ? t("ways.password") : null, r.signIn.sso ? t("ways.sso") : null].filter(Boolean).join(" · ") || t("ways.none")}
              </td>
              <td className="py-2 pr-3 text-xs">
                {r.lastSignInAt ? (
                  <>
                    <div>{f.dateTime(r.lastSignInAt.getTime())}</div>
                    <div className="text-muted">{ta(r.lastSignInMethod && METHODS.has(r.lastSignInMethod) ? r.lastSignInMethod : "unknown")}</div>
                  </>
                ) : (
                  <span className="text-muted">{t("never")}</span>
                )}
              </td>
              <td className="py-2 pr-3">
                <Badge tone={r.twoFactor === "on" ? "ok" : r.twoFactor === "missing" ? "warn" : "neutral"}>{t(`twoFactor.${r.twoFactor}`)}</Badge>
              </td>
              <td className="tabular py-2 pr-3 text-right">
                <div>{f.int(r.privileged.total)}</div>
                {r.privileged.lastAt ? <div className="text-xs text-muted">{t("lastAction", { at: f.dateTime(r.privileged.lastAt.getTime()) })}</div> : null}
              </td>
              <td className="py-2 font-mono text-xs text-muted">
                {r.privileged.byAction
                  .slice(0, 6)
                  .map((a) => `${a.action} ×${f.int(a.count)}`)
                  .join(", ")}
                {r.privileged.byAction.length > 6 ? ` ${t("more", { n: r.privileged.byAction.length - 6 })}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {review.isPending ? <p className="mt-3 text-sm text-muted">{t("loading")}</p> : null}
      {d ? (
        <p className="mt-3 text-xs text-muted">{t("generated", { at: f.dateTime(d.generatedAt.getTime()), since: f.dateTime(d.since.getTime()) })}</p>
      ) : null}
    </div>
  );
}
