"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { invalidateRules } from "./cache";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { checkExpression } from "@/server/contracts/rule-language";
import { ACTION_LABEL, DESTRUCTIVE, type RuleAction, type RuleActionKind, type RuleSummary } from "@/server/contracts/rules";
import { FLAG_LABELS, FLAG_SOURCES } from "@/server/contracts/ingest";
import { useTranslations } from "use-intl";
import { BacktestPanel } from "./backtest-panel";
import { buildExpression, FIELDS, type Op, opsFor, parseExpression, type Clause } from "./condition-builder";

const KINDS = Object.keys(ACTION_LABEL) as RuleActionKind[];
const GROUPS = ["event", "room", "account", "cluster"] as const;
// i18n-keys: rules.op.*
const OP_KEY: Record<Op, string> = {
  ">=": "ge",
  ">": "gt",
  "<=": "le",
  "<": "lt",
  "==": "eq",
  "!=": "ne",
  contains: "contains",
  icontains: "icontains",
  startsWith: "startsWith",
  matches: "matches",
  in: "in",
  has: "has",
  is: "is",
};

/** A fact's help in the reader's language (the lists of sources and labels are the values themselves). */
// i18n-keys: rules.fact.*
function useFactHelp() {
  const t = useTranslations("rules");
  const lists: Record<string, string> = {
    "event.source": FLAG_SOURCES.map((s) => `"${s}"`).join(", "),
    "event.label": FLAG_LABELS.map((s) => `"${s}"`).join(", "),
  };
  return (key: string) => t(`fact.${key}`, { list: lists[key] ?? "" });
}

function defaultAction(kind: RuleActionKind): RuleAction {
  switch (kind) {
    case "RAISE_PRIORITY":
      return { kind, to: 0.95 };
    case "CONTAIN_CLUSTER":
      return { kind, banAccounts: true, refuseGoLive: true };
    case "SET_CONTROL":
      return { kind, scope: { kind: "ACCOUNT_AGE", value: "7" }, mode: "THROTTLED", maxStartsPerMin: 60 };
    default:
      return { kind };
  }
}

/**
 * Writes or edits a rule: the form for common conditions (rows joined by AND) or the CEL
 * expression for the rest, checked as you type with the server's own checker; the action and
 * its ceiling; and a backtest of the condition as written, before anything is saved.
 */
