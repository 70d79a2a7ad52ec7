"use client";
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "@/server/trpc/root";

/**
 * Step-up, once for every page: when a mutation is refused because the session's sign-in is too
 * old (error reason STEP_UP_REQUIRED), the link below holds the caller's promise, asks the
 * re-confirm dialog (StepUpDialog) and, if the person re-confirms, sends the same call once more.
 * The page that asked sees either the result or the original refusal: no dialog has to know.
 */
type Listener = () => void;
let pending: { promise: Promise<boolean>; resolve: (ok: boolean) => void } | null = null;
const listeners = new Set<Listener>();
const emit = () => {
  for (const l of listeners) l();
};

export const stepUpStore = {
  subscribe(l: Listener) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** Whether the dialog should be open. */
  open: () => pending !== null,
  /** The dialog's answer: true once re-confirmed, false when the person cancels. */
  settle(ok: boolean) {
    const p = pending;
    pending = null;
    p?.resolve(ok);
    emit();
  },
};

/** Opens the dialog (or joins the one already open) and resolves with whether the person re-confirmed. */
export function requestStepUp(): Promise<boolean> {
  if (!pending) {
    let resolve!: (ok: boolean) => void;
    const promise = new Promise<boolean>((r) => {
      resolve = r;
    });
    pending = { promise, resolve };
    emit();
  }
  return pending.promise;
}

export function isStepUpRequired(e: unknown): boolean {
  return e instanceof TRPCClientError && (e.data as { reason?: unknown } | undefined)?.reason === "STEP_UP_REQUIRED";
}

/** The tRPC link: a mutation refused for step-up waits for the dialog, then is retried once. */
export const stepUpLink: TRPCLink<AppRouter> = () => {
  return ({ op, next }) =>
    observable((observer) => {
      let sub = next(op).subscribe({
        next: (v) => observer.next(v),
        complete: () => observer.complete(),
        error(err) {
          if (op.type !== "mutation" || op.path === "me.reconfirm" || !isStepUpRequired(err)) return observer.error(err);
          requestStepUp().then((ok) => {
            if (!ok) return observer.error(err);
            sub = next(op).subscribe({ next: (v) => observer.next(v), error: (e) => observer.error(e), complete: () => observer.complete() });
          });
        },
      });
      return () => sub.unsubscribe();
    });
};
