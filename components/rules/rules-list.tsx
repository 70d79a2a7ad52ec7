"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useHotkeys } from "react-hotkeys-hook";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { invalidateRules } from "./cache";
import { Button } from "@/components/ui/button";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";
import { ModeBadge } from "./rule-page";

/** Every rule with its mode and last hour; export and import as JSON for git. */
export function RulesList({ canManage }: { canManage: boolean }) {
  const t = useTranslations("rules");
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const rules = useQuery(trpc.rules.list.queryOptions());
  const file = useRef<HTMLInputElement>(null);
  useHotkeys("n", () => canManage && router.push("/rules/new"), [canManage]);
  const importRules = useMutation(
    trpc.rules.import.mutationOptions({
      onSuccess: (r) => {
        invalidateRules(qc, trpc);
        toast.success(t("list.imported", { created: r.created, updated: r.updated, unchanged: r.unchanged }));
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  async function exportFile() {
    try {
      const data = await qc.fetchQuery(trpc.rules.export.queryOptions());
      const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "floodwall-rules.json";
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      toast.error((e as Error).message);
    }
  }
  async function readFile(file: File) {
    if (file.size > 1_000_000) return toast.error(t("list.tooBig"));
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      return toast.error(t("list.notJson"));
    }
    importRules.mutate({ file: parsed });
  }

  const list = rules.data ?? [];
  return (
    <div className="flex flex-col gap-3 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted">{t("intro")}</p>
        {canManage ? (
          <div className="ml-auto flex gap-2">
            <Button size="sm" onClick={exportFile}>
              {t("list.export")}
            </Button>
            <Button size="sm" onClick={() => file.current?.click()} disabled={importRules.isPending}>
              {t("list.import")}
            </Button>
            <input
              ref={file}
              type="file"
              accept="application/json,.json"
              className="hidden"
              aria-label={t("list.fileLabel")}
              onChange={(e) => {
                const picked = e.target.files?.[0];
                e.target.value = "";
                if (picked) void readFile(picked);
              }}
            />
            <Link
              href="/rules/new"
              className="inline-flex items-center rounded border border-transparent bg-accent px-2 py-1 text-xs font-medium text-bg hover:bg-accent/90"
            >
              {t("newRule")} <kbd className="ml-1 opacity-70">n</kbd>
            </Link>
          </div>
        ) : null}
      </div>
      {rules.isLoading ? <p className="text-sm text-muted">{t("list.loading")}</p> : null}
      {rules.data && list.length === 0 ? <p className="text-sm text-muted">{t("list.none")}</p> : null}
      {list.length ? (
        <table className="w-full text-left text-sm" data-testid="rules-table">
          <caption className="sr-only">{t("title")}</caption>
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 font-medium">{t("list.colRule")}</th>
              <th className="font-medium">{t("list.colMode")}</th>
              <th className="font-medium">{t("list.colAction")}</th>
              <th className="px-2 text-right font-medium">{t("list.colHits")}</th>
              <th className="px-2 text-right font-medium">{t("list.colActed")}</th>
              <th className="px-2 text-right font-medium">{t("list.colLastHit")}</th>
              <th className="px-2 text-right font-medium">{t("list.colVersion")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id} className="border-t border-line" data-testid="rule-row" data-rule-name={r.name}>
                <td className="py-1.5">
                  <Link href={`/rules/${r.id}`} className="font-medium text-accent hover:underline">
                    {r.name}
                  </Link>
                  {r.description ? <p className="line-clamp-1 text-xs text-muted">{r.description}</p> : null}
                </td>
                <td>
                  <ModeBadge r={r} />
                </td>
                {/* i18n-keys: rules.action.* */}
                <td className="text-xs">{t(`action.${r.action.kind}`)}</td>
                <td className="tabular px-2 text-right">{f.int(r.stats.hitsHour)}</td>
                <td className="tabular px-2 text-right">{f.int(r.stats.actedHour)}</td>
                <td className="tabular px-2 text-right text-xs">{r.stats.lastHitAt ? f.time(r.stats.lastHitAt) : "—"}</td>
                <td className="tabular px-2 text-right text-xs">{t("list.version", { version: r.version })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
