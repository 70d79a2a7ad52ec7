import { useId } from "react";

/** A labelled form control with an optional error message wired to aria-describedby. */
export function Field({
  label,
  error,
  announce,
  children,
}: {
  label: string;
  error?: string | null;
  /** Say the error out loud when it appears (role="alert"): for errors that come back from the server, not while typing. */
  announce?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted">
        {label}
      </label>
      {children({ id, "aria-invalid": !!error, "aria-describedby": error ? errorId : undefined })}
      {error ? (
        <p id={errorId} role={announce ? "alert" : undefined} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass = "rounded border border-line bg-bg px-2 py-1.5 text-sm text-ink placeholder:text-muted/70 aria-[invalid=true]:border-danger";
