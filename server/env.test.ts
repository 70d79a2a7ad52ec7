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
});
