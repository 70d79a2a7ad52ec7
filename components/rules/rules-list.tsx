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
import { ACTION_LABEL } from "@/server/contracts/rules";
import { fmtInt, fmtTime } from "@/components/ui/format";
import { ModeBadge } from "./rule-page";

/** Every rule with its mode and last hour; export and import as JSON for git. */
export function RulesList({ canManage }: { canManage: boolean }) {
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
        toast.success(`Imported: ${r.created} new (off), ${r.updated} changed, ${r.unchanged} unchanged.`);
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
  async function readFile(f: File) {
    if (f.size > 1_000_000) return toast.error("That file is over 1 MB: not a rules export.");
    let parsed: unknown;
    try {
      parsed = JSON.parse(await f.text());
    } catch {
      return toast.error("That file is not JSON.");
    }
    importRules.mutate({ file: parsed });
  }

  const list = rules.data ?? [];
  return (
    <div className="flex flex-col gap-3 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">Response rules</h1>
        <p className="text-sm text-muted">
          Judged on every flag as it arrives. Off → shadow (records) → enforce (acts; a second shift lead approves takedowns).
        </p>
        {canManage ? (
          <div className="ml-auto flex gap-2">
            <Button size="sm" onClick={exportFile}>
              Export JSON
            </Button>
            <Button size="sm" onClick={() => file.current?.click()} disabled={importRules.isPending}>
              Import JSON…
            </Button>
            <input
              ref={file}
              type="file"
              accept="application/json,.json"
              className="hidden"
              aria-label="Rules file to import"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = "";
                if (f) void readFile(f);
              }}
            />
            <Link
              href="/rules/new"
              className="inline-flex items-center rounded border border-transparent bg-accent px-2 py-1 text-xs font-medium text-bg hover:bg-accent/90"
            >
              New rule <kbd className="ml-1 opacity-70">n</kbd>
            </Link>
          </div>
        ) : null}
      </div>
      {rules.isLoading ? <p className="text-sm text-muted">Loading rules…</p> : null}
      {rules.data && list.length === 0 ? <p className="text-sm text-muted">No rules yet.</p> : null}
      {list.length ? (
        <table className="w-full text-left text-sm" data-testid="rules-table">
          <caption className="sr-only">Response rules</caption>
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 font-medium">Rule</th>
              <th className="font-medium">Mode</th>
              <th className="font-medium">Action</th>
              <th className="px-2 text-right font-medium">Hits, last hour</th>
              <th className="px-2 text-right font-medium">Acted</th>
              <th className="px-2 text-right font-medium">Last hit (UTC)</th>
              <th className="px-2 text-right font-medium">Version</th>
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
                <td className="text-xs">{ACTION_LABEL[r.action.kind]}</td>
                <td className="tabular px-2 text-right">{fmtInt(r.stats.hitsHour)}</td>
                <td className="tabular px-2 text-right">{fmtInt(r.stats.actedHour)}</td>
                <td className="tabular px-2 text-right text-xs">{r.stats.lastHitAt ? fmtTime(r.stats.lastHitAt) : "—"}</td>
                <td className="tabular px-2 text-right text-xs">v{r.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
