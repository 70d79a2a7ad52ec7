import { describe, expect, it } from "vitest";
import { busyResponse } from "./auth";

describe("busyResponse", () => {
  it("answers 503 with Retry-After when no database connection freed up in time", async () => {
    for (const e of [
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
      new Error("timeout exceeded when trying to connect"),
    ]) {
      const res = busyResponse(e);
      expect(res?.status).toBe(503);
      expect(res?.headers.get("retry-after")).toBe("2");
      expect(await res?.json()).toEqual({ code: "BUSY", message: "The console is busy; try again in a moment" });
    }
  });

  it("leaves every other error alone (a bug stays a bug)", () => {
    expect(busyResponse(new Error("boom"))).toBeNull();
    expect(busyResponse(Object.assign(new Error("unique"), { code: "P2002" }))).toBeNull();
    expect(busyResponse(null)).toBeNull();
  });
});
