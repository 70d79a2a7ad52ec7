"use client";
import * as RD from "@radix-ui/react-dialog";
import { useTranslations } from "use-intl";

/** An accessible modal dialog (focus trap, Escape, labelled title) on Radix. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  wide,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: React.ReactNode;
  wide?: boolean;
}) {
  const t = useTranslations("common");
  return (
    <RD.Root open={open} onOpenChange={onOpenChange}>
      <RD.Portal>
        <RD.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <RD.Content
          className={`fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[92vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-line bg-panel p-5 shadow-2xl ${wide ? "max-w-3xl" : "max-w-lg"}`}
        >
          <RD.Title className="text-base font-semibold">{title}</RD.Title>
          {description ? (
            <RD.Description className="mt-1 text-sm text-muted">{description}</RD.Description>
          ) : (
            <RD.Description className="sr-only">{title}</RD.Description>
          )}
          <div className="mt-4">{children}</div>
          <RD.Close className="absolute right-3 top-3 rounded px-2 py-0.5 text-muted hover:text-ink" aria-label={t("close")}>
            ✕
          </RD.Close>
        </RD.Content>
      </RD.Portal>
    </RD.Root>
  );
}