export function RuleEditor({ rule, canManage }: { rule: RuleSummary | null; canManage: boolean }) {
  const t = useTranslations("rules");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(rule?.name ?? "");
  const [description, setDescription] = useState(rule?.description ?? "");
  const initialRows = useMemo(() => (rule ? parseExpression(rule.expression) : [{ field: "event.score", op: ">=" as const, value: "0.9" }]), [rule]);
  const [form, setForm] = useState(initialRows !== null);
  const [rows, setRows] = useState<Clause[]>(initialRows ?? []);
  const [text, setText] = useState(rule?.expression ?? "");
  const [action, setAction] = useState<RuleAction>(rule?.action ?? { kind: "FLAG_FOR_REVIEW" });
  const [ceiling, setCeiling] = useState(String(rule?.ceilingPerMin ?? 100));
  const [note, setNote] = useState("");
  const built = form ? buildExpression(rows) : null;
  const expression = built ? ("expression" in built ? built.expression : "") : text;
  const check =
    built && "error" in built
      ? {
          ok: false as const,
          // i18n-keys: rules.editor.clause.*
          error: t("editor.row", {
            row: built.row + 1,
            error: t(`editor.clause.${built.problem.key}`, { field: built.problem.field, op: t(`op.${OP_KEY[built.problem.op]}`) }),
          }),
          at: null,
        }
      : checkExpression(expression);
  const ceilingN = Number(ceiling);
  const ceilingOk = Number.isInteger(ceilingN) && ceilingN >= 1 && 100_000 >= ceilingN;
  const nameOk = name.trim().length >= 3;
  const done = (id: string, msg: string) => {
    invalidateRules(qc, trpc);
    toast.success(msg);
    router.push(`/rules/${id}`);
  };
  const create = useMutation(
    trpc.rules.create.mutationOptions({
      onSuccess: (r) => done(r.id, t("editor.savedNew")),
      onError: (e) => toast.error(e.message),
    }),
  );
  const update = useMutation(
    trpc.rules.update.mutationOptions({
      onSuccess: (r) => done(r.id, r.droppedToShadow ? t("editor.savedShadow") : t("editor.saved")),
      onError: (e) => toast.error(e.message),
    }),
  );
  const saving = create.isPending || update.isPending;
  const canSave = canManage && check.ok && ceilingOk && nameOk && !saving;

  function save() {
    if (!canSave) return;
    const input = { name: name.trim(), description: description.trim(), expression, action, ceilingPerMin: ceilingN };
    if (rule) update.mutate({ ...input, id: rule.id, baseVersion: rule.version, note: note.trim() });
    else create.mutate(input);
  }

  function toExpression() {
    setText(expression);
    setForm(false);
  }
  function toForm() {
    const parsed = parseExpression(text);
    if (parsed === null) {
      toast.error(t("editor.cannotForm"));
      return;
    }
    setRows(parsed);
    setForm(true);
  }

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          save();
        }
      }}
      aria-label={rule ? t("editor.editLabel", { name: rule.name }) : t("editor.newLabel")}
    >
      <div className="grid gap-3 md:grid-cols-2">
        <Field label={t("editor.name")} error={name && !nameOk ? t("editor.nameShort") : null}>
          {(p) => <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} disabled={!canManage} />}
        </Field>
        <Field label={t("editor.why")}>
          {(p) => (
            <input {...p} className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} disabled={!canManage} />
          )}
        </Field>
      </div>

      <fieldset className="flex flex-col gap-2 rounded border border-line p-3">
        <legend className="px-1 text-sm font-semibold">{t("editor.when")}</legend>
        <div className="flex items-center gap-2 text-xs">
          <span className="text-muted">{t("editor.writeAs")}</span>
          <Button size="sm" variant={form ? "primary" : "secondary"} aria-pressed={form} onClick={() => (form ? null : toForm())} disabled={!canManage}>
            {t("editor.conditions")}
          </Button>
          <Button size="sm" variant={form ? "secondary" : "primary"} aria-pressed={!form} onClick={() => (form ? toExpression() : null)} disabled={!canManage}>
            {t("editor.expression")}
          </Button>
        </div>
        {form ? (
          <ConditionRows rows={rows} setRows={setRows} disabled={!canManage} />
        ) : (
          <ExpressionInput value={text} onChange={setText} disabled={!canManage} />
        )}
        <p role="status" aria-live="polite" data-testid="expression-check" className={`text-xs ${check.ok ? "text-ok" : "text-danger"}`}>
          {check.ok ? t("editor.valid") : check.error}
          {!check.ok && check.at !== null && !form ? t("editor.atChar", { n: check.at + 1 }) : ""}
        </p>
        {form ? (
          <p className="text-xs text-muted">
            {t("editor.asExpression")} <code className="break-all font-mono text-ink">{expression || "…"}</code>
          </p>
        ) : null}
      </fieldset>

      <fieldset className="flex flex-col gap-2 rounded border border-line p-3">
        <legend className="px-1 text-sm font-semibold">{t("editor.then")}</legend>
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t("editor.action")}>
            {(p) => (
              <select
                {...p}
                className={inputClass}
                value={action.kind}
                onChange={(e) => setAction(defaultAction(e.target.value as RuleActionKind))}
                disabled={!canManage}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {/* i18n-keys: rules.action.* */}
                    {t(`action.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ActionParams action={action} setAction={setAction} disabled={!canManage} />
          <Field label={t("editor.breaker")} error={ceilingOk ? null : t("editor.breakerRange")}>
            {(p) => (
              <input
                {...p}
                className={`${inputClass} w-32`}
                inputMode="numeric"
                value={ceiling}
                onChange={(e) => setCeiling(e.target.value)}
                disabled={!canManage}
              />
            )}
          </Field>
        </div>
        <p className="text-xs text-muted">{DESTRUCTIVE.has(action.kind) ? t("editor.destructive") : t("editor.harmless")}</p>
      </fieldset>

      {rule ? (
        <Field label={t("editor.note")}>
          {(p) => <input {...p} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} disabled={!canManage} />}
        </Field>
      ) : null}
      {canManage ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={!canSave}>
            {saving ? t("editor.saving") : rule ? t("editor.saveVersion", { version: rule.version + 1 }) : t("editor.saveOff")}
          </Button>
          <span className="text-xs text-muted">{t("editor.ctrlEnter")}</span>
        </div>
      ) : null}

      <BacktestPanel expression={check.ok ? expression : null} canRun={canManage} />
    </form>
  );
}

function ExpressionInput({ value, onChange, disabled }: { value: string; onChange: (v: string) => void; disabled: boolean }) {
  const te = useTranslations("rules.editor");
  const help = useFactHelp();
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="text-xs text-muted">
        {te("celHelp", { groups: GROUPS.join(", ") })}
      </label>
      <textarea
        id={id}
        aria-describedby={`${id}-facts`}
        className={`${inputClass} min-h-24 font-mono text-xs`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        disabled={disabled}
        data-testid="expression-input"
      />
      <details id={`${id}-facts`} className="text-xs text-muted">
        <summary className="cursor-pointer">{te("facts")}</summary>
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
          {FIELDS.map((f) => (
            <div key={f.key} className="contents">
              <dt>
                <code className="font-mono text-ink">{f.key}</code> <span className="text-muted">{f.type}</span>
              </dt>
              <dd>{help(f.key)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}

function ConditionRows({ rows, setRows, disabled }: { rows: Clause[]; setRows: (r: Clause[]) => void; disabled: boolean }) {
  const t = useTranslations("rules");
  const help = useFactHelp();
  const set = (i: number, c: Partial<Clause>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...c } : r)));
  return (
    <ul className="flex flex-col gap-2">
      {rows.map((r, i) => {
        const f = FIELDS.find((x) => x.key === r.field) ?? FIELDS[0];
        const ops = opsFor(f.type);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <li key={i} className="flex flex-wrap items-center gap-2" data-testid="condition-row">
            {i > 0 ? <span className="w-8 text-xs text-muted">{t("editor.and")}</span> : <span className="w-8 text-xs text-muted">{t("editor.if")}</span>}
            <select
              aria-label={t("editor.condFact", { n: i + 1 })}
              className={inputClass}
              value={r.field}
              disabled={disabled}
              onChange={(e) => {
                const nf = FIELDS.find((x) => x.key === e.target.value)!;
                set(i, { field: nf.key, op: opsFor(nf.type)[0], value: nf.type === "bool" ? "true" : "" });
              }}
            >
              {GROUPS.map((g) => (
                <optgroup key={g} label={g}>
                  {FIELDS.filter((x) => x.group === g).map((x) => (
                    <option key={x.key} value={x.key}>
                      {x.key}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <select
              aria-label={t("editor.condOp", { n: i + 1 })}
              className={inputClass}
              value={r.op}
              disabled={disabled}
              onChange={(e) => set(i, { op: e.target.value as Clause["op"] })}
            >
              {ops.map((o) => (
                <option key={o} value={o}>
                  {t(`op.${OP_KEY[o]}`)}
                </option>
              ))}
            </select>
            {f.type === "bool" ? (
              <select
                aria-label={t("editor.condValue", { n: i + 1 })}
                className={inputClass}
                value={r.value}
                disabled={disabled}
                onChange={(e) => set(i, { value: e.target.value })}
              >
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                aria-label={t("editor.condValue", { n: i + 1 })}
                className={`${inputClass} ${r.op === "in" ? "w-96" : "w-56"}`}
                value={r.value}
                disabled={disabled}
                placeholder={
                  r.op === "in"
                    ? t("editor.placeholderList")
                    : f.type === "string" || f.type === "list<string>"
                      ? t("editor.placeholderText")
                      : t("editor.placeholderNumber")
                }
                onChange={(e) => set(i, { value: e.target.value })}
              />
            )}
            <span className="text-xs text-muted">{help(f.key)}</span>
            {!disabled ? (
              <Button size="sm" variant="ghost" aria-label={t("editor.remove", { n: i + 1 })} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                ✕
              </Button>
            ) : null}
          </li>
        );
      })}
      {!disabled ? (
        <li>
          <Button size="sm" onClick={() => setRows([...rows, { field: "account.ageHours", op: "<", value: "72" }])}>
            {t("editor.add")}
          </Button>
        </li>
      ) : null}
    </ul>
  );
}

function ActionParams({ action, setAction, disabled }: { action: RuleAction; setAction: (a: RuleAction) => void; disabled: boolean }) {
  const ta = useTranslations("rules.editor");
  if (action.kind === "RAISE_PRIORITY") {
    return (
      <Field label={ta("risk")}>
        {(p) => (
          <input
            {...p}
            className={`${inputClass} w-24`}
            type="number"
            min={0.5}
            max={1}
            step={0.05}
            value={action.to}
            disabled={disabled}
            onChange={(e) => setAction({ ...action, to: Math.min(1, Math.max(0.5, Number(e.target.value) || 0.5)) })}
          />
        )}
      </Field>
    );
  }
  if (action.kind === "CONTAIN_CLUSTER") {
    return (
      <div className="flex gap-3 pb-1.5 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={action.banAccounts} disabled={disabled} onChange={(e) => setAction({ ...action, banAccounts: e.target.checked })} />{" "}
          {ta("banAccounts")}
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={action.refuseGoLive} disabled={disabled} onChange={(e) => setAction({ ...action, refuseGoLive: e.target.checked })} />{" "}
          {ta("refuseGoLive")}
        </label>
      </div>
    );
  }
  if (action.kind === "SET_CONTROL") {
    const scope = action.scope;
    return (
      <>
        <Field label={ta("scope")}>
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={scope.kind}
              disabled={disabled}
              onChange={(e) => {
                const k = e.target.value as typeof scope.kind;
                const value = k === "ACCOUNT_AGE" ? "7" : k === "CATEGORY" ? "Just Chatting" : k === "CLUSTER" ? "C-00000000" : "";
                setAction({ ...action, scope: { kind: k, value } as typeof scope });
              }}
            >
              <option value="ALL">{ta("scopeAll")}</option>
              <option value="ACCOUNT_AGE">{ta("scopeAge")}</option>
              <option value="UNVERIFIED">{ta("scopeUnverified")}</option>
              <option value="CATEGORY">{ta("scopeCategory")}</option>
            </select>
          )}
        </Field>
        {scope.kind === "ACCOUNT_AGE" || scope.kind === "CATEGORY" ? (
          <Field label={scope.kind === "ACCOUNT_AGE" ? ta("days") : ta("category")}>
            {(p) => (
              <input
                {...p}
                className={`${inputClass} w-32`}
                value={scope.value}
                disabled={disabled}
                onChange={(e) => setAction({ ...action, scope: { ...scope, value: e.target.value } as typeof scope })}
              />
            )}
          </Field>
        ) : null}
        <Field label={ta("mode")}>
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={action.mode}
              disabled={disabled}
              onChange={(e) => setAction({ ...action, mode: e.target.value as typeof action.mode })}
            >
              <option value="THROTTLED">{ta("modeThrottle")}</option>
              <option value="PAUSED">{ta("modePause")}</option>
              <option value="END_EXISTING">{ta("modeEnd")}</option>
            </select>
          )}
        </Field>
        {action.mode === "THROTTLED" ? (
          <Field label={ta("startsPerMin")}>
            {(p) => (
              <input
                {...p}
                className={`${inputClass} w-24`}
                inputMode="numeric"
                value={action.maxStartsPerMin ?? ""}
                disabled={disabled}
                onChange={(e) => setAction({ ...action, maxStartsPerMin: Math.max(1, Math.trunc(Number(e.target.value)) || 1) })}
              />
            )}
          </Field>
        ) : null}
      </>
    );
  }
  return null;
}
