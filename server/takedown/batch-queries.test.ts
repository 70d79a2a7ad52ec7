import { describe, expect, it } from "vitest";
import { batchCsv } from "./batch-queries";

describe("batchCsv", () => {
  it("quotes cells and neutralises spreadsheet formulas in attacker text", async () => {
    const rows = [
      {
        id: "a1",
        kind: "TAKEDOWN",
        roomId: "r1",
        title: '=HYPERLINK("http://x")',
        accountId: "acc",
        handle: 'he said "hi"',
        delivery: "SENT",
        attempts: 1,
        lastError: null,
        viewersAtEnd: 5,
        createdAt: new Date(0),
        deliveredAt: null,
      },
    ];
    let calls = 0;
    const pool = { query: async () => ({ rows: calls++ === 0 ? rows : [] }) } as never;
    const out: string[] = [];
    for await (const chunk of batchCsv(pool, "b")) out.push(chunk);
    const line = out[1].trim();
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain(`"he said ""hi"""`);
    expect(line).toContain(`"1970-01-01T00:00:00.000Z"`);
  });
});
