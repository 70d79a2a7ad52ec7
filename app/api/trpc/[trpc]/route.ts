import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/root";
import { createContext } from "@/server/trpc/context";
import { reportBug } from "@/server/http/respond";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // The browser's batch link sends at most 10 (components/providers/app-providers.tsx).
    maxBatchSize: 10,
    createContext: ({ resHeaders }) => createContext({ req, resHeaders }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") reportBug(`trpc ${path}`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
