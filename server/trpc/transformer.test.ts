import { describe, expect, it } from "vitest";
import superjson from "superjson";
import { plainJson, transformer } from "./transformer";

describe("tRPC transformer", () => {
  it("sends a plain-JSON answer as it is, and the browser's superjson reads it back unchanged", () => {
    const answer = plainJson({
      rooms: [{ id: "r1", title: '<img src=x onerror=alert(1)> "\\u0000', risk: 0.5, labels: ["SPAM"], claimedBy: null }],
      total: 1,
      at: 1,
    });
    const wire = transformer.serialize(answer);
    expect(wire).toEqual({ json: answer });
    expect(Object.keys(answer)).toEqual(["rooms", "total", "at"]);
    expect(superjson.deserialize(JSON.parse(JSON.stringify(wire)))).toEqual(answer);
  });

  it("everything else still goes through superjson (dates stay dates)", () => {
    const at = new Date("2026-12-07T00:00:00Z");
    const wire = transformer.serialize({ at });
    expect(wire).toEqual(superjson.serialize({ at }));
    expect(superjson.deserialize(JSON.parse(JSON.stringify(wire)))).toEqual({ at });
  });
});
