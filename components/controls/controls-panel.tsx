"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { useFormat } from "@/components/ui/format";
import { useTranslations } from "use-intl";

type Kind = "ALL" | "ACCOUNT_AGE" | "UNVERIFIED" | "CATEGORY" | "CLUSTER";
type Mode = "OPEN" | "THROTTLED" | "PAUSED" | "END_EXISTING";
/** Each scope kind with the value it starts with (null: it takes none). */
const KINDS: [Kind, string | null][] = [
  ["ALL", null],
  ["ACCOUNT_AGE", "14"],
  ["UNVERIFIED", null],
  ["CATEGORY", "Just Chatting"],
  ["CLUSTER", "C-"],
];
const MODES: Mode[] = ["OPEN", "THROTTLED", "PAUSED", "END_EXISTING"];

/** A control's scope in words, in the reader's language ("Accounts younger than 7 days"). */
export function useScopeText(): (kind: string, value: string) => string {
  const ts = useTranslations("controls.scope");
  return (k, v) =>
    k === "ALL"
      ? ts("ALL")
      : k === "UNVERIFIED"
        ? ts("UNVERIFIED")
        : k === "ACCOUNT_AGE"
          ? ts("ACCOUNT_AGE", { days: Number(v) })
          : k === "CATEGORY"
            ? ts("CATEGORY", { value: v })
            : ts("CLUSTER", { value: v });
}

