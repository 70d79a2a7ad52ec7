import { describe, expect, it } from "vitest";
import { handlePattern, isLinking, networkOf, signalKeys } from "./signals";

const NOW = Date.parse("2026-11-22T22:00:00Z");
const acct = (o: Partial<Parameters<typeof signalKeys>[0]> = {}) => ({
  id: "a",
  handle: "live_girl_1234",
  registeredAt: new Date("2026-11-20T21:53:00Z"),
  realNameVerified: false,
  deviceId: "dev1",
  ip: "10.1.2.3",
  phoneHash: null,
  ...o,
});

describe("signals", () => {
  it("normalises handle patterns", () => {
    expect(handlePattern("Live_Girl_1234")).toBe("live_girl_#");
    expect(handlePattern("bet8899_xxx")).toBe("bet#_xxx");
  });
  it("takes /24 and /48 networks", () => {
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:0db8:00ab::")).toBe("2001:db8:ab::/48");
    expect(networkOf("nonsense")).toBeNull();
  });
  it("links suspect accounts by network and burst, trusted ones only by device or phone", () => {
    expect(signalKeys(acct(), NOW)).toEqual(expect.arrayContaining(["device:dev1", "net:10.1.2.0/24", expect.stringMatching(/^burst:live_girl_#:/)]));
    const trusted = signalKeys(acct({ realNameVerified: true, registeredAt: new Date("2020-01-01") }), NOW);
    expect(trusted).toEqual(["device:dev1"]);
  });
  it("down-weights a signal shared mostly by trusted accounts", () => {
    expect(isLinking(1, 0)).toBe(false);
    expect(isLinking(400, 10)).toBe(true);
    expect(isLinking(320, 300)).toBe(false);
    expect(isLinking(5, 5)).toBe(true); // too few to call public
  });
});
