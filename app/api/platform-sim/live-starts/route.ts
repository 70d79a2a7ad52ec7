import { getRuntime } from "@/server/runtime";
import { authenticateIngest } from "@/server/ingest/tokens";
import { decideLiveStarts, ZLiveStarts } from "@/server/controls/live-starts";

export const dynamic = "force-dynamic";

/**
 * The simulated platform's "go live" endpoint (demo mode and tests): the attack simulator asks
 * here before a stream starts, and live controls can refuse it. Same bearer tokens as ingest.
 */
export async function POST(req: Request) {
  const rt = getRuntime();
  const sender = await authenticateIngest(rt.pool, req.headers.get("authorization"), rt.env.FLOODWALL_INGEST_TOKEN).catch(() => null);
  if (!sender) return Response.json({ error: "Missing or invalid bearer token" }, { status: 401 });
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: "Body is not valid JSON" }, { status: 400 });
  }
  const parsed = ZLiveStarts.safeParse(body);
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).slice(0, 5).join("; ") }, { status: 422 });
  return Response.json({ results: await decideLiveStarts(rt.pool, parsed.data.starts) });
}
