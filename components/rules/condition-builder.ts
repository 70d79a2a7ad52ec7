// The form for common conditions: rows of "fact, comparison, value" joined by AND, written out as
// the CEL expression the rule stores. Expressions the form wrote can be read back into rows;
// anything else is edited as an expression.
import { FACTS } from "@/server/contracts/rule-language";

export type FactType = "string" | "int" | "double" | "bool" | "list<string>";
export type Op = ">=" | ">" | "<=" | "<" | "==" | "!=" | "contains" | "icontains" | "startsWith" | "matches" | "in" | "has" | "is";

export interface Clause {
  field: string;
  op: Op;
  value: string;
}

export const OP_LABEL: Record<Op, string> = {
  ">=": "at least",
  ">": "more than",
  "<=": "at most",
  "<": "less than",
  "==": "is",
  "!=": "is not",
  contains: "contains",
  icontains: "contains (any case)",
  startsWith: "starts with",
  matches: "matches pattern",
  in: "is one of",
  has: "includes",
  is: "is",
};

/** Every fact as "group.name", with its type and help. */
export const FIELDS = Object.entries(FACTS).flatMap(([group, fields]) =>
  Object.entries(fields).map(([name, f]) => ({ key: `${group}.${name}`, group, name, type: f.type as FactType, help: f.help })),
);
const byKey = new Map(FIELDS.map((f) => [f.key, f]));
export const fieldType = (key: string): FactType | null => byKey.get(key)?.type ?? null;

export function opsFor(type: FactType): Op[] {
  switch (type) {
    case "int":
    case "double":
      return [">=", ">", "<=", "<", "==", "!="];
    case "bool":
      return ["is"];
    case "list<string>":
      return ["has"];
    case "string":
      return ["==", "!=", "in", "contains", "icontains", "startsWith", "matches"];
  }
}

const q = (s: string) => JSON.stringify(s);
const list = (v: string) =>
  v
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Why a row cannot be written, for the reader's language (rules.editor.clause.<key> with these values). */
export interface ClauseProblem {
  key: "chooseFact" | "opNotApplicable" | "needsNumber" | "wholeNumber" | "trueOrFalse" | "giveValue" | "listValues";
  field: string;
  op: Op;
}
type Failed = { error: string; problem: ClauseProblem };
const fail = (error: string, key: ClauseProblem["key"], c: Clause): Failed => ({ error, problem: { key, field: c.field, op: c.op } });

/** One row as CEL, or why it cannot be (in English, and as a problem the page words itself). */
export function clauseToCel(c: Clause): { cel: string } | Failed {
  const type = fieldType(c.field);
  if (!type) return fail(`Choose a fact`, "chooseFact", c);
  if (!opsFor(type).includes(c.op)) return fail(`“${OP_LABEL[c.op]}” does not apply to ${c.field}`, "opNotApplicable", c);
  const v = c.value.trim();
  switch (type) {
    case "int":
    case "double": {
      if (!/^-?\d+(\.\d+)?$/.test(v)) return fail(`${c.field} needs a number`, "needsNumber", c);
      if (type === "int" && v.includes(".")) return fail(`${c.field} is a whole number`, "wholeNumber", c);
      const n = type === "double" && !v.includes(".") ? `${v}.0` : v;
      return { cel: `${c.field} ${c.op} ${n}` };
    }
    case "bool":
      if (v !== "true" && v !== "false") return fail(`${c.field} is true or false`, "trueOrFalse", c);
      return { cel: v === "true" ? c.field : `!${c.field}` };
    case "list<string>":
      if (!v) return fail(`Give a value for ${c.field}`, "giveValue", c);
      return { cel: `${q(v)} in ${c.field}` };
    case "string":
      if (c.op === "in") {
        const items = list(v);
        if (items.length === 0) return fail("List values separated by commas", "listValues", c);
        return { cel: `${c.field} in [${items.map(q).join(", ")}]` };
      }
      if (c.op === "==" || c.op === "!=") return { cel: `${c.field} ${c.op} ${q(v)}` };
      if (!v) return fail(`Give a value for ${c.field}`, "giveValue", c);
      if (c.op === "icontains") return { cel: `${c.field}.lowerAscii().contains(${q(v.toLowerCase())})` };
      return { cel: `${c.field}.${c.op}(${q(v)})` };
  }
}

