import { describe, expect, it } from "vitest";
import { CAPABILITIES, ROLES, type Capability } from "../contracts/roles";
import { roomsFor } from "./publisher";

describe("roomsFor", () => {
  it("a socket joins the room of exactly each capability its role holds", () => {
    for (const role of ROLES) {
      const caps = roomsFor("u1", "s1", role)
        .filter((r) => r.startsWith("cap:"))
        .map((r) => r.slice(4) as Capability)
        .sort();
      const expected = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => (CAPABILITIES[c] as readonly string[]).includes(role)).sort();
      expect(caps).toEqual(expected);
      expect(roomsFor("u1", "s1", role)).toEqual(expect.arrayContaining(["user:u1", "session:s1"]));
    }
  });
});
