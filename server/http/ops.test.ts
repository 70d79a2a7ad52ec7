import { describe, expect, it } from "vitest";
import { isLoopback, metricsAccess } from "./ops";

describe("who may read /metrics", () => {
  const TOKEN = "a-metrics-token-0123456789";

  it("without a token: this machine only, and never through a proxy", () => {
    for (const remoteAddress of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) {
      expect(metricsAccess({ remoteAddress, forwarded: false })).toEqual({ ok: true });
      expect(metricsAccess({ remoteAddress, forwarded: true })).toMatchObject({ ok: false, status: 403 });
    }
    for (const remoteAddress of ["10.0.0.5", "::ffff:10.0.0.5", "2001:db8::1", "128.0.0.1", undefined]) {
      expect(metricsAccess({ remoteAddress, forwarded: false })).toMatchObject({ ok: false, status: 403 });
    }
  });

  it("with a token: exactly that Bearer token, from anywhere, loopback included", () => {
    expect(metricsAccess({ token: TOKEN, authorization: `Bearer ${TOKEN}`, remoteAddress: "10.0.0.5", forwarded: true })).toEqual({ ok: true });
    expect(metricsAccess({ token: TOKEN, authorization: `bearer ${TOKEN}`, remoteAddress: "10.0.0.5", forwarded: false })).toEqual({ ok: true });
    for (const authorization of [undefined, "", TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`]) {
      expect(metricsAccess({ token: TOKEN, authorization, remoteAddress: "127.0.0.1", forwarded: false })).toMatchObject({ ok: false, status: 401 });
    }
  });

  it("knows loopback addresses", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.2")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("127.0.0.1.example")).toBe(false);
    expect(isLoopback("::ffff:192.168.1.1")).toBe(false);
  });
});
