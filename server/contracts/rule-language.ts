// The language response rules are written in: CEL (Common Expression Language) over the facts
// Floodwall knows when a flag arrives. The same code checks an expression in the rule editor as
// the lead types and compiles it on the server, so what the editor accepts is what runs.
import { Environment } from "@marcbachmann/cel-js";
import isSafeRegex from "safe-regex2";
import { FLAG_LABELS, FLAG_SOURCES } from "./ingest";

type CelType = "string" | "int" | "double" | "bool" | "list<string>";
interface Field {
  type: CelType;
  help: string;
}

/** Every fact a rule can read, grouped as the expression names them (event.score, room.title…). */
export const FACTS = {
  event: {
    source: { type: "string", help: `who flagged it: ${FLAG_SOURCES.map((s) => `"${s}"`).join(", ")}` },
    label: { type: "string", help: `what harm: ${FLAG_LABELS.map((s) => `"${s}"`).join(", ")}` },
    score: { type: "double", help: "the sender's confidence, 0.0–1.0" },
  },
  room: {
    id: { type: "string", help: "the platform's room id" },
    title: { type: "string", help: "as the streamer wrote it (attacker-controlled)" },
    category: { type: "string", help: 'the platform category ("" when none)' },
    viewers: { type: "int", help: "viewers now, as last reported" },
    peakViewers: { type: "int", help: "the most viewers reported" },
    flags: { type: "int", help: "flags so far, this one included" },
    risk: { type: "double", help: "Floodwall's risk score, 0.0–1.0" },
    fakeEngagement: { type: "bool", help: "engagement flags, or viewers jumped five-fold to 500+" },
    labels: { type: "list<string>", help: "every label flagged so far" },
    sources: { type: "list<string>", help: "every source that flagged it so far" },
    minutesLive: { type: "double", help: "minutes since the stream started" },
  },
  account: {
    id: { type: "string", help: "the platform's account id" },
    handle: { type: "string", help: "the account's handle (attacker-controlled)" },
    handleShape: { type: "string", help: 'the handle with letters as "a" and digits as "9", runs collapsed: "anna1988" → "a9"' },
    ageHours: { type: "double", help: "hours since the account registered" },
    verified: { type: "bool", help: "real-name verified" },
    deviceShared: { type: "int", help: "accounts seen on this account's device (itself included; 0 when unknown)" },
    ipShared: { type: "int", help: "accounts seen on this account's IP address (0 when unknown)" },
    phoneShared: { type: "int", help: "accounts registered with this phone (0 when unknown)" },
  },
  cluster: {
    id: { type: "string", help: 'the ring the account is in ("" when none)' },
    size: { type: "int", help: "accounts in the ring (0 when none)" },
    growth: { type: "int", help: "accounts that joined the ring in the last 5 minutes" },
    watched: { type: "bool", help: "a moderator is watching the ring" },
    inAlert: { type: "bool", help: "the ring is on the open attack-wave alert" },
  },
} as const satisfies Record<string, Record<string, Field>>;

type CelValue<T extends CelType> = T extends "string" ? string : T extends "int" ? bigint : T extends "double" ? number : T extends "bool" ? boolean : string[];
type Group<G extends Record<string, Field>> = { [K in keyof G]: CelValue<G[K]["type"]> };
/** The facts one flag is judged on (ints are BigInt, as CEL has them). */
export type RuleFacts = { [G in keyof typeof FACTS]: Group<(typeof FACTS)[G]> };

export const MAX_EXPRESSION_LENGTH = 2000;

/**
 * Each group of facts is a registered CEL type with its own class: the evaluator reads fields
 * off instances as they are (a `schema` variable would convert a plain object on every
 * evaluation — 40 % slower for 20 rules on every flag).
 */
class FactGroup {
  constructor(values: object) {
    Object.assign(this, values);
  }
}
const GROUP_CLASS = Object.fromEntries(Object.keys(FACTS).map((g) => [g, class extends FactGroup {}])) as Record<
  keyof typeof FACTS,
  new (
    v: object,
  ) => FactGroup
>;
const typeName = (g: string) => `Floodwall${g[0].toUpperCase()}${g.slice(1)}`;

let env: Environment | null = null;
function environment(): Environment {
  if (env) return env;
  let e = new Environment({ limits: { maxAstNodes: 400, maxDepth: 40, maxListElements: 100, maxMapEntries: 50, maxCallArguments: 8 } });
  for (const [name, fields] of Object.entries(FACTS)) {
    e = e.registerType(typeName(name), {
      ctor: GROUP_CLASS[name as keyof typeof FACTS],
      fields: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.type])),
    });
    e = e.registerVariable(name, typeName(name));
  }
  env = e;
  return e;
}

