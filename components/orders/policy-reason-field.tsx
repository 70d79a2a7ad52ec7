"use client";
import { useId } from "react";
import { useTranslations } from "use-intl";
import { inputClass } from "@/components/ui/field";
import { POLICY_REASONS, type PolicyReason } from "@/server/contracts/policy";

/** Each reason's catalog key: the value sent and recorded stays the English reason (the audit record). */
const REASON_KEY: Record<PolicyReason, string> = {
  "Sexual content": "sexual",
  "Child safety": "child",
  "Violence or gore": "violence",
  "Illegal gambling": "gambling",
  "Fraud or scam": "fraud",
  Hate: "hate",
  "Coordinated inauthentic behaviour (bot ring)": "ring",
  Spam: "spam",
};

/**
 * The policy reason, required: preselected only when the selection's labels suggest one (a ring
 * is coordinated inauthentic behaviour); otherwise the person must choose. Never a silent default.
 */
export function PolicyReasonField({
  value,
  onChange,
  suggested,
  disabled,
}: {
  value: string;
  onChange: (v: string) => void;
  suggested: string | null;
  disabled?: boolean;
}) {
  const t = useTranslations("orders.reason");
  // i18n-keys: orders.reason.reasons.*
  const id = useId();
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-xs text-muted">
      <span>
        {t("label")}
        {suggested ? <span className="ml-1 text-muted/80">{t("suggestedHint")}</span> : null}
      </span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} required aria-invalid={!value} disabled={disabled}>
        <option value="" disabled>
          {t("choose")}
        </option>
        {POLICY_REASONS.map((r) => (
          <option key={r} value={r}>
            {r === suggested ? t("suggested", { reason: t(`reasons.${REASON_KEY[r]}`) }) : t(`reasons.${REASON_KEY[r]}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
