import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to demo mode on port 3000", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.demoMode).toBe(true);
  });

  it("uses an external database when DATABASE_URL is set, with no default ingest token", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/fw" });
    expect(env.demoMode).toBe(false);
    expect(env.FLOODWALL_INGEST_TOKEN).toBeUndefined();
  });

  it("demo mode accepts the demo ingest token unless one is given", () => {
    expect(parseEnv({}).FLOODWALL_INGEST_TOKEN).toBe("demo-ingest-token");
    expect(parseEnv({ FLOODWALL_INGEST_TOKEN: "my-own-token-123" }).FLOODWALL_INGEST_TOKEN).toBe("my-own-token-123");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" }).demoMode).toBe(true);
  });

  it("names every bad variable", () => {
    try {
      parseEnv({ PORT: "abc", DATABASE_URL: "mysql://x", SESSION_SECRET: "short" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const msg = (e as Error).message;
      expect(msg).toContain("PORT");
      expect(msg).toContain("DATABASE_URL");
      expect(msg).toContain("SESSION_SECRET");
    }
  });

  it("reads the observability and balancer settings", () => {
    const env = parseEnv({ METRICS_TOKEN: "a-long-metrics-token", TRUSTED_PROXIES: "127.0.0.1, ::1,10.0.0.2", WORKER_PORT: "3009", LOG_LEVEL: "warn" });
    expect(env.METRICS_TOKEN).toBe("a-long-metrics-token");
    expect(env.TRUSTED_PROXIES).toEqual(["127.0.0.1", "::1", "10.0.0.2"]);
    expect(env.WORKER_PORT).toBe(3009);
    expect(env.LOG_LEVEL).toBe("warn");
    const defaults = parseEnv({});
    expect(defaults.TRUSTED_PROXIES).toEqual([]);
    expect(defaults.WORKER_PORT).toBeUndefined();
    expect(defaults.METRICS_TOKEN).toBeUndefined();
    expect(defaults.LOG_LEVEL).toBe("info");
  });

  it("refuses a short metrics token, a proxy that is not an address and a bad worker port, naming each", () => {
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => parseEnv({ TRUSTED_PROXIES: "127.0.0.1,haproxy.local" })).toThrow(/TRUSTED_PROXIES.*IP addresses/);
    expect(() => parseEnv({ WORKER_PORT: "70000" })).toThrow(/WORKER_PORT/);
    expect(() => parseEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });
});
