import { getRuntime } from "@/server/app/runtime";
import { throttledSignIn } from "@/server/auth/signin-throttle";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  const rt = getRuntime();
  const handle = (r: Request) => rt.auth.handler(r);
  if (req.method === "POST" && new URL(req.url).pathname.endsWith("/sign-in/email")) return throttledSignIn(rt.pool, req, handle);
  return handle(req);
}

export { handler as GET, handler as POST };
