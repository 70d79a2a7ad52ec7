"use client";
import { useId } from "react";
import { inputClass } from "@/components/ui/field";
import { POLICY_REASONS } from "@/server/contracts/policy";

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
  const id = useId();
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-xs text-muted">
      <span>Policy reason (required){suggested ? <span className="ml-1 text-muted/80">— suggested from the rooms' labels</span> : null}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} required aria-invalid={!value} disabled={disabled}>
        <option value="" disabled>
          Choose a reason…
        </option>
        {POLICY_REASONS.map((r) => (
          <option key={r} value={r}>
            {r}
            {r === suggested ? " (suggested)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
