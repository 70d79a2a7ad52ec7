import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkExpression } from "@/server/contracts/rule-language";
import { buildExpression, clauseToCel, FIELDS, opsFor, parseExpression, type Clause } from "./condition-builder";

describe("the condition form", () => {
  it("writes rows as one CEL condition the checker accepts", () => {
    const rows: Clause[] = [
      { field: "account.ageHours", op: "<", value: "72" },
      { field: "account.deviceShared", op: ">=", value: "3" },
      { field: "event.label", op: "in", value: "sexual, violence" },
      { field: "room.title", op: "icontains", value: "Free Gift" },
      { field: "account.verified", op: "is", value: "false" },
      { field: "room.sources", op: "has", value: "user_report" },
    ];
    const out = buildExpression(rows);
    expect(out).toEqual({
      expression:
        'account.ageHours < 72.0 && account.deviceShared >= 3 && event.label in ["sexual", "violence"] && room.title.lowerAscii().contains("free gift") && !account.verified && "user_report" in room.sources',
    });
    if ("expression" in out) expect(checkExpression(out.expression)).toEqual({ ok: true });
  });

  it("names the row that is wrong", () => {
    expect(
      buildExpression([
        { field: "event.score", op: ">=", value: "0.9" },
        { field: "room.viewers", op: ">", value: "many" },
      ]),
    ).toEqual({
      error: "room.viewers needs a number",
      problem: { key: "needsNumber", field: "room.viewers", op: ">" },
      row: 1,
    });
    expect(clauseToCel({ field: "room.viewers", op: ">", value: "1.5" })).toMatchObject({
      error: "room.viewers is a whole number",
      problem: { key: "wholeNumber" },
    });
    expect(clauseToCel({ field: "nope.x", op: ">", value: "1" })).toMatchObject({ error: "Choose a fact", problem: { key: "chooseFact" } });
  });

  it("reads back what it wrote, and refuses what it could not have written", () => {
    expect(parseExpression('event.score >= 0.9 && room.title.contains("a && b")')).toEqual([
      { field: "event.score", op: ">=", value: "0.9" },
      { field: "room.title", op: "contains", value: "a && b" },
    ]);
    expect(parseExpression("event.score >= 0.9 || room.viewers > 5")).toBeNull();
    expect(parseExpression("(event.score >= 0.9)")).toBeNull();
  });

  it("any row of any fact, with any text, round-trips and passes the checker (property)", () => {
    const arb = fc.constantFrom(...FIELDS).chain((f) =>
      fc.record({
        field: fc.constant(f.key),
        op: fc.constantFrom(...opsFor(f.type)),
        value:
          f.type === "int"
            ? fc.integer({ min: 0, max: 1e6 }).map(String)
            : f.type === "double"
              ? fc.double({ min: 0, max: 1e4, noNaN: true }).map((n) => n.toFixed(2))
              : f.type === "bool"
                ? fc.constantFrom("true", "false")
                : fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }).filter((s) => s.trim().length > 0 && !s.includes(",")),
      }),
    );
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 4 }), (rows) => {
        const safe = rows.filter((r) => r.op !== "matches" && !(r.op === "icontains" && r.value.toLowerCase() !== r.value));
        if (safe.length === 0) return;
        const built = buildExpression(safe as Clause[]);
        expect("expression" in built).toBe(true);
        if (!("expression" in built)) return;
        expect(checkExpression(built.expression)).toEqual({ ok: true });
        const back = parseExpression(built.expression);
        expect(back && buildExpression(back)).toEqual(built);
      }),
      { numRuns: 300 },
    );
  });
});
