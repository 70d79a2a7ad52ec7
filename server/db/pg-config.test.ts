import { describe, expect, it } from "vitest";
import { pgConfigFromUrl, pgConfigToUrl } from "./pg-config";

describe("pgConfigFromUrl", () => {
  it("reads every part and decodes credentials", () => {
    const c = pgConfigFromUrl("postgresql://fw%40ops:p%3Ass@db.internal:6543/flood?sslmode=require");
    expect(c).toMatchObject({ host: "db.internal", port: 6543, user: "fw@ops", password: "p:ss", database: "flood" });
    expect(c.ssl).toEqual({ rejectUnauthorized: false });
  });
  it("round-trips through pgConfigToUrl", () => {
    const c = pgConfigFromUrl("postgres://a:b@h:1/d");
    expect(pgConfigFromUrl(pgConfigToUrl(c))).toMatchObject({ host: "h", port: 1, user: "a", password: "b", database: "d" });
  });
});
