import { randomUUID } from "node:crypto";
import type { Db } from "../db/prisma";
import type { Prisma } from "../db/generated/client";
import { ZPlaybookInput, ZRuleInput, type PlaybookInput, type RuleInput } from "../contracts/rules";
import { storedAction } from "../rules/manage";

const PROHIBITED = '["sexual", "violence", "gambling", "fraud", "minor_safety", "hate"]';

/** The demo's response rules: in shadow, so a lead sees what they would do before anything acts. */
export const DEMO_RULES: RuleInput[] = [
  {
    name: "Fresh accounts on a shared device, prohibited content",
    description:
      "Bot rings register in bursts and reuse devices. An account under three days old on a device three or more accounts use, flagged with high confidence for prohibited content, is taken down.",
    expression: `account.ageHours < 72.0 && account.deviceShared >= 3 && event.label in ${PROHIBITED} && event.score >= 0.8`,
    action: { kind: "TAKE_DOWN" },
    // A wave brings thousands of rooms a minute; the breaker guards against a rule gone wrong on
    // ordinary traffic, where this condition matches almost nothing.
    ceilingPerMin: 20_000,
  },
  {
    name: "Bought engagement on a new account",
    description: "Viewers that jump five-fold on an account under a day old: to the top of the wall.",
    expression: "room.fakeEngagement && account.ageHours < 24.0",
    action: { kind: "RAISE_PRIORITY", to: 0.95 },
    ceilingPerMin: 2_000,
  },
  {
    name: "Big ring on the attack-wave alert",
    description: "A ring of 20 or more accounts that the open alert names is contained as a whole.",
    expression: "cluster.inAlert && cluster.size >= 20",
    action: { kind: "CONTAIN_CLUSTER", banAccounts: true, refuseGoLive: true },
    ceilingPerMin: 50,
  },
  {
    name: "Minor safety, high confidence",
    description: "Always a person's decision, first in the queue.",
    expression: 'event.label == "minor_safety" && event.score >= 0.9',
    action: { kind: "FLAG_FOR_REVIEW" },
    ceilingPerMin: 500,
  },
];

/** The demo playbook for the simulator's wave: written, not armed (arming takes two shift leads). */
export const DEMO_PLAYBOOK: PlaybookInput = {
  name: "Bot-ring wave (simulator)",
  description:
    "For the simulator's wave: contain every ring the alert names and every ring it grows (ban, refuse go-live to their devices and phones), enforce the shared-device rule, declare a P0. The veto window is short (5 s) because every second of it is a second of exposure; any lead can stop the run afterwards and undo it.",
  vetoSeconds: 5,
  containRings: { banAccounts: true, refuseGoLive: true },
  ruleIds: [],
  controls: [],
  declare: { severity: "P0", title: "Bot-ring wave: coordinated prohibited live streams" },
};

/** Seeds the demo rules (in shadow, or off) and playbook (not armed) into an empty rules table. */
export async function seedDemoRules(db: Db, byEmail: string, mode: "SHADOW" | "OFF" = "SHADOW"): Promise<boolean> {
  if ((await db.rule.count()) > 0) return false;
  const ids: string[] = [];
  for (const raw of DEMO_RULES) {
    const r = ZRuleInput.parse(raw);
    const id = randomUUID();
    ids.push(id);
    const a = storedAction(r.action);
    const fields = { name: r.name, description: r.description, expression: r.expression, ...a, ceilingPerMin: r.ceilingPerMin };
    await db.rule.create({ data: { id, ...fields, mode, createdById: "system:demo", createdByEmail: byEmail, updatedByEmail: byEmail } });
    await db.ruleVersion.create({ data: { ruleId: id, version: 1, ...fields, editedByEmail: byEmail, note: "demo" } });
  }
  const p = ZPlaybookInput.parse({ ...DEMO_PLAYBOOK, ruleIds: [ids[0]] });
  const { name, description, vetoSeconds, ...steps } = p;
  await db.playbook.create({
    data: {
      id: randomUUID(),
      name,
      description,
      vetoSeconds,
      steps: { vetoSeconds, ...steps } as Prisma.InputJsonObject,
      createdByEmail: byEmail,
      updatedByEmail: byEmail,
    },
  });
  return true;
}
