import { describe, expect, it } from "vitest";
import { driftNoteText, parseDriftNote } from "./takedown";

describe("drift note", () => {
  it("reads back the numbers it was written with (screens say it in the reader's language)", () => {
    const d = { added: 12, gone: 3, used: 1500 };
    const text = driftNoteText(d);
    expect(text).toBe("The selection changed since the preview (12 new, 3 no longer matching); the previewed 1500 rooms are used.");
    expect(parseDriftNote(text)).toEqual(d);
    expect(parseDriftNote("an older sentence")).toBeNull();
  });
});
