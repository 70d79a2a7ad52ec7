// The message catalogs against the code, on every `npm test` (npm run lint):
//   - every key the code uses exists in every locale;
//   - every locale has exactly the same keys, and no catalog key is unused;
//   - no user-facing text is hard-coded in components or pages (JSX text, and the title /
//     placeholder / aria-label / alt / label attributes).
// Conventions the check relies on: `const t = useTranslations("ns")` (or `await serverT("ns")`,
// `createTranslator({ …, namespace: "ns" })`) and calls with literal keys: t("key"),
// t.rich("key", …), t.has("key"). A key built at run time is declared next to it with a
// comment `// i18n-keys: ns.prefix.*`, which marks that family as used.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CATALOGS = path.join(ROOT, "server/contracts/i18n");
const LOCALES = readdirSync(CATALOGS).filter((d) => statSync(path.join(CATALOGS, d)).isDirectory());

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") flatten(v, key, out);
    else out.add(key);
  }
  return out;
}

const keysOf = {};
for (const locale of LOCALES) {
  keysOf[locale] = new Set();
  for (const file of readdirSync(path.join(CATALOGS, locale)).filter((f) => f.endsWith(".json"))) {
    const ns = file.replace(/\.json$/, "");
    flatten(JSON.parse(readFileSync(path.join(CATALOGS, locale, file), "utf8")), ns, keysOf[locale]);
  }
}

const problems = [];
const [base, ...others] = LOCALES.includes("en") ? ["en", ...LOCALES.filter((l) => l !== "en")] : LOCALES;
for (const l of others) {
  for (const k of keysOf[base]) if (!keysOf[l].has(k)) problems.push(`${l} lacks ${k}`);
  for (const k of keysOf[l]) if (!keysOf[base].has(k)) problems.push(`${base} lacks ${k} (only in ${l})`);
}

const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "app", "components", "server"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.(int\.)?test\.tsx?$/.test(f) && !f.startsWith("server/db/generated/"));

const used = new Set();
const families = [];
const BIND = /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|serverT|getT)\(\s*(?:"([^"]*)")?/g;
const CREATE = /(?:const|let)\s+(\w+)\s*=\s*createTranslator\(\{[^}]*namespace:\s*"([^"]+)"/g;
for (const file of files) {
  const src = readFileSync(path.join(ROOT, file), "utf8");
  for (const m of src.matchAll(/i18n-keys:\s*([\w.-]+)\.\*/g)) families.push(m[1]);
  const bindings = [];
  for (const m of src.matchAll(BIND)) bindings.push([m[1], m[2] ?? ""]);
  for (const m of src.matchAll(CREATE)) bindings.push([m[1], m[2]]);
  for (const [name, ns] of bindings) {
    const call = new RegExp(String.raw`\b${name}(?:\.(?:rich|markup|has|raw))?\(\s*"([^"]+)"`, "g");
    for (const m of src.matchAll(call)) {
      const key = ns ? `${ns}.${m[1]}` : m[1];
      used.add(key);
      for (const l of LOCALES)
        if (!keysOf[l].has(key) && ![...keysOf[l]].some((k) => k.startsWith(`${key}.`))) problems.push(`${file}: "${key}" is not in ${l}`);
    }
  }
}
const isUsed = (k) => used.has(k) || [...used].some((u) => k.startsWith(`${u}.`)) || families.some((f) => k.startsWith(`${f}.`));
for (const k of keysOf[base]) if (!isUsed(k)) problems.push(`unused key ${k}`);

// Hard-coded text in what people read.
const TEXT = />\s*([^<>{}]*\p{L}{2,}[^<>{}]*?)\s*</gu;
const ATTR = /\b(title|placeholder|aria-label|alt|label)="([^"]*\p{L}{2,}[^"]*)"/gu;
for (const file of files.filter((f) => f.endsWith(".tsx") && (f.startsWith("components/") || f.startsWith("app/")))) {
  const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.includes("i18n-ignore-line") || (i > 0 && lines[i - 1].includes("i18n-ignore-next-line"))) continue;
    const code = line.replace(/\/\/.*$/, "").replace(/\{`[^`]*`\}/g, "");
    // JSX text on its own line (between tags spanning lines) or inline between tags.
    const ownLine = /^\s*([^<>{}=;()]*\p{L}{2,}[^<>{}=;()]*)$/u.exec(code);
    const prev = lines[i - 1]?.trim() ?? "";
    const inJsx =
      ownLine &&
      (prev.endsWith(">") || prev.endsWith("}")) &&
      !/^(import|export|const|let|return|if|for|type|interface|\*|\/\*)/.test(ownLine[1].trim()) &&
      !ownLine[1].includes(":");
    if (inJsx) problems.push(`${file}:${i + 1}: hard-coded text "${ownLine[1].trim().slice(0, 60)}"`);
    for (const m of code.matchAll(TEXT))
      if (!/^[\w.]+$/.test(m[1].trim()) || /\s/.test(m[1].trim())) problems.push(`${file}:${i + 1}: hard-coded text "${m[1].trim().slice(0, 60)}"`);
    for (const m of code.matchAll(ATTR)) problems.push(`${file}:${i + 1}: hard-coded ${m[1]}="${m[2].slice(0, 60)}"`);
  }
}

if (problems.length) {
  console.error(`i18n: ${problems.length} problem(s)`);
  for (const p of problems.slice(0, 400)) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`i18n: ${LOCALES.join(", ")} — ${keysOf[base].size} keys, all used, no hard-coded text in ${files.length} files`);
