import { describe, expect, it } from "vitest";
import { DEFAULT_FILTER } from "@/server/contracts/wall";
import { filterFromParams, filterToParams } from "./filter-params";

describe("filter params", () => {
  it("round-trips a filter through the URL", () => {
    const f = { ...DEFAULT_FILTER, labels: ["sexual" as const, "fraud" as const], minScore: 0.7, maxAccountAgeDays: 7, unverifiedOnly: true };
    expect(filterFromParams(new URLSearchParams(filterToParams(f)))).toEqual({ filter: f, invalid: false });
  });
  it("falls back to defaults on bad input", () => {
    for (const q of ["labels=<script>", "minScore=7", "maxAge=-1", "minScore=abc"]) {
      expect(filterFromParams(new URLSearchParams(q))).toEqual({ filter: DEFAULT_FILTER, invalid: true });
    }
  });
});
