"use client";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";

/** The recovery codes, shown once: copy, download as text, then the person says they have them. */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const t = useTranslations("auth.recovery");
  const [copied, setCopied] = useState(false);
  const text = `${t("fileHeader", { email })}\n\n${codes.join("\n")}\n`;

  async function copy() {
    await navigator.clipboard.writeText(text).catch(() => {});
    setCopied(true);
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "floodwall-recovery-codes.txt";
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section aria-labelledby="recovery-h" className="rounded border border-warn/40 bg-warn/5 p-4" data-testid="recovery-codes">
      <h3 id="recovery-h" className="font-semibold">
        {t("title")}
      </h3>
      <p className="mt-1 text-sm text-muted">{t("help", { count: codes.length })}</p>
      <ol className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm" aria-label={t("listLabel")}>
        {codes.map((c) => (
          <li key={c} className="select-all" data-testid="recovery-code">
            {c}
          </li>
        ))}
      </ol>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={copy}>
          {t("copy")}
        </Button>
        <Button size="sm" onClick={download}>
          {t("download")}
        </Button>
        <span role="status" className="text-xs text-ok">
          {copied ? t("copied") : ""}
        </span>
        <Button size="sm" variant="primary" className="ml-auto" onClick={onDone}>
          {t("saved")}
        </Button>
      </div>
    </section>
  );
}
