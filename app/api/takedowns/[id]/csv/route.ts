import { getRuntime } from "@/server/app/runtime";
import { getSessionUser } from "@/server/auth/session";
import { can } from "@/server/contracts/roles";
import { batchCsv } from "@/server/takedown/batch-queries";

export const dynamic = "force-dynamic";

/** CSV export of a batch's actions, for people who may read batches. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const rt = getRuntime();
  const user = await getSessionUser(rt.auth, req.headers);
  if (!user) return Response.json({ error: "Sign in first" }, { status: 401 });
  if (!can(user.role, "takedown:read")) return Response.json({ error: "Forbidden" }, { status: 403 });
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Response.json({ error: "Bad batch id" }, { status: 400 });
  const exists = await rt.db.takedownBatch.findUnique({ where: { id }, select: { id: true } });
  if (!exists) return Response.json({ error: "No such batch" }, { status: 404 });
  const gen = batchCsv(rt.pool, id);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await gen.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="takedown-${id}.csv"`, "cache-control": "no-store" },
  });
}