/** Facts in the form the evaluator reads fastest; build once per flag, judge with every rule. */
export type CelFacts = { readonly __cel: true } & Record<keyof typeof FACTS, FactGroup>;
export function celFacts(f: RuleFacts): CelFacts {
  return {
    event: new GROUP_CLASS.event(f.event),
    room: new GROUP_CLASS.room(f.room),
    account: new GROUP_CLASS.account(f.account),
    cluster: new GROUP_CLASS.cluster(f.cluster),
  } as CelFacts;
}
const isCel = (f: RuleFacts | CelFacts): f is CelFacts => f.event instanceof FactGroup;

/** The same room, account and ring with another flag's event facts (one allocation per flag). */
export function celWithEvent(base: CelFacts, event: RuleFacts["event"]): CelFacts {
  return { event: new GROUP_CLASS.event(event), room: base.room, account: base.account, cluster: base.cluster } as CelFacts;
}

export type CheckResult = { ok: true } | { ok: false; error: string /** 0-based offset of the problem, when known. */; at: number | null };

interface AstNode {
  op: string;
  args: unknown;
  pos?: number;
}
const isNode = (v: unknown): v is AstNode => typeof v === "object" && v !== null && "op" in v;

/** Every regular expression in the expression must be a literal, valid, and safe from exponential backtracking. */
function checkPatterns(ast: unknown): CheckResult {
  const stack: unknown[] = [ast];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    if (!isNode(n)) continue;
    if ((n.op === "rcall" || n.op === "call") && Array.isArray(n.args) && n.args[0] === "matches") {
      const argList = n.op === "rcall" ? (n.args[2] as unknown[]) : (n.args[1] as unknown[]);
      const pattern = argList?.[argList.length - 1];
      if (!isNode(pattern) || pattern.op !== "value" || typeof pattern.args !== "string") {
        return { ok: false, error: "matches() takes a pattern written in the rule (a string literal)", at: n.pos ?? null };
      }
      try {
        new RegExp(pattern.args);
      } catch (e) {
        return {
          ok: false,
          error: `Not a valid pattern: ${(e as Error).message} (JavaScript syntax: (?i) is not supported, use lowerAscii())`,
          at: pattern.pos ?? null,
        };
      }
      if (!isSafeRegex(pattern.args)) {
        return { ok: false, error: "This pattern nests repetition (like (a+)+) and could take exponential time on a hostile title", at: pattern.pos ?? null };
      }
    }
    if (isNode(n.args) || Array.isArray(n.args)) stack.push(n.args);
  }
  return { ok: true };
}

/** Syntax, names, types and patterns: what the editor shows as you type and the server refuses to save. */
export function checkExpression(expression: string): CheckResult {
  if (expression.trim() === "") return { ok: false, error: "Write a condition, e.g. event.score >= 0.9", at: 0 };
  if (expression.length > MAX_EXPRESSION_LENGTH) return { ok: false, error: `At most ${MAX_EXPRESSION_LENGTH} characters`, at: MAX_EXPRESSION_LENGTH };
  const e = environment();
  let ast: unknown;
  try {
    ast = e.parse(expression).ast;
  } catch (err) {
    return failure(err);
  }
  const typed = e.check(expression);
  if (!typed.valid) return failure(typed.error);
  if (typed.type !== "bool") return { ok: false, error: `The condition must be true or false; this one is ${typed.type}`, at: null };
  return checkPatterns(ast);
}

function failure(err: unknown): CheckResult {
  const e = err as { message?: string; node?: { pos?: number } } | undefined;
  const first = (e?.message ?? "Invalid expression").split("\n")[0];
  return { ok: false, error: first, at: typeof e?.node?.pos === "number" ? e.node.pos : null };
}

/** A checked expression, ready to judge facts (throws on errors at evaluation, e.g. a missing value). */
export type CompiledRule = (facts: RuleFacts | CelFacts) => boolean;

export function compileExpression(expression: string): CompiledRule {
  const checked = checkExpression(expression);
  if (!checked.ok) throw new Error(checked.error);
  const run = environment().parse(expression);
  return (facts) => run(isCel(facts) ? facts : celFacts(facts)) === true;
}

/** Letters as "a", digits as "9", anything else kept, runs collapsed: bot handles share a shape. */
export function handleShape(handle: string): string {
  let out = "";
  for (const ch of handle.normalize("NFKC").slice(0, 64)) {
    const c = /\p{L}/u.test(ch) ? "a" : /\p{Nd}/u.test(ch) ? "9" : ch;
    if (out[out.length - 1] !== c || (c !== "a" && c !== "9")) out += c;
  }
  return out;
}
