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
import { BacktestPanel } from "./backtest-panel";
import { buildExpression, FIELDS, OP_LABEL, opsFor, parseExpression, type Clause } from "./condition-builder";

const KINDS = Object.keys(ACTION_LABEL) as RuleActionKind[];
const GROUPS = ["event", "room", "account", "cluster"] as const;

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
  const check = built && "error" in built ? { ok: false as const, error: `Row ${built.row + 1}: ${built.error}`, at: null } : checkExpression(expression);
  const ceilingN = Number(ceiling);
  const ceilingOk = Number.isInteger(ceilingN) && ceilingN >= 1 && ceilingN <= 100_000;
  const nameOk = name.trim().length >= 3;
  const done = (id: string, msg: string) => {
    invalidateRules(qc, trpc);
    toast.success(msg);
    router.push(`/rules/${id}`);
  };
  const create = useMutation(
    trpc.rules.create.mutationOptions({
      onSuccess: (r) => done(r.id, "Rule saved, off. Backtest it, then run it in shadow."),
      onError: (e) => toast.error(e.message),
    }),
  );
  const update = useMutation(
    trpc.rules.update.mutationOptions({
      onSuccess: (r) =>
        done(r.id, r.droppedToShadow ? "Saved. It takes rooms down, so it is back in shadow until a second shift lead approves the new version." : "Saved."),
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
      toast.error("This expression uses more than the form can show (or, brackets, functions): keep editing it as an expression.");
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
      aria-label={rule ? `Edit rule ${rule.name}` : "New rule"}
    >
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="Name" error={name && !nameOk ? "At least 3 characters" : null}>
          {(p) => <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} disabled={!canManage} />}
        </Field>
        <Field label="Why it exists (shown to moderators on marked rooms)">
          {(p) => (
            <input {...p} className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} disabled={!canManage} />
          )}
        </Field>
      </div>

      <fieldset className="flex flex-col gap-2 rounded border border-line p-3">
        <legend className="px-1 text-sm font-semibold">When</legend>
        <div className="flex items-center gap-2 text-xs">
          <span className="text-muted">Write it as</span>
          <Button size="sm" variant={form ? "primary" : "secondary"} aria-pressed={form} onClick={() => (form ? null : toForm())} disabled={!canManage}>
            Conditions (all must hold)
          </Button>
          <Button size="sm" variant={form ? "secondary" : "primary"} aria-pressed={!form} onClick={() => (form ? toExpression() : null)} disabled={!canManage}>
            Expression (CEL)
          </Button>
        </div>
        {form ? (
          <ConditionRows rows={rows} setRows={setRows} disabled={!canManage} />
        ) : (
          <ExpressionInput value={text} onChange={setText} disabled={!canManage} />
        )}
        <p role="status" aria-live="polite" data-testid="expression-check" className={`text-xs ${check.ok ? "text-ok" : "text-danger"}`}>
          {check.ok ? "✓ A valid condition." : check.error}
          {!check.ok && check.at !== null && !form ? ` (at character ${check.at + 1})` : ""}
        </p>
        {form ? (
          <p className="text-xs text-muted">
            As an expression: <code className="break-all font-mono text-ink">{expression || "…"}</code>
          </p>
        ) : null}
      </fieldset>

      <fieldset className="flex flex-col gap-2 rounded border border-line p-3">
        <legend className="px-1 text-sm font-semibold">Then</legend>
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Action">
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
                    {ACTION_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ActionParams action={action} setAction={setAction} disabled={!canManage} />
          <Field label="Breaker: at most (actions a minute)" error={ceilingOk ? null : "1 to 100,000"}>
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
        <p className="text-xs text-muted">
          {DESTRUCTIVE.has(action.kind)
            ? "This action takes rooms down or stops streams: enforcing it needs a second shift lead. Above the ceiling the rule drops to shadow and every lead is alerted."
            : "This action takes nothing down: a lead can enforce it alone. Above the ceiling the rule drops to shadow and every lead is alerted."}
        </p>
      </fieldset>

      {rule ? (
        <Field label="What changed and why (kept in the rule's history)">
          {(p) => <input {...p} className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} disabled={!canManage} />}
        </Field>
      ) : null}
      {canManage ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={!canSave}>
            {saving ? "Saving…" : rule ? `Save as version ${rule.version + 1}` : "Save rule (off)"}
          </Button>
          <span className="text-xs text-muted">Ctrl+Enter saves.</span>
        </div>
      ) : null}

      <BacktestPanel expression={check.ok ? expression : null} canRun={canManage} />
    </form>
  );
}

