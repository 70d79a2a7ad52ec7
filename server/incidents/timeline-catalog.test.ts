import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import en from "../contracts/i18n/en/timeline.json";
import zh from "../contracts/i18n/zh-CN/timeline.json";
import { msg, timelineRow, type TimelineMsg } from "./timeline";

type Params = TimelineMsg["params"];
const translate = (locale: "en" | "zh-CN", messages: object) =>
  createTranslator({ locale, messages: { timeline: messages } as never, namespace: "timeline" as never }) as unknown as (k: string, p: Params) => string;

// Values as the server passes them, for every message (a new message without one fails to compile).
const SAMPLES: Record<keyof typeof en, Params> = {
  declared: { severity: "P0", by: "lead@x", title: "Wave", commander: "lead@x" },
  escalated: { from: "P2", to: "P0", reason: "spreading" },
  deescalated: { from: "P0", to: "P2", reason: "contained" },
  statusChanged: { from: "declared", to: "investigating" },
  statusChangedNote: { from: "contained", to: "resolved", note: "quiet for an hour" },
  acknowledged: { by: "lead@x" },
  roleHanded: { role: "commander", from: "a@x", to: "b@x" },
  roleGiven: { user: "b@x", role: "scribe" },
  impactStart: { at: "2026-12-07T22:00:00.000Z", was: "2026-12-07T22:05:00.000Z" },
  update: { status: "Contained" },
  alert: { reasons: "12 rings grew in the last minute" },
  massTakedown: { by: "lead@x", rooms: 17000, banned: 0, reason: "Bot ring" },
  batchRestore: { by: "lead@x", rooms: 1, reason: "false positive" },
  undoOne: { by: "mod@x", room: "r-1" },
  undoMany: { by: "mod@x", count: 3 },
  orderActive: { by: "a@x", approvedBy: "none", rings: 12, follow: "yes", ended: 17000, ban: "yes", banned: 17000, refuse: "yes", reason: "Bot ring" },
  orderLifted: { by: "a@x", rings: 1, liftedBy: "b@x", reason: "drill over" },
  orderLiftedRestored: { by: "a@x", rings: 2, liftedBy: "b@x", restored: 1500, unbanned: 1400, reason: "drill over" },
  orderBeforeDeclaration: { order: "0a1b2c3d", rooms: 900, banned: 880 },
  controlSet: { scopeKind: "UNVERIFIED", scopeValue: "", mode: "PAUSED", max: 0, ended: 0, reason: "wave" },
  restoreStarted: { scopeKind: "ALL", scopeValue: "", plan: "10% → 50% → 100", holdSec: 60 },
  restoreRolledBack: { scopeKind: "CATEGORY", scopeValue: "gaming" },
  restoreStage: { scopeKind: "ACCOUNT_AGE", scopeValue: "7", percent: 50 },
  restoreComplete: { scopeKind: "UNVERIFIED", scopeValue: "" },
  clusterWatch: { by: "lead@x", watched: "yes", cluster: "C-00000001" },
  ruleActed: { name: "Fresh ring", version: 3, action: "TAKE_DOWN", n: 1 },
  ruleTripped: { name: "Fresh ring", version: 3, why: "acted on 500 rooms in a minute" },
  ruleUndone: { name: "Fresh ring", since: "22:05", by: "lead@x", restored: 10, unbanned: 2, orders: 1, reason: "too broad" },
  playbookScheduled: { name: "Bot-ring wave", at: "22:05:30" },
  playbookFailed: { name: "Bot-ring wave", error: "platform unreachable" },
  playbookVetoed: { name: "Bot-ring wave", by: "lead@x", reason: "false alarm" },
  playbookStopped: { name: "Bot-ring wave", by: "lead@x", undone: "order lifted, rules back to shadow", reason: "over" },
  playbookStoppedNothing: { name: "Bot-ring wave", by: "lead@x", reason: "over" },
  batchRestoreOf: { by: "lead@x", rooms: 12, batch: "b-1", unbanned: 0, reason: "false positive" },
  orderCreated: { by: "lead@x", rings: 3, follow: "yes", reason: "Bot ring" },
  orderApproved: { order: "0a1b2c3d", by: "lead2@x" },
  orderLiftedBy: { order: "0a1b2c3d", by: "lead@x", restored: 40, reason: "over" },
  controlSetBy: { by: "lead@x", control: "UNVERIFIED:", mode: "PAUSED", ended: 0, reason: "wave" },
  controlRestoreStarted: { control: "ALL:", by: "lead@x" },
  controlRestoreRolledBack: { control: "ALL:", by: "lead@x" },
  roomsRestored: { by: "mod@x", rooms: 1 },
  roomsRestoredWhy: { by: "mod@x", rooms: 2, reason: "false positive" },
};

describe("timeline catalog", () => {
  it("has the same messages in every language, and each renders fully with the values the server passes", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [locale, messages] of [
      ["en", en],
      ["zh-CN", zh],
    ] as const) {
      const t = translate(locale, messages);
      for (const [key, params] of Object.entries(SAMPLES)) {
        const text = t(key, params);
        expect(text, `${locale} ${key}`).not.toMatch(/[{}]|timeline\./);
        for (const v of Object.values(params))
          if (typeof v === "string" && v.length > 3 && !/^[A-Z_]+$|^(yes|no|none)$/.test(v)) expect(text, `${locale} ${key}`).toContain(v);
      }
    }
  });

  it("writes the English text the timeline had before (exports, reports and webhooks read it) and keeps the key for readers", () => {
    const row = (m: TimelineMsg, data?: unknown) => timelineRow(m, data);
    expect(row(msg("massTakedown", { by: "lead@x", rooms: 120, banned: 120, reason: "Bot ring" })).text).toBe(
      "Mass takedown by lead@x: 120 rooms taken down, 120 accounts banned — Bot ring",
    );
    expect(row(msg("massTakedown", { by: "lead@x", rooms: 1, banned: 0, reason: "Bot ring" })).text).toBe(
      "Mass takedown by lead@x: 1 room taken down — Bot ring",
    );
    expect(row(msg("controlSet", SAMPLES.controlSet)).text).toBe("Live control: unverified accounts paused — wave");
    expect(row(msg("restoreComplete", SAMPLES.restoreComplete)).text).toBe("Restore complete: unverified accounts open (100%)");
    expect(row(msg("ruleActed", { ...SAMPLES.ruleActed, n: 17000 })).text).toBe('Rule "Fresh ring" v3: took down 17,000 rooms');
    const stored = row(msg("undoOne", SAMPLES.undoOne), { rooms: ["r-1"] });
    expect(JSON.parse(stored.data!)).toEqual({ rooms: ["r-1"], msg: { key: "undoOne", params: SAMPLES.undoOne } });
    // Markup in a value is a value: the text carries it as typed, the page renders it as text.
    expect(row(msg("update", { status: "<img src=x onerror=alert(1)>" })).text).toBe("Executive update: <img src=x onerror=alert(1)>");
  });
});
