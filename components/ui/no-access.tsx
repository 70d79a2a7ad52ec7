"use client";
import { useTranslations } from "use-intl";

export type NoAccessWhat = "clusters" | "incidents" | "tokens" | "controls" | "playbooks" | "rules" | "takedowns" | "wall" | "users" | "writingRules";

export function NoAccess({ what }: { what: NoAccessWhat }) {
  const t = useTranslations("common.noAccess");
  return (
    <div role="alert" className="m-8 max-w-lg rounded border border-line bg-panel p-6">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      {/* i18n-keys: common.noAccess.what.* */}
      <p className="mt-2 text-muted">{t("body", { what: t(`what.${what}`) })}</p>
    </div>
  );
}