/** The rows joined by AND (errors name the first bad row). */
export function buildExpression(clauses: Clause[]): { expression: string } | { error: string; problem: ClauseProblem; row: number } {
  const parts: string[] = [];
  for (const [i, c] of clauses.entries()) {
    const r = clauseToCel(c);
    if ("error" in r) return { error: r.error, problem: r.problem, row: i };
    parts.push(r.cel);
  }
  return { expression: parts.join(" && ") };
}

const FIELD = String.raw`((?:event|room|account|cluster)\.[A-Za-z]+)`;
const STR = String.raw`("(?:[^"\\]|\\.)*")`;
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Clause | null][] = [
  [new RegExp(`^${FIELD} (>=|>|<=|<|==|!=) (-?\\d+(?:\\.\\d+)?)$`), (m) => ({ field: m[1], op: m[2] as Op, value: m[3].replace(/\.0$/, "") })],
  [new RegExp(`^${FIELD} (==|!=) ${STR}$`), (m) => ({ field: m[1], op: m[2] as Op, value: JSON.parse(m[3]) })],
  [new RegExp(`^${FIELD} in \\[(.*)\\]$`), (m) => inList(m[1], m[2])],
  [new RegExp(`^${STR} in ${FIELD}$`), (m) => ({ field: m[2], op: "has", value: JSON.parse(m[1]) })],
  [new RegExp(`^${FIELD}\\.lowerAscii\\(\\)\\.contains\\(${STR}\\)$`), (m) => ({ field: m[1], op: "icontains", value: JSON.parse(m[2]) })],
  [new RegExp(`^${FIELD}\\.(contains|startsWith|matches)\\(${STR}\\)$`), (m) => ({ field: m[1], op: m[2] as Op, value: JSON.parse(m[3]) })],
  [new RegExp(`^(!?)${FIELD}$`), (m) => ({ field: m[2], op: "is", value: m[1] ? "false" : "true" })],
];

function inList(field: string, body: string): Clause | null {
  const items: string[] = [];
  const re = new RegExp(`\\s*${STR}\\s*(,|$)`, "y");
  let m: RegExpExecArray | null;
  let at = 0;
  for (;;) {
    re.lastIndex = at;
    m = re.exec(body);
    if (!m) break;
    items.push(JSON.parse(m[1]));
    at = re.lastIndex;
    if (at >= body.length) break;
  }
  if (at < body.length || items.some((i) => i.includes(","))) return null;
  return { field, op: "in", value: items.join(", ") };
}

/** Rows for an expression the form could have written, or null (edit it as an expression). */
export function parseExpression(expression: string): Clause[] | null {
  const e = expression.trim();
  if (!e) return [];
  // Split on && outside string literals.
  const parts: string[] = [];
  let depth = 0;
  let inStr = false;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const ch = e[i];
    if (inStr) {
      if (ch === "\\") i++;
      else if (ch === '"') inStr = false;
    } else if (ch === '"') inStr = true;
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (depth === 0 && e.startsWith(" && ", i)) {
      parts.push(e.slice(start, i));
      start = i + 4;
      i += 3;
    }
  }
  parts.push(e.slice(start));
  const out: Clause[] = [];
  for (const p of parts) {
    let clause: Clause | null = null;
    for (const [re, make] of PATTERNS) {
      const m = p.trim().match(re);
      if (m) {
        clause = make(m);
        break;
      }
    }
    if (!clause || !fieldType(clause.field)) return null;
    // Only what the form would write back identically.
    const again = clauseToCel(clause);
    if ("error" in again || again.cel !== p.trim()) return null;
    out.push(clause);
  }
  return out;
}
