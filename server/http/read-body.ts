/**
 * Reads at most `limit` bytes of a request body; null when it is (or declares itself) larger.
 * The one way route handlers read bodies: nothing buffers an unbounded body.
 */
export async function readBody(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/** Reads a bounded body as strict UTF-8 JSON. */
export async function readJson(req: Request, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string }> {
  const body = await readBody(req, limit);
  if (!body) return { ok: false, status: 413, error: `Body larger than ${limit} bytes` };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) };
  } catch {
    return { ok: false, status: 400, error: "Body is not valid UTF-8 JSON" };
  }
}
