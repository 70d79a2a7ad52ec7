import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return getRuntime().auth.handler(req);
}

export { handler as GET, handler as POST };