/** The kill switch: throttle, pause or end streams for a scope; restore in stages; roll back. */
export function ControlsPanel({ canManage }: { canManage: boolean }) {
  const t = useTranslations("controls");
  const f = useFormat();
  const scopeText = useScopeText();
  // i18n-keys: controls.kinds.*
  // i18n-keys: controls.modes.*
  // i18n-keys: controls.modeOption.*
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
      setMsg({ text: t("done"), error: false });
      return qc.invalidateQueries(trpc.controls.list.pathFilter());
    },
    onError: (e: { message: string }) => setMsg({ text: e.message, error: true }),
  };
  const set = useMutation(
    trpc.controls.set.mutationOptions({
      ...opts,
      onSuccess: (r) => {
        setMsg({ text: r.ended ? t("doneEnded", { count: r.ended }) : t("done"), error: false });
        return qc.invalidateQueries(trpc.controls.list.pathFilter());
      },
    }),
  );
  const restore = useMutation(trpc.controls.restore.mutationOptions(opts));
  const rollback = useMutation(trpc.controls.rollback.mutationOptions(opts));
  const needsValue = KINDS.find((k) => k[0] === kind)![1] !== null;
  const scope = { kind, value: needsValue ? value.trim() : "" } as never;
  const scopeOk =
    !needsValue ||
    (kind === "ACCOUNT_AGE" ? /^\d{1,4}$/.test(value.trim()) : kind === "CLUSTER" ? /^C-[0-9a-f]{8}$/.test(value.trim()) : value.trim().length > 0);
  const preview = useQuery({ ...trpc.controls.preview.queryOptions({ scope }), enabled: canManage && scopeOk, staleTime: 10_000 });

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 p-6">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="text-sm text-muted">{t("intro")}</p>
      {canManage ? (
        <form
          aria-label={t("form.label")}
          className="flex flex-wrap items-end gap-3 rounded border border-line bg-panel p-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ scope, mode, maxStartsPerMin: mode === "THROTTLED" ? max : null, reason });
          }}
        >
          <label className="flex flex-col gap-1 text-xs text-muted">
            {t("form.scope")}
            <select
              className={inputClass}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setValue(KINDS.find((k) => k[0] === e.target.value)![1] ?? "");
              }}
            >
              {KINDS.map(([k]) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {kind === "ACCOUNT_AGE" ? (
            <label className="flex flex-col gap-1 text-xs text-muted">
              {t("form.registeredWithin")}
              <select className={inputClass} value={value} onChange={(e) => setValue(e.target.value)} data-testid="age-choice">
                {[1, 3, 7, 14, 30, 90].map((d) => {
                  const row = preview.data?.ladder?.find((l) => l.days === d);
                  return (
                    <option key={d} value={String(d)}>
                      {row ? t("form.ageLadder", { days: d, live: row.live, flagged: row.flagged }) : t("form.age", { days: d })}
                    </option>
                  );
                })}
              </select>
            </label>
          ) : needsValue ? (
            <label className="flex flex-col gap-1 text-xs text-muted">
              {kind === "CATEGORY" ? t("form.category") : t("form.clusterId")}
              <input className={inputClass} value={value} onChange={(e) => setValue(e.target.value)} />
            </label>
          ) : null}
          <label className="flex flex-col gap-1 text-xs text-muted">
            {t("form.mode")}
            <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`modeOption.${m}`)}
                </option>
              ))}
            </select>
          </label>
          {mode === "THROTTLED" ? (
            <label className="flex flex-col gap-1 text-xs text-muted">
              {t("form.startsPerMin")}
              <input type="number" min={1} className={`${inputClass} w-28`} value={max} onChange={(e) => setMax(Number(e.target.value))} />
            </label>
          ) : null}
          <label className="flex min-w-[16rem] flex-1 flex-col gap-1 text-xs text-muted">
            {t("form.reason")}
            <input className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t("form.reasonPlaceholder")} />
          </label>
          <Button type="submit" variant="danger" disabled={set.isPending || reason.trim().length < 3}>
            {t("form.apply")}
          </Button>
          <p className="w-full text-xs text-muted" role="status" data-testid="scope-preview">
            {preview.data
              ? mode === "END_EXISTING"
                ? t("form.previewEnding", { live: preview.data.live, flagged: preview.data.flagged, streamers: preview.data.streamers })
                : t("form.preview", { live: preview.data.live, flagged: preview.data.flagged, streamers: preview.data.streamers })
              : preview.isFetching
                ? t("form.counting")
                : ""}
          </p>
        </form>
      ) : null}
      {canManage ? (
        <label className="flex items-center gap-2 text-xs text-muted">
          {t("holdBefore")}
          <input
            type="number"
            min={1}
            max={3600}
            value={hold}
            onChange={(e) => setHold(Number(e.target.value))}
            className={`${inputClass} w-20 py-1`}
            aria-label={t("holdLabel")}
          />
          {t("holdAfter")}
        </label>
      ) : null}
      {msg ? (
        <p role="status" className={`text-sm ${msg.error ? "text-danger" : "text-ok"}`}>
          {msg.text}
        </p>
      ) : null}
      <table className="w-full text-sm">
        <caption className="sr-only">{t("table.caption")}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            {[t("table.scope"), t("table.mode"), t("table.restore"), t("table.changed", { zone: f.zone }), t("table.by")].map((h) => (
              <th key={h} scope="col" className="py-2 pr-3 font-medium">
                {h}
              </th>
            ))}
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">{t("table.actions")}</span>
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
                    {c.maxStartsPerMin ? t("perMin", { mode: t(`modes.${c.mode}`), max: c.maxStartsPerMin }) : t(`modes.${c.mode}`)}
                  </Badge>
                </td>
                <td className="tabular py-2 pr-3" data-testid="restore-state">
                  {c.restorePercent !== null ? t("restoreAt", { pct: c.restorePercent, plan: c.restorePlan.join("→") }) : c.mode === "OPEN" ? "100%" : "—"}
                </td>
                <td className="tabular py-2 pr-3 text-muted">{f.dateTime(c.updatedAt.getTime())}</td>
                <td className="py-2 pr-3 text-muted">{c.updatedByEmail}</td>
                <td className="py-2 text-right">
                  {canManage && c.mode !== "OPEN" ? (
                    c.restorePercent === null ? (
                      <Button size="sm" onClick={() => restore.mutate({ scope: s, plan: [10, 50, 100], holdSec: hold })}>
                        {t("stagedRestore")}
                      </Button>
                    ) : (
                      <Button size="sm" variant="danger" onClick={() => rollback.mutate({ scope: s })}>
                        {t("rollBack")}
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
          {t("empty")}
        </p>
      ) : null}
    </div>
  );
}