function ExpressionInput({ value, onChange, disabled }: { value: string; onChange: (v: string) => void; disabled: boolean }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="text-xs text-muted">
        A CEL expression that is true or false. Facts: {GROUPS.join(", ")} (see the list below).
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
        <summary className="cursor-pointer">Facts a rule can read</summary>
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
          {FIELDS.map((f) => (
            <div key={f.key} className="contents">
              <dt>
                <code className="font-mono text-ink">{f.key}</code> <span className="text-muted">{f.type}</span>
              </dt>
              <dd>{f.help}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}

function ConditionRows({ rows, setRows, disabled }: { rows: Clause[]; setRows: (r: Clause[]) => void; disabled: boolean }) {
  const set = (i: number, c: Partial<Clause>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...c } : r)));
  return (
    <ul className="flex flex-col gap-2">
      {rows.map((r, i) => {
        const f = FIELDS.find((x) => x.key === r.field) ?? FIELDS[0];
        const ops = opsFor(f.type);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
          <li key={i} className="flex flex-wrap items-center gap-2" data-testid="condition-row">
            {i > 0 ? <span className="w-8 text-xs text-muted">and</span> : <span className="w-8 text-xs text-muted">if</span>}
            <select
              aria-label={`Condition ${i + 1}: fact`}
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
              aria-label={`Condition ${i + 1}: comparison`}
              className={inputClass}
              value={r.op}
              disabled={disabled}
              onChange={(e) => set(i, { op: e.target.value as Clause["op"] })}
            >
              {ops.map((o) => (
                <option key={o} value={o}>
                  {OP_LABEL[o]}
                </option>
              ))}
            </select>
            {f.type === "bool" ? (
              <select
                aria-label={`Condition ${i + 1}: value`}
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
                aria-label={`Condition ${i + 1}: value`}
                className={`${inputClass} ${r.op === "in" ? "w-96" : "w-56"}`}
                value={r.value}
                disabled={disabled}
                placeholder={r.op === "in" ? "a, b, c" : f.type === "string" || f.type === "list<string>" ? "text" : "number"}
                onChange={(e) => set(i, { value: e.target.value })}
              />
            )}
            <span className="text-xs text-muted">{f.help}</span>
            {!disabled ? (
              <Button size="sm" variant="ghost" aria-label={`Remove condition ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                ✕
              </Button>
            ) : null}
          </li>
        );
      })}
      {!disabled ? (
        <li>
          <Button size="sm" onClick={() => setRows([...rows, { field: "account.ageHours", op: "<", value: "72" }])}>
            + Add a condition
          </Button>
        </li>
      ) : null}
    </ul>
  );
}

function ActionParams({ action, setAction, disabled }: { action: RuleAction; setAction: (a: RuleAction) => void; disabled: boolean }) {
  if (action.kind === "RAISE_PRIORITY") {
    return (
      <Field label="Risk at least (0.5–1)">
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
          Ban its accounts
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={action.refuseGoLive} disabled={disabled} onChange={(e) => setAction({ ...action, refuseGoLive: e.target.checked })} />{" "}
          Refuse go-live to its signals
        </label>
      </div>
    );
  }
  if (action.kind === "SET_CONTROL") {
    const scope = action.scope;
    return (
      <>
        <Field label="Scope">
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
              <option value="ALL">All live starts</option>
              <option value="ACCOUNT_AGE">Accounts younger than (days)</option>
              <option value="UNVERIFIED">Unverified accounts</option>
              <option value="CATEGORY">Category</option>
            </select>
          )}
        </Field>
        {scope.kind === "ACCOUNT_AGE" || scope.kind === "CATEGORY" ? (
          <Field label={scope.kind === "ACCOUNT_AGE" ? "Days" : "Category"}>
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
        <Field label="Mode">
          {(p) => (
            <select
              {...p}
              className={inputClass}
              value={action.mode}
              disabled={disabled}
              onChange={(e) => setAction({ ...action, mode: e.target.value as typeof action.mode })}
            >
              <option value="THROTTLED">Throttle new live starts</option>
              <option value="PAUSED">Pause new live starts</option>
              <option value="END_EXISTING">Pause and end existing streams</option>
            </select>
          )}
        </Field>
        {action.mode === "THROTTLED" ? (
          <Field label="Starts a minute">
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
