"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import { useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { HEAVY_PROCEDURES } from "@/server/contracts/heavy";
import { TRPCProvider } from "./trpc";
import { SocketProvider } from "./socket-provider";
import { Toaster } from "sonner";
import { stepUpLink } from "./step-up";
import { StepUpDialog } from "./step-up-dialog";

export function AppProviders({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: 1 },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // Every mutation that needs a recent sign-in re-confirms here, whichever page sent it.
      // Large reads go alone (the server takes one per request); the rest are batched.
      links: [
        stepUpLink,
        splitLink({
          condition: (op) => HEAVY_PROCEDURES.has(op.path),
          true: httpLink({ url: "/api/trpc", transformer: superjson }),
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 10 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SocketProvider>{children}</SocketProvider>
        <StepUpDialog />
        {/* What long actions did, said once and politely (screen readers hear it too). */}
        <Toaster theme="dark" position="bottom-right" richColors closeButton />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
