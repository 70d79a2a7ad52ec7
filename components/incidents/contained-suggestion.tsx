"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

/**
 * When the flag rate is back near its baseline and no ring is growing, the commander is offered
 * one click to mark the incident contained (which sets the time to contain).
 */
export function ContainedSuggestion({ id }: { id: string }) {
  const t = useTranslations("incidents.contained");
  const f = useFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const check = useQuery({ ...trpc.incidents.containment.queryOptions({ id }), refetchInterval: 10_000 });
  const mark = useMutation(
    trpc.incidents.setStatus.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries(trpc.incidents.get.queryFilter({ id }));
        void qc.invalidateQueries(trpc.incidents.containment.queryFilter({ id }));
      },
    }),
  );
  const c = check.data;
  if (!c?.suggest) return null;
  return (
    <div
      role="status"
      className="no-print flex flex-wrap items-center gap-3 rounded border border-ok/50 bg-ok/10 px-3 py-2 text-sm"
      data-testid="contained-suggestion"
    >
      <span>{t("looks", { rate: f.int(c.rate), baseline: f.int(c.baseline) })}</span>
      <Button
        size="sm"
        className="ml-auto"
        disabled={mark.isPending}
        onClick={() => mark.mutate({ id, status: "CONTAINED", note: "Flag rate back near baseline, no ring growing" })}
      >
        {t("mark")}
      </Button>
    </div>
  );
}
