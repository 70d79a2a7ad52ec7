import { describe, expect, it } from "vitest";
import { clientIp, requestIdFrom, requestKind } from "./request-context";

describe("request ids", () => {
  it("keeps a sane incoming id (a balancer's, a caller's trace id)", () => {
    for (const id of ["abc", "7f3a9c1e-41b2-4c55-9d1e-0b1d2c3e4f50", "lb.1:2_3-4", "A".repeat(128)]) expect(requestIdFrom(id)).toBe(id);
    expect(requestIdFrom(["first-id", "second-id"])).toBe("first-id");
  });

  it("replaces anything else with a new UUID", () => {
    for (const id of [undefined, "", "has space", "a\u0000b", "-leading-dash", "<script>", "A".repeat(129), "é"]) {
      const made = requestIdFrom(id);
      expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(made).not.toBe(id);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});

describe("the client's address", () => {
  const proxies = new Set(["127.0.0.1", "10.0.0.2"]);

  it("is the socket's peer unless the peer is a trusted proxy", () => {
    expect(clientIp("203.0.113.5", "198.51.100.1", proxies)).toBe("203.0.113.5");
    expect(clientIp("::ffff:203.0.113.5", undefined, proxies)).toBe("203.0.113.5");
    expect(clientIp("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
    expect(clientIp("127.0.0.1", "198.51.100.1", new Set())).toBe("127.0.0.1");
  });

  it("from a trusted proxy: the last hop in X-Forwarded-For that is not itself a trusted proxy", () => {
    expect(clientIp("127.0.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1");
    expect(clientIp("::ffff:127.0.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // A client cannot choose its address by sending the header itself: the proxy appends the real one.
    expect(clientIp("127.0.0.1", "1.2.3.4, 198.51.100.1", proxies)).toBe("198.51.100.1");
    expect(clientIp("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2", proxies)).toBe("198.51.100.1");
    expect(clientIp("127.0.0.1", ["1.2.3.4", "198.51.100.7"], proxies)).toBe("198.51.100.7");
    expect(clientIp("127.0.0.1", "10.0.0.2", proxies)).toBe("10.0.0.2");
  });
});

describe("request kinds", () => {
  it("names what each path is, for the access log and the request counter", () => {
    expect(requestKind("/socket.io/")).toBe("socket.io");
    expect(requestKind("/_next/static/chunks/a.js")).toBe("static");
    expect(requestKind("/favicon.svg")).toBe("static");
    expect(requestKind("/api/health")).toBe("health");
    expect(requestKind("/api/health/ready")).toBe("health");
    expect(requestKind("/metrics")).toBe("metrics");
    expect(requestKind("/api/ingest/flags")).toBe("ingest");
    expect(requestKind("/api/trpc/wall.snapshot")).toBe("trpc");
    expect(requestKind("/api/auth/sign-in/email")).toBe("auth");
    expect(requestKind("/api/takedowns/x/csv")).toBe("api");
    expect(requestKind("/wall")).toBe("page");
  });
});
