import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import type { Context } from "./context";
import { GENERIC_ERROR, publicProcedure, router } from "./init";

// The one error mapping of the tRPC seam, over HTTP as the browser sees it: a DomainError
// carries its code and message; anything else is answered generically.
const testRouter = router({
  refused: publicProcedure.query(() => {
    throw new DomainError("CONFLICT", "Only a running batch can be cancelled");
  }),
  bug: publicProcedure.query(() => {
    throw new Error('duplicate key value violates unique constraint "incident_status_updates_pkey"');
  }),
});

async function call(path: string) {
  const ctx = { user: null, services: {}, request: { sameOrigin: true, ip: "127.0.0.1" } } as unknown as Context;
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req: new Request(`http://x/api/trpc/${path}`), router: testRouter, createContext: () => ctx });
  return { status: res.status, error: ((await res.json()) as { error: { json: { message: string; data: { code: string } } } }).error.json };
}

describe("tRPC error mapping", () => {
  it("a DomainError becomes its status, code and message", async () => {
    const r = await call("refused");
    expect(r.status).toBe(409);
    expect(r.error.data.code).toBe("CONFLICT");
    expect(r.error.message).toBe("Only a running batch can be cancelled");
  });

  it("any other error is a 500 with a generic message: no SQL, no constraint names", async () => {
    const r = await call("bug");
    expect(r.status).toBe(500);
    expect(r.error.message).toBe(GENERIC_ERROR);
    expect(JSON.stringify(r.error)).not.toMatch(/constraint|pkey|duplicate/);
  });
});
