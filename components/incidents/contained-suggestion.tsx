"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";

/**
 * When the flag rate is back near its baseline and no ring is growing, the commander is offered
 * one click to mark the incident contained (which sets the time to contain).
 */
export function ContainedSuggestion({ id }: { id: string }) {
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
      <span>
        Looks contained: flags at {Math.round(c.rate).toLocaleString("en-US")}/s against a baseline of {Math.round(c.baseline).toLocaleString("en-US")}/s, and
        no ring is growing.
      </span>
      <Button
        size="sm"
        className="ml-auto"
        disabled={mark.isPending}
        onClick={() => mark.mutate({ id, status: "CONTAINED", note: "Flag rate back near baseline, no ring growing" })}
      >
        Mark contained
      </Button>
    </div>
  );
}
