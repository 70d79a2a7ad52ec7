import { getRuntime } from "@/server/app/runtime";
import { authenticateIngest } from "@/server/ingest/tokens";
import { readJson } from "@/server/http/read-body";
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
  const body = await readJson(req, 2 * 1024 * 1024);
  if (!body.ok) return Response.json({ error: body.error }, { status: body.status });
  const parsed = ZLiveStarts.safeParse(body.value);
  if (!parsed.success)
    return Response.json(
      {
        error: parsed.error.issues
          .map((i) => `${i.path.join(".")}: ${i.message}`)
          .slice(0, 5)
          .join("; "),
      },
      { status: 422 },
    );
  return Response.json({ results: await decideLiveStarts(rt.pool, parsed.data.starts) });
}
