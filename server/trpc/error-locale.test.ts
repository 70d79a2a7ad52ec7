import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import enErrors from "../contracts/i18n/en/errors.json";
import { DomainError } from "../errors";
import { requestLocale } from "../http/request-locale";
import { routeHandler } from "../http/respond";
import type { Context } from "./context";
import { GENERIC_ERROR, publicProcedure, router } from "./init";

// Server-side messages in the caller's language (issue 18), with a stable key for machines.
const testRouter = router({
  keyed: publicProcedure.query(() => {
    throw DomainError.of("CONFLICT", "takedown.notPending", { status: "pending approval", state: "RUNNING" });
  }),
  plain: publicProcedure.query(() => {
    throw new DomainError("CONFLICT", "An English-only message");
  }),
  bug: publicProcedure.query(() => {
    throw new Error("relation does not exist");
  }),
  validated: publicProcedure.input(z.object({ n: z.number().int().min(1), name: z.string().min(1, "a name is required") })).query(() => 1),
});

interface ErrorBody {
  message: string;
  data: { code: string; errorKey: string | null; zodError: { fieldErrors: Record<string, string[]> } | null };
}

async function call(path: string, locale: Context["locale"], input?: unknown) {
  const ctx = { user: null, services: {}, request: { sameOrigin: true, ip: "127.0.0.1", secure: false }, locale } as unknown as Context;
  const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://x/api/trpc/${path}${q}`),
    router: testRouter,
    createContext: () => ctx,
  });
  return { status: res.status, error: ((await res.json()) as { error: { json: ErrorBody } }).error.json };
}

describe("localised tRPC errors", () => {
  it("English: the catalog's text, byte for byte, and the key as errorKey", async () => {
    const r = await call("keyed", "en");
    expect(r.status).toBe(409);
    expect(r.error.message).toBe("This batch is pending approval, not waiting for approval");
    expect(r.error.data.errorKey).toBe("takedown.notPending");
  });

  it("zh-CN: the same error in Chinese, same code and key", async () => {
    const r = await call("keyed", "zh-CN");
    expect(r.status).toBe(409);
    expect(r.error.data.code).toBe("CONFLICT");
    expect(r.error.data.errorKey).toBe("takedown.notPending");
    expect(r.error.message).toBe("该批次当前状态为执行中，不在待审批状态");
  });

  it("an error without a key keeps its message and has no errorKey", async () => {
    const r = await call("plain", "zh-CN");
    expect(r.error.message).toBe("An English-only message");
    expect(r.error.data.errorKey).toBeNull();
  });

  it("a bug answers generically in the caller's language", async () => {
    expect((await call("bug", "en")).error.message).toBe(GENERIC_ERROR);
    const zh = await call("bug", "zh-CN");
    expect(zh.status).toBe(500);
    expect(zh.error.message).toBe("服务器出错，已记录日志，请重试。");
    expect(zh.error.data.errorKey).toBe("generic");
    expect(JSON.stringify(zh.error)).not.toMatch(/relation/);
  });

  it("validation: zod's own zh-CN messages per request; a schema's own message stays", async () => {
    const en = await call("validated", "en", { n: 0, name: "" });
    expect(en.error.data.errorKey).toBe("validation");
    expect(en.error.data.zodError?.fieldErrors.n?.[0]).toMatch(/^Too small/);
    const zh = await call("validated", "zh-CN", { n: 0, name: "" });
    expect(zh.status).toBe(400);
    expect(zh.error.data.errorKey).toBe("validation");
    expect(zh.error.data.zodError?.fieldErrors.n?.[0]).toBe("数值过小：期望 number >=1");
    expect(zh.error.data.zodError?.fieldErrors.name?.[0]).toBe("a name is required");
    expect(zh.error.message).toContain("数值过小");
    // The English caller is unaffected by the Chinese one before it (no global zod config).
    expect((await call("validated", "en", { n: 0, name: "x" })).error.data.zodError?.fieldErrors.n?.[0]).toMatch(/^Too small/);
  });

  it("zod's invalid-type message without the missing input", async () => {
    const zh = await call("validated", "zh-CN", { n: "x", name: "a" });
    expect(zh.error.data.zodError?.fieldErrors.n?.[0]).toBe("无效输入：期望 数字");
  });
});

describe("DomainError.of", () => {
  it("English messages come from the en catalog unchanged (as the services threw them before)", () => {
    expect(DomainError.of("CONFLICT", "takedown.notRunning").message).toBe("Only a running batch can be cancelled");
    expect(DomainError.of("CONFLICT", "rules.nameTaken", { name: "Spam" }).message).toBe('A rule named "Spam" already exists');
    expect(DomainError.of("FORBIDDEN", "auth.stepUp").message).toBe(enErrors.auth.stepUp);
    expect(DomainError.of("BAD_REQUEST", "takedown.filterTooBig", { max: "5000" }).message).toBe("The filter matches more than 5000 rooms; narrow it");
    expect(
      DomainError.of("CONFLICT", "incidents.badTransition", { from: "closed", to: "contained", fromState: "CLOSED", toState: "CONTAINED" }).messageIn("zh-CN"),
    ).toBe("事件不能从“已关闭”变为“已遏制”");
  });
});

describe("requestLocale", () => {
  it("the fw-locale cookie, else Accept-Language", () => {
    expect(requestLocale(new Headers({ cookie: "a=1; fw-locale=zh-CN", "accept-language": "en-US" }))).toBe("zh-CN");
    expect(requestLocale(new Headers({ "accept-language": "zh-Hans-CN,zh;q=0.9" }))).toBe("zh-CN");
    expect(requestLocale(new Headers({ cookie: "fw-locale=fr", "accept-language": "en" }))).toBe("en");
    expect(requestLocale(new Headers())).toBe("en");
  });
});

describe("route handlers (API error bodies)", () => {
  const handler = routeHandler("test", async (_req: Request) => {
    throw DomainError.of("NOT_FOUND", "incidents.notFound");
  });
  it("answer in the caller's language with the code and the key", async () => {
    const en = await handler(new Request("http://x/api/x", { headers: { "accept-language": "en-GB" } }));
    expect(en.status).toBe(404);
    expect(await en.json()).toEqual({ error: "No such incident", code: "NOT_FOUND", errorKey: "incidents.notFound" });
    const zh = await handler(new Request("http://x/api/x", { headers: { cookie: "fw-locale=zh-CN" } }));
    expect(await zh.json()).toEqual({ error: "事件不存在", code: "NOT_FOUND", errorKey: "incidents.notFound" });
  });
});
