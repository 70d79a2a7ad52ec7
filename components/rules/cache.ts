import type { QueryClient } from "@tanstack/react-query";
import type { useTRPC } from "@/components/providers/trpc";

/** After a change to rules: everything about them is fetched again, except backtests (a lead's own question, re-run only on request). */
export function invalidateRules(qc: QueryClient, trpc: ReturnType<typeof useTRPC>) {
  for (const f of [trpc.rules.list, trpc.rules.get, trpc.rules.hits, trpc.rules.rate, trpc.rules.history]) void qc.invalidateQueries(f.pathFilter());
}
