"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { fmtDateTime, fmtInt } from "@/components/ui/format";

type Kind = "ALL" | "ACCOUNT_AGE" | "UNVERIFIED" | "CATEGORY" | "CLUSTER";
type Mode = "OPEN" | "THROTTLED" | "PAUSED" | "END_EXISTING";
const KINDS: [Kind, string, string | null][] = [
  ["ALL", "All live starts", null],
  ["ACCOUNT_AGE", "Young accounts", "14"],
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
        setMsg({ text: r.ended ? `Done: ${fmtInt(r.ended)} stream${r.ended === 1 ? "" : "s"} ended.` : "Done.", error: false });
        return qc.invalidateQueries(trpc.controls.list.pathFilter());
      },
    }),
  );
  const restore = useMutation(trpc.controls.restore.mutationOptions(opts));
  const rollback = useMutation(trpc.controls.rollback.mutationOptions(opts));
  const needsValue = KINDS.find((k) => k[0] === kind)![2] !== null;
  const scope = { kind, value: needsValue ? value.trim() : "" } as never;
  const scopeOk =
    !needsValue ||
    (kind === "ACCOUNT_AGE" ? /^\d{1,4}$/.test(value.trim()) : kind === "CLUSTER" ? /^C-[0-9a-f]{8}$/.test(value.trim()) : value.trim().length > 0);
  const preview = useQuery({ ...trpc.controls.preview.queryOptions({ scope }), enabled: canManage && scopeOk, staleTime: 10_000 });

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-6">
      <h1 className="text-lg font-semibold">Live controls</h1>
      <p className="text-sm text-muted">Levers on the platform itself. Every change is audited and written to the open incident&apos;s timeline.</p>
      {canManage ? (
        <form
          aria-label="Set a control"
          className="flex flex-wrap items-end gap-3 rounded border border-line bg-panel p-3 text-sm"
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
          {kind === "ACCOUNT_AGE" ? (
            <label className="flex flex-col gap-1 text-xs text-muted">
              Registered within
              <select className={inputClass} value={value} onChange={(e) => setValue(e.target.value)} data-testid="age-choice">
                {[1, 3, 7, 14, 30, 90].map((d) => {
                  const row = preview.data?.ladder?.find((l) => l.days === d);
                  return (
                    <option key={d} value={String(d)}>
                      {d} day{d === 1 ? "" : "s"}
                      {row ? ` — ${fmtInt(row.live)} live (${fmtInt(row.flagged)} flagged)` : ""}
                    </option>
                  );
                })}
              </select>
            </label>
          ) : needsValue ? (
            <label className="flex flex-col gap-1 text-xs text-muted">
              {kind === "CATEGORY" ? "Category" : "Cluster id"}
              <input className={inputClass} value={value} onChange={(e) => setValue(e.target.value)} />
            </label>
          ) : null}
          <label className="flex flex-col gap-1 text-xs text-muted">
            Mode
            <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
              <option value="OPEN">Open</option>
              <option value="THROTTLED">Throttled</option>
              <option value="PAUSED">Paused (no new starts)</option>
              <option value="END_EXISTING">End existing streams</option>
            </select>
          </label>
          {mode === "THROTTLED" ? (
            <label className="flex flex-col gap-1 text-xs text-muted">
              Starts a minute
              <input type="number" min={1} className={`${inputClass} w-28`} value={max} onChange={(e) => setMax(Number(e.target.value))} />
            </label>
          ) : null}
          <label className="flex min-w-[16rem] flex-1 flex-col gap-1 text-xs text-muted">
            Reason
            <input
              className={inputClass}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="why (kept in the audit log and on the incident)"
            />
          </label>
          <Button type="submit" variant="danger" disabled={set.isPending || reason.trim().length < 3}>
            Apply
          </Button>
          <p className="w-full text-xs text-muted" role="status" data-testid="scope-preview">
            {preview.data
              ? `In this scope now: ${fmtInt(preview.data.live)} live room${preview.data.live === 1 ? "" : "s"} (${fmtInt(preview.data.flagged)} flagged) from ${fmtInt(preview.data.streamers)} streamer${preview.data.streamers === 1 ? "" : "s"}.${mode === "END_EXISTING" ? ` All ${fmtInt(preview.data.live)} would be ended.` : ""}`
              : preview.isFetching
                ? "Counting who this scope covers…"
                : ""}
          </p>
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
            {["Scope", "Mode", "Restore", "Changed (UTC)", "By"].map((h) => (
              <th key={h} scope="col" className="py-2 pr-3 font-medium">
                {h}
              </th>
            ))}
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
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
                <td className="tabular py-2 pr-3 text-muted">{fmtDateTime(c.updatedAt.getTime())}</td>
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
      {list.data && list.data.length === 0 ? (
        <p className="text-sm text-muted" data-testid="controls-empty">
          No controls in force: every live start is open.
        </p>
      ) : null}
    </div>
  );
}
