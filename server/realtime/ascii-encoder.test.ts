import { Decoder, PacketType } from "socket.io-parser";
import { describe, expect, it } from "vitest";
import { AsciiEncoder } from "./ascii-encoder";

const roundTrip = (data: unknown[]) => {
  const [text] = new AsciiEncoder().encode({ type: PacketType.EVENT, nsp: "/", data });
  let out: unknown;
  const d = new Decoder();
  d.on("decoded", (p: { data?: unknown }) => {
    out = p.data;
  });
  d.add(text);
  return { text: text as string, out };
};

describe("ASCII Socket.IO encoder", () => {
  it("sends attacker text as plain ASCII that standard clients decode to the same characters", () => {
    const title = 'ＬＩＶＥ 🔞 — \u202egnp.exe \u0000 "quoted" \\ </script> 中文 \ud800';
    const { text, out } = roundTrip(["wall:diff", { u: [["r-1", 1, title]], key: "k" }]);
    expect([...text].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    expect(out).toEqual(["wall:diff", { u: [["r-1", 1, title]], key: "k" }]);
  });

  it("leaves ASCII packets exactly as Socket.IO would write them", () => {
    const { text } = roundTrip(["presence:update", { moderatorsOnline: 3 }]);
    expect(text).toBe('2["presence:update",{"moderatorsOnline":3}]');
  });
});
