"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";

type Kind = "ALL" | "ACCOUNT_AGE" | "UNVERIFIED" | "CATEGORY" | "CLUSTER";
type Mode = "OPEN" | "THROTTLED" | "PAUSED" | "END_EXISTING";
const KINDS: [Kind, string, string | null][] = [
  ["ALL", "All live starts", null],
  ["ACCOUNT_AGE", "Accounts younger than (days)", "7"],
  ["UNVERIFIED", "Unverified accounts", null],
  ["CATEGORY", "Category", "Just Chatting"],
  ["CLUSTER", "Cluster", "C-"],
];
/** A control's scope in words ("Accounts younger than 7 days"). */
export const scopeText = (k: string, v: string) =>
  k === "ALL"
    ? "All live starts"
    : k === "UNVERIFIED"
      ? "Unverified accounts"
      : k === "ACCOUNT_AGE"
        ? `Accounts younger than ${v} days`
        : k === "CATEGORY"
          ? `Category “${v}”`
          : `Cluster ${v}`;

/** The kill switch: throttle, pause or end streams for a scope; restore in stages; roll back. */
export function ControlsPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.controls.list.queryOptions());
  const [kind, setKind] = useState<Kind>("ALL");
  const [value, setValue] = useState("");
  const [mode, setMode] = useState<Mode>("PAUSED");
  const [max, setMax] = useState(100);
  const [reason, setReason] = useState("");
  const [hold, setHold] = useState(60);
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const opts = {
    onSuccess: () => {
      setMsg({ text: "Done.", error: false });
      return qc.invalidateQueries(trpc.controls.list.pathFilter());
    },
    onError: (e: { message: string }) => setMsg({ text: e.message, error: true }),
  };
  const set = useMutation(
    trpc.controls.set.mutationOptions({
      ...opts,
      onSuccess: (r) => {
        setMsg({ text: r.ended ? `Done: ${r.ended} streams ended.` : "Done.", error: false });
        return qc.invalidateQueries(trpc.controls.list.pathFilter());
      },
    }),
  );
  const restore = useMutation(trpc.controls.restore.mutationOptions(opts));
  const rollback = useMutation(trpc.controls.rollback.mutationOptions(opts));
  const needsValue = KINDS.find((k) => k[0] === kind)![2] !== null;
  const scope = { kind, value: needsValue ? value.trim() : "" } as never;

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-6">
      <h1 className="text-lg font-semibold">Live controls</h1>
      <p className="text-sm text-muted">Levers on the platform itself. Every change is audited and written to the open incident&apos;s timeline.</p>
      {canManage ? (
        <form
          aria-label="Set a control"
          className="grid grid-cols-[1.2fr_1fr_1fr_0.6fr_1.4fr_auto] items-end gap-2 rounded border border-line bg-panel p-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ scope, mode, maxStartsPerMin: mode === "THROTTLED" ? max : null, reason });
          }}
        >
          <label className="flex flex-col gap-1 text-xs text-muted">
            Scope
            <select
              className={inputClass}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setValue(KINDS.find((k) => k[0] === e.target.value)![2] ?? "");
              }}
            >
              {KINDS.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-xs text-muted">
            Value
            <input className={inputClass} value={value} disabled={!needsValue} onChange={(e) => setValue(e.target.value)} />
          </label>
          <label className="flex flex-col gap-1 text-xs text-muted">
            Mode
            <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
              <option value="OPEN">Open</option>
              <option value="THROTTLED">Throttled</option>
              <option value="PAUSED">Paused (no new starts)</option>
              <option value="END_EXISTING">End existing streams</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-xs text-muted">
            Starts/min
            <input type="number" min={1} className={inputClass} value={max} disabled={mode !== "THROTTLED"} onChange={(e) => setMax(Number(e.target.value))} />
          </label>
          <label className="flex flex-col gap-1 text-xs text-muted">
            Reason
            <input className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why" />
          </label>
          <Button type="submit" variant="danger" disabled={set.isPending}>
            Apply
          </Button>
        </form>
      ) : null}
      {canManage ? (
        <label className="flex items-center gap-2 text-xs text-muted">
          Staged restore: hold each stage for
          <input
            type="number"
            min={1}
            max={3600}
            value={hold}
            onChange={(e) => setHold(Number(e.target.value))}
            className={`${inputClass} w-20 py-1`}
            aria-label="Seconds to hold each restore stage"
          />
          seconds
        </label>
      ) : null}
      {msg ? (
        <p role="status" className={`text-sm ${msg.error ? "text-danger" : "text-ok"}`}>
          {msg.text}
        </p>
      ) : null}
      <table className="w-full text-sm">
        <caption className="sr-only">Controls in force</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {["Scope", "Mode", "Restore", "Changed", "By", ""].map((h) => (
              <th key={h || "actions"} scope="col" className="py-2 pr-3 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.data?.map((c) => {
            const s = { kind: c.scopeKind, value: c.scopeValue } as never;
            return (
              <tr key={c.id} className="border-b border-line/60" data-testid="control-row" data-scope={`${c.scopeKind}:${c.scopeValue}`}>
                <td className="py-2 pr-3">{scopeText(c.scopeKind, c.scopeValue)}</td>
                <td className="py-2 pr-3">
                  <Badge tone={c.mode === "PAUSED" ? "danger" : c.mode === "THROTTLED" ? "warn" : "ok"}>
                    {c.mode.toLowerCase()}
                    {c.maxStartsPerMin ? ` ${c.maxStartsPerMin}/min` : ""}
                  </Badge>
                </td>
                <td className="tabular py-2 pr-3" data-testid="restore-state">
                  {c.restorePercent !== null ? `${c.restorePercent}% of ${c.restorePlan.join("→")}%` : c.mode === "OPEN" ? "100%" : "—"}
                </td>
                <td className="py-2 pr-3 text-muted">{c.updatedAt.toLocaleTimeString()}</td>
                <td className="py-2 pr-3 text-muted">{c.updatedByEmail}</td>
                <td className="py-2 text-right">
                  {canManage && c.mode !== "OPEN" ? (
                    c.restorePercent === null ? (
                      <Button size="sm" onClick={() => restore.mutate({ scope: s, plan: [10, 50, 100], holdSec: hold })}>
                        Staged restore 10→50→100%
                      </Button>
                    ) : (
                      <Button size="sm" variant="danger" onClick={() => rollback.mutate({ scope: s })}>
                        Roll back
                      </Button>
                    )
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
